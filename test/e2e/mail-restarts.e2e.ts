import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { published } from '../advisories.js';
import { startGraph, type TestGraph } from '../graph.js';
import { newOrganization, type TestOrganization } from '../incidents.js';
import { startRelay, type TestRelay } from '../smtp-relay.js';

/**
 * Nothing is lost or sent twice: the mail subgraph stopped while the relay is slow, mid-batch,
 * resumes where it stopped; a relay that is down is retried with backoff until it takes the mail,
 * once.
 */
let graph: TestGraph;
let relay: TestRelay;
let bank: TestOrganization;
const emails: string[] = [];

const DELIVERIES = `query ($filter: MailDeliveryFilter) { mailDeliveries(filter: $filter, first: 100) { totalCount edges { node {
  id status attempts messageId recipientEmail lastError } } } }`;

async function deliveries(advisoryId: string) {
  const res = await graph.query(DELIVERIES, { token: graph.tokens.thaicert, variables: { filter: { advisoryId } } });
  expect(res.errors).toBeUndefined();
  return (res.data!.mailDeliveries.edges as { node: Record<string, any> }[]).map((e) => e.node);
}

async function until<T>(what: () => Promise<T>, holds: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await what();
    if (holds(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  relay = await startRelay();
  graph = await startGraph({
    SMTP_URL: relay.url,
    MAIL_FROM: 'ThaiCERT <alerts@thaicert.test>',
    MAIL_POLL_INTERVAL_MS: '50',
    MAIL_RETRY_BASE_MS: '200',
    MAIL_RETRY_MAX_MS: '400',
  });
  bank = await newOrganization(graph);
  for (let i = 0; i < 8; i++) {
    const email = `${randomUUID()}@restart.example`;
    const res = await graph.query(
      `mutation ($org: ID!, $input: PointOfContactInput!) { addPointOfContact(organizationId: $org, input: $input) { id } }`,
      { token: graph.tokens.thaicert, variables: { org: bank.id, input: { fullName: `ผู้ติดต่อ ${i}`, email, mobilePhone: '081 234 5678' } } },
    );
    expect(res.errors).toBeUndefined();
    emails.push(email);
  }
  // The demo data's own mail (its incidents' receipts, its advisories) drains first.
  await until(
    async () =>
      (await graph.query(`{ mailDeliveries(filter: { statuses: [PENDING, RETRYING] }) { totalCount } }`, { token: graph.tokens.thaicert }))
        .data,
    (data) => data?.mailDeliveries.totalCount === 0,
    60_000,
  );
});

afterAll(async () => {
  await graph?.close();
  await relay?.close();
});

/** An advisory addressed to the bank alone (TLP:RED), so its mail goes to our eight contacts only. */
const toTheBank = () => published(graph, { tlp: 'RED', recipientOrganizationIds: [bank.id] });

describe('the mail outbox', () => {
  it('loses and duplicates nothing when the mail subgraph is stopped mid-batch and started again', async () => {
    relay.delayMs = 400;
    const advisory = await toTheBank();
    const mine = () => relay.received.filter((m) => m.parsed.subject?.includes(advisory.identifier));
    await relay.waitFor(() => mine().length >= 2);
    // Stopped while mail is in flight to the slow relay: what is in flight finishes, the rest waits in the outbox.
    await graph.restartSubgraph('mail', async () => {
      // Down, with part of the batch sent and the rest still in the outbox.
      expect(mine().length).toBeLessThan(emails.length);
    });
    relay.delayMs = 0;
    const settled = await until(
      () => deliveries(advisory.id),
      (rows) => rows.length === emails.length && rows.every((r) => r.status === 'SENT'),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Each contact got it once, under the Message-ID its row gave it.
    expect(
      mine()
        .flatMap((m) => m.envelopeTo)
        .sort(),
    ).toEqual([...emails].sort());
    expect(
      mine()
        .map((m) => m.messageId)
        .sort(),
    ).toEqual(settled.map((r) => r.messageId).sort());
    expect(settled.every((r) => r.attempts === 1)).toBe(true);
  });

  it('retries a relay that is down with backoff, and delivers once when it is back', async () => {
    relay.down = true;
    const advisory = await toTheBank();
    const mine = () => relay.received.filter((m) => m.parsed.subject?.includes(advisory.identifier));
    const failing = await until(
      () => deliveries(advisory.id),
      (rows) => rows.length === emails.length && rows.every((r) => r.status === 'RETRYING' && r.attempts >= 2),
    );
    expect(failing[0]!.lastError).toMatch(/421|down/);
    expect(mine()).toHaveLength(0);
    relay.down = false;
    const settled = await until(
      () => deliveries(advisory.id),
      (rows) => rows.every((r) => r.status === 'SENT'),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(
      mine()
        .flatMap((m) => m.envelopeTo)
        .sort(),
    ).toEqual([...emails].sort());
    expect(new Set(mine().map((m) => m.messageId)).size).toBe(emails.length);
    expect(
      mine()
        .map((m) => m.messageId)
        .sort(),
    ).toEqual(settled.map((r) => r.messageId).sort());
  });
});
