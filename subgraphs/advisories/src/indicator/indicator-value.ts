import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';

import { isEmail } from 'class-validator';

import { HashAlgorithm, IndicatorKind } from '../../../../contracts/advisory-vocabulary.js';
import { invalidField, ProblemCode } from '../../../../platform/errors.js';

/** An indicator's value as stored and shared: normalized, and for a hash its algorithm. */
export interface NormalizedValue {
  value: string;
  hashAlgorithm: HashAlgorithm | null;
}

const HASH_LENGTHS: Record<number, HashAlgorithm> = { 32: HashAlgorithm.MD5, 40: HashAlgorithm.SHA1, 64: HashAlgorithm.SHA256 };
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const MAX_URL = 2048;

const refuse = (code: ProblemCode, message: string) => invalidField('value', code, `value: ${message}`);

/** A domain name in its ASCII (punycode) form, lower case, without a final dot; null when it is not one. */
function domainName(text: string): string | null {
  const ascii = domainToASCII(text.replace(/\.$/, '').toLowerCase());
  if (!ascii || ascii.length > 253) return null;
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label)) || /^\d+$/.test(labels.at(-1)!)) return null;
  return ascii;
}

/** An IP address as it is written canonically: IPv4 dotted quad, IPv6 compressed lower case (RFC 5952, as WHATWG URL writes it). */
function ipAddress(text: string): string | null {
  const version = isIP(text);
  if (version === 4) return text;
  if (version === 6) return new URL(`http://[${text}]/`).hostname.slice(1, -1);
  return null;
}

/**
 * Validates and normalizes an indicator's value for its kind, or refuses it with BAD_USER_INPUT on
 * `value` (invalidFields codes BAD_FORMAT, WRONG_LENGTH, NOT_A_URL, NOT_AN_EMAIL, TOO_LONG).
 */
export function normalizeIndicatorValue(kind: IndicatorKind, raw: string): NormalizedValue {
  const text = raw.trim();
  if (!text) throw refuse(ProblemCode.REQUIRED, 'an indicator needs a value');
  if (text.length > MAX_URL) throw refuse(ProblemCode.TOO_LONG, `at most ${MAX_URL} characters`);
  switch (kind) {
    case IndicatorKind.IP_ADDRESS: {
      const ip = ipAddress(text);
      if (!ip) throw refuse(ProblemCode.BAD_FORMAT, 'not an IPv4 or IPv6 address');
      return { value: ip, hashAlgorithm: null };
    }
    case IndicatorKind.DOMAIN_NAME: {
      const domain = domainName(text);
      if (!domain) throw refuse(ProblemCode.BAD_FORMAT, 'not a domain name');
      return { value: domain, hashAlgorithm: null };
    }
    case IndicatorKind.URL: {
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        throw refuse(ProblemCode.NOT_A_URL, 'not a URL');
      }
      if (!['http:', 'https:', 'ftp:'].includes(url.protocol) || !url.hostname)
        throw refuse(ProblemCode.NOT_A_URL, 'an http, https or ftp URL with a host');
      return { value: url.href, hashAlgorithm: null };
    }
    case IndicatorKind.FILE_HASH: {
      const hex = text.toLowerCase();
      if (!/^[0-9a-f]+$/.test(hex)) throw refuse(ProblemCode.BAD_FORMAT, 'a file hash is written in hexadecimal digits');
      const algorithm = HASH_LENGTHS[hex.length];
      if (!algorithm) throw refuse(ProblemCode.WRONG_LENGTH, 'an MD5 (32), SHA-1 (40) or SHA-256 (64) hash in hexadecimal digits');
      return { value: hex, hashAlgorithm: algorithm };
    }
    case IndicatorKind.EMAIL_ADDRESS: {
      const at = text.lastIndexOf('@');
      const domain = at > 0 ? domainName(text.slice(at + 1)) : null;
      const address = domain ? `${text.slice(0, at)}@${domain}` : text;
      if (!domain || !isEmail(address)) throw refuse(ProblemCode.NOT_AN_EMAIL, 'not an e-mail address');
      return { value: address, hashAlgorithm: null };
    }
  }
}
