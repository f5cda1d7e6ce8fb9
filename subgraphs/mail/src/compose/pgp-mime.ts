import { randomBytes } from 'node:crypto';

import * as openpgp from 'openpgp';

import type { ThaicertOpenpgpKey } from '../../../../platform/thaicert-openpgp-key.js';

export interface MailHeaders {
  from: string;
  to: string;
  subject: string;
  messageId: string;
  date: Date;
}

/** RFC 2047 encoded-word (UTF-8, base64), in pieces short enough for a header line. */
export function encodeHeaderText(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  const words: string[] = [];
  let chunk = '';
  for (const char of value) {
    if (Buffer.byteLength(chunk + char) > 42) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word).toString('base64')}?=`).join('\r\n ');
}

const base64Lines = (data: string) =>
  Buffer.from(data)
    .toString('base64')
    .replace(/.{1,76}/g, '$&\r\n');

/** The readable part: UTF-8 text in base64, lines ending CRLF (the canonical form a signature covers, RFC 3156 §5). */
export function textPart(body: string): string {
  return `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(body)}`;
}

const boundary = () => `----=_ThaiCERT_${randomBytes(12).toString('hex')}`;

function headerBlock(headers: MailHeaders, contentType: string): string {
  return [
    `From: ${headers.from}`,
    `To: ${headers.to}`,
    `Subject: ${encodeHeaderText(headers.subject)}`,
    `Date: ${headers.date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: ${headers.messageId}`,
    'MIME-Version: 1.0',
    'Auto-Submitted: auto-generated',
    `Content-Type: ${contentType}`,
    '',
    '',
  ].join('\r\n');
}

/**
 * PGP/MIME, RFC 3156 §6.2: the text part signed by ThaiCERT and encrypted to the contact's key in
 * one OpenPGP message, inside multipart/encrypted.
 */
export async function encryptedMessage(headers: MailHeaders, body: string, recipientKey: openpgp.PublicKey, thaicert: ThaicertOpenpgpKey) {
  const inner = textPart(body);
  const encrypted = await openpgp.encrypt({
    message: await openpgp.createMessage({ binary: new TextEncoder().encode(inner) }),
    encryptionKeys: recipientKey,
    signingKeys: thaicert.privateKey,
    format: 'armored',
  });
  const b = boundary();
  return (
    headerBlock(headers, `multipart/encrypted; protocol="application/pgp-encrypted"; boundary="${b}"`) +
    `This is an OpenPGP/MIME encrypted message (RFC 3156).\r\n` +
    `--${b}\r\nContent-Type: application/pgp-encrypted\r\nContent-Description: PGP/MIME version identification\r\n\r\nVersion: 1\r\n\r\n` +
    `--${b}\r\nContent-Type: application/octet-stream; name="encrypted.asc"\r\nContent-Description: OpenPGP encrypted message\r\nContent-Disposition: inline; filename="encrypted.asc"\r\n\r\n` +
    `${encrypted.replace(/\r?\n/g, '\r\n')}\r\n--${b}--\r\n`
  );
}

/** PGP/MIME, RFC 3156 §5: the text part in clear, with ThaiCERT's detached signature over exactly its bytes (multipart/signed). */
export async function signedMessage(headers: MailHeaders, body: string, thaicert: ThaicertOpenpgpKey) {
  const inner = textPart(body);
  const signature = await thaicert.signDetached(inner);
  const { packets } = await openpgp.readSignature({ armoredSignature: signature });
  const hash = openpgp.enums.read(openpgp.enums.hash, packets[0]!.hashAlgorithm as number).toLowerCase();
  const b = boundary();
  return (
    headerBlock(headers, `multipart/signed; micalg="pgp-${hash}"; protocol="application/pgp-signature"; boundary="${b}"`) +
    `This is an OpenPGP/MIME signed message (RFC 3156).\r\n` +
    `--${b}\r\n${inner}\r\n--${b}\r\nContent-Type: application/pgp-signature; name="signature.asc"\r\nContent-Description: OpenPGP digital signature\r\nContent-Disposition: attachment; filename="signature.asc"\r\n\r\n` +
    `${signature.replace(/\r?\n/g, '\r\n')}\r\n--${b}--\r\n`
  );
}
