import { randomBytes, randomUUID } from 'node:crypto';

import nodemailer from 'nodemailer';
import * as openpgp from 'openpgp';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startGraph, TEST_THAICERT_OPENPGP_KEY, type TestGraph } from '../graph.js';
import { minimalReport, newOrganization, type TestOrganization } from '../incidents.js';
import { makeOpenPgpKey } from '../openpgp-keys.js';
import { openMail, startRelay, type TestRelay } from '../smtp-relay.js';

/**
 * Reports by PGP mail: a real SMTP client sends PGP/MIME mail to the reporting address; a message
 * encrypted to ThaiCERT's key and signed by a registered contact's key is filed as that
 * organization (once, however often it is sent) and answered encrypted; anything else is kept,
 * refused and never filed; every message is kept raw, encrypted at rest.
 */
let graph: TestGraph;
let relay: TestRelay;
let intakePort: number;
let thaicertPrivate: openpgp.PrivateKey;
let bank: TestOrganization;
let contact: { id: string; email: string; privateKey: string };
let db: pg.Client;

const ADDRESS = 'report@thaicert.test';

beforeAll(async () => {
  relay = await startRelay();
  graph = await startGraph({
    SMTP_URL: relay.url,
    MAIL_FROM: 'ThaiCERT <alerts@thaicert.test>',
    MAIL_POLL_INTERVAL_MS: '50',
    MAIL_INTAKE_PORT: '0',
    MAIL_INTAKE_ADDRESS: ADDRESS,
    MAIL_INTAKE_MAX_BYTES: String(64 * 1024),
    MAIL_INTAKE_PER_SENDER_PER_HOUR: '5',
  });
  intakePort = await graph.metric('mail', 'mail_intake_port');
  thaicertPrivate = await openpgp.readPrivateKey({ armoredKey: TEST_THAICERT_OPENPGP_KEY });
  bank = await newOrganization(graph);
  const email = `${randomUUID()}@bank.example`;
  const key = await makeOpenPgpKey('ผู้รายงาน', email);
  const res = await graph.query(
    `mutation ($org: ID!, $input: PointOfContactInput!) { addPointOfContact(organizationId: $org, input: $input) { id } }`,
    {
      token: bank.token,
      variables: { org: bank.id, input: { fullName: 'ผู้รายงาน', email, mobilePhone: '081 234 5678', pgpPublicKey: key.publicKey } },
    },
  );
  expect(res.errors).toBeUndefined();
  contact = { id: res.data!.addPointOfContact.id, email, privateKey: key.privateKey };
  db = new pg.Client({ connectionString: graph.databaseUrl });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
  await graph?.close();
  await relay?.close();
});

/** The MIME entity a reporting tool puts inside the encryption: a line of text and the JSON attachment. */
function entity(submission: unknown): string {
  const b = `inner-${randomUUID()}`;
  return (
    `Content-Type: multipart/mixed; boundary="${b}"\r\n\r\n` +
    `--${b}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nรายงานเหตุ / Incident report\r\n` +
    `--${b}\r\nContent-Type: application/json; name="report.json"\r\nContent-Disposition: attachment; filename="report.json"\r\nContent-Transfer-Encoding: base64\r\n\r\n` +
    `${Buffer.from(JSON.stringify(submission)).toString('base64')}\r\n--${b}--\r\n`
  );
}

/** RFC 3156 §6.2 as a reporting tool sends it: signed with `signingKey` (if any) and encrypted to ThaiCERT's key. */
async function pgpMail(from: string, submission: unknown, signingKey?: string, messageId = `<${randomUUID()}@bank.example>`) {
  const encrypted = await openpgp.encrypt({
    message: await openpgp.createMessage({ binary: Buffer.from(entity(submission)) }),
    encryptionKeys: thaicertPrivate.toPublic(),
    ...(signingKey && { signingKeys: await openpgp.readPrivateKey({ armoredKey: signingKey }) }),
  });
  const b = `outer-${randomUUID()}`;
  const raw =
    `From: ${from}\r\nTo: ${ADDRESS}\r\nSubject: report\r\nMessage-ID: ${messageId}\r\nDate: ${new Date().toUTCString()}\r\nMIME-Version: 1.0\r\n` +
    `Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="${b}"\r\n\r\n` +
    `--${b}\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n\r\n` +
    `--${b}\r\nContent-Type: application/octet-stream; name="encrypted.asc"\r\n\r\n${encrypted}\r\n--${b}--\r\n`;
  return { raw, messageId };
}

async function send(from: string, raw: string) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: intakePort, secure: false, ignoreTLS: true });
  try {
    return await transport.sendMail({ envelope: { from, to: [ADDRESS] }, raw });
  } finally {
    transport.close();
  }
}

async function kept(messageId: string) {
  for (let i = 0; i < 100; i++) {
    const { rows } = await db.query(`select * from "mail"."inbound_message" where "message_id" = $1`, [messageId]);
    if (rows[0] && rows[0].status !== 'RECEIVED') return rows[0] as Record<string, any>;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${messageId} was never settled`);
}

const incidentCount = async () =>
  (await graph.query('{ incidents(first: 1) { totalCount } }', { token: bank.token })).data!.incidents.totalCount as number;

const replies = (about: string) => relay.to(contact.email).filter((m) => m.parsed.subject?.includes(about));

describe('reports by PGP mail', () => {
  it('files a signed, encrypted report as the organization, once however often it is sent, and answers it encrypted', async () => {
    const submission = { operation: 'notifyIncident', input: { continuity: 'NEW', report: minimalReport() } };
    const { raw, messageId } = await pgpMail(contact.email, submission, contact.privateKey);
    await send(contact.email, raw);
    const row = await kept(messageId);
    expect(row).toMatchObject({
      status: 'FILED',
      organization_id: bank.id,
      contact_id: contact.id,
      operation: 'notifyIncident',
      revision: 1,
    });
    // Kept exactly as received, encrypted to ThaiCERT's key.
    const { data } = await openpgp.decrypt({
      message: await openpgp.readMessage({ armoredMessage: row.raw_encrypted }),
      decryptionKeys: thaicertPrivate,
      format: 'binary',
    });
    expect(Buffer.from(data as Uint8Array).toString('utf8')).toContain(`Message-ID: ${messageId}`);
    expect(row.raw_encrypted).not.toContain('CAT4');

    const incident = await graph.query('query ($id: ID!) { incident(id: $id) { id currentRevision organization { id } } }', {
      token: bank.token,
      variables: { id: row.incident_id },
    });
    expect(incident.data!.incident).toEqual({ id: row.incident_id, currentRevision: 1, organization: { id: bank.id } });

    await relay.waitFor(() => replies('was filed').length > 0);
    const answer = await openMail(replies('was filed')[0]!, thaicertPrivate.toPublic(), contact.privateKey);
    expect(answer).toMatchObject({ encrypted: true, signatureVerified: true });
    expect(answer.text).toContain(row.incident_id);
    expect(answer.text).toContain('Revision: 1');

    // The same message again: nothing new filed, nothing new answered.
    const before = await incidentCount();
    await send(contact.email, raw);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await incidentCount()).toBe(before);
    expect(replies('was filed')).toHaveLength(1);
  });

  it('keeps and refuses an unsigned report, never files it, and tells the contact why', async () => {
    const before = await incidentCount();
    const { raw, messageId } = await pgpMail(contact.email, { operation: 'notifyIncident', input: { report: minimalReport() } });
    await send(contact.email, raw);
    const row = await kept(messageId);
    expect(row).toMatchObject({ status: 'REFUSED', incident_id: null, refusal_reasons: ['not signed'] });
    expect(await incidentCount()).toBe(before);
    // The registered contact it claims to come from is told, at its registered address and encrypted to its key.
    await relay.waitFor(() => replies('refused').length > 0);
    const answer = await openMail(replies('refused')[0]!, thaicertPrivate.toPublic(), contact.privateKey);
    expect(answer).toMatchObject({ encrypted: true, signatureVerified: true });
    expect(answer.text).toContain('not signed');
    expect(answer.text).toContain(messageId);
  });

  it('keeps and refuses mail from an unknown sender, signed by a key nobody registered, without answering it', async () => {
    const stranger = await makeOpenPgpKey('Stranger', 'stranger@elsewhere.example');
    const { raw, messageId } = await pgpMail('stranger@elsewhere.example', { operation: 'notifyIncident', input: {} }, stranger.privateKey);
    await send('stranger@elsewhere.example', raw);
    const row = await kept(messageId);
    expect(row.status).toBe('REFUSED');
    expect(row.refusal_reasons[0]).toMatch(/no registered point of contact/);
    expect(relay.received.filter((m) => m.envelopeTo.includes('stranger@elsewhere.example'))).toHaveLength(0);
  });

  it('refuses what the incidents subgraph refuses, with its reasons, to the signing contact', async () => {
    const { raw, messageId } = await pgpMail(
      contact.email,
      { operation: 'notifyIncident', input: { report: minimalReport({ categories: ['CAT9_EXPLAINED_ANOMALY'] }) } },
      contact.privateKey,
    );
    await send(contact.email, raw);
    const row = await kept(messageId);
    expect(row.status).toBe('REFUSED');
    expect(row.refusal_reasons[0]).toMatch(/^BAD_USER_INPUT: /);
    await relay.waitFor(() => replies('refused').length > 1);
    const answer = await openMail(replies('refused')[1]!, thaicertPrivate.toPublic(), contact.privateKey);
    expect(answer.text).toContain('BAD_USER_INPUT');
    expect(answer.text).toContain(messageId);
  });

  it('refuses a message over the size limit, and a sender over its hourly rate', async () => {
    await expect(send(contact.email, `Subject: big\r\n\r\n${randomBytes(100 * 1024).toString('base64')}\r\n`)).rejects.toThrow(/552|size/i);
    const flood = 'flood@elsewhere.example';
    for (let i = 0; i < 5; i++) await send(flood, `From: ${flood}\r\nMessage-ID: <${randomUUID()}@x>\r\nSubject: ${i}\r\n\r\nhello\r\n`);
    await expect(send(flood, `From: ${flood}\r\nSubject: 6\r\n\r\nhello\r\n`)).rejects.toThrow(/451|Too many/);
  });
});
