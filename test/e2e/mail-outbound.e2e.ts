import { randomUUID } from 'node:crypto';

import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { published } from '../advisories.js';
import { demo, regulatorCaller, startGraph, TEST_THAICERT_OPENPGP_KEY, type TestGraph } from '../graph.js';
import { hoursAgo, minimalReport, newOrganization, notified, type TestOrganization } from '../incidents.js';
import { makeOpenPgpKey } from '../openpgp-keys.js';
import { openMail, startRelay, type RelayedMail, type TestRelay } from '../smtp-relay.js';

/**
 * Outbound mail through a real SMTP relay (smtp-server): each advisory reaches exactly the
 * organizations that may read it under TLP, each submission is receipted, the ก2 deadline is
 * announced; encrypted to the contact's key when it has one, signed by ThaiCERT's key, and
 * TLP:AMBER and above never in clear.
 */
let graph: TestGraph;
let relay: TestRelay;
let thaicert: openpgp.PublicKey;

const ADD_CONTACT = `mutation ($org: ID!, $input: PointOfContactInput!) { addPointOfContact(organizationId: $org, input: $input) { id } }`;

interface Contact {
  id: string;
  email: string;
  privateKey?: string;
}

async function addContact(organization: TestOrganization, withKey: boolean): Promise<Contact> {
  const email = `${randomUUID()}@mail-test.example`;
  const key = withKey ? await makeOpenPgpKey('Duty Officer', email) : undefined;
  const res = await graph.query(ADD_CONTACT, {
    token: organization.token,
    variables: {
      org: organization.id,
      input: { fullName: 'เจ้าหน้าที่ทดสอบ', email, mobilePhone: '081 234 5678', pgpPublicKey: key?.publicKey },
    },
  });
  expect(res.errors).toBeUndefined();
  return { id: res.data!.addPointOfContact.id, email, privateKey: key?.privateKey };
}

let bank: TestOrganization; // in the advisories' target sector
let telco: TestOrganization; // outside it
let hospital: TestOrganization; // named as a recipient, in a third sector
const contacts = new Map<string, Contact[]>();

beforeAll(async () => {
  relay = await startRelay();
  graph = await startGraph({
    SMTP_URL: relay.url,
    MAIL_FROM: 'ThaiCERT <alerts@thaicert.test>',
    MAIL_POLL_INTERVAL_MS: '50',
    MAIL_RETRY_BASE_MS: '100',
    MAIL_RETRY_MAX_MS: '400',
  });
  thaicert = (await openpgp.readPrivateKey({ armoredKey: TEST_THAICERT_OPENPGP_KEY })).toPublic();
  bank = await newOrganization(graph);
  telco = await newOrganization(graph, demo.regulator('nbtc'), 'IT_TELECOM');
  hospital = await newOrganization(graph, demo.regulator('nbtc'), 'IT_TELECOM');
  contacts.set(bank.id, [await addContact(bank, true), await addContact(bank, false)]);
  contacts.set(telco.id, [await addContact(telco, true)]);
  contacts.set(hospital.id, [await addContact(hospital, true)]);
  // The demo data's own mail (its incidents' receipts, its advisories to every demo contact) drains first.
  for (let i = 0; i < 900; i++) {
    const res = await graph.query(`{ mailDeliveries(filter: { statuses: [PENDING, RETRYING] }) { totalCount } }`, {
      token: graph.tokens.thaicert,
    });
    if (res.data?.mailDeliveries.totalCount === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});

afterAll(async () => {
  await graph?.close();
  await relay?.close();
});

const ours = () => [...contacts.values()].flat();
const organizationOf = (email: string) => [...contacts].find(([, list]) => list.some((c) => c.email === email))![0];

/** Until the advisories subgraph's copy of the registry knows our organizations (its audience can only name those). */
let known = false;
async function untilAdvisoriesKnow(organizations: TestOrganization[]) {
  if (known) return;
  known = true;
  // Addressed to the last registered alone, so the probe's own mail stays small.
  const last = organizations.at(-1)!;
  const probe = await published(graph, { tlp: 'RED', recipientOrganizationIds: [last.id] });
  for (let i = 0; i < 200; i++) {
    const res = await graph.asService('advisories', 'query ($id: ID!) { advisoryMailing(id: $id) { audienceOrganizationIds } }', {
      id: probe.id,
    });
    const audience: string[] = res.data?.advisoryMailing?.audienceOrganizationIds ?? [];
    // The copy follows the registry in order: knowing the last registered, it knows the others.
    if (audience.includes(last.id)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the advisories subgraph never learned of the test organizations');
}

/** What each of our contacts received about the advisory (by its identifier in the subject). */
const receivedAbout = (identifier: string): RelayedMail[] => relay.received.filter((m) => m.parsed.subject?.includes(identifier));

describe('advisories by mail, to the TLP audience', () => {
  it.each(['CLEAR', 'GREEN', 'AMBER', 'AMBER_STRICT', 'RED'])(
    'TLP:%s reaches exactly the organizations that may read it in the console',
    async (tlp) => {
      await untilAdvisoriesKnow([bank, telco, hospital]);
      const advisory = await published(graph, { tlp, targetSectorIds: ['BANKING_FINANCE'], recipientOrganizationIds: [hospital.id] });
      // Who may read it, as the console answers each organization.
      const readers = new Set<string>();
      for (const organization of [bank, telco, hospital]) {
        const res = await graph.query('query ($id: ID!) { advisory(id: $id) { id } }', {
          token: organization.token,
          variables: { id: advisory.id },
        });
        if (res.data?.advisory) readers.add(organization.id);
      }
      const expected = ours().filter((c) => readers.has(organizationOf(c.email)));
      expect(expected.length).toBeGreaterThan(0);
      await relay.waitFor(() => expected.every((c) => relay.to(c.email).some((m) => m.parsed.subject?.includes(advisory.identifier))));
      // Give a wrong recipient the time to arrive too, then compare.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const recipients = receivedAbout(advisory.identifier).flatMap((m) => m.envelopeTo);
      const oursReached = ours()
        .map((c) => c.email)
        .filter((email) => recipients.includes(email));
      expect(oursReached.sort()).toEqual(expected.map((c) => c.email).sort());
      // Once each.
      for (const c of expected) expect(relay.to(c.email).filter((m) => m.parsed.subject?.includes(advisory.identifier))).toHaveLength(1);

      for (const contact of expected) {
        const [mail] = relay.to(contact.email).filter((m) => m.parsed.subject?.includes(advisory.identifier));
        const opened = await openMail(mail!, thaicert, contact.privateKey);
        expect(opened.signatureVerified).toBe(true);
        expect(opened.encrypted).toBe(!!contact.privateKey);
        const restricted = !['CLEAR', 'GREEN'].includes(tlp);
        if (!contact.privateKey && restricted) {
          // Never in clear: a notice without content, pointing to the console.
          expect(opened.text).not.toContain(String(advisory.titleEn ?? 'Test advisory'));
          expect(opened.text).not.toContain('English summary');
          expect(opened.text).toContain('OpenPGP');
          expect(mail!.parsed.subject).not.toContain('Test advisory');
        } else {
          expect(opened.text).toContain('English summary');
          // Thai first, then English.
          expect(opened.text.indexOf('สรุปภาษาไทย')).toBeGreaterThanOrEqual(0);
          expect(opened.text.indexOf('สรุปภาษาไทย')).toBeLessThan(opened.text.indexOf('English summary'));
        }
        expect(mail!.parsed.messageId).toMatch(/@thaicert\.test>?$/);
      }
    },
  );
});

describe('incident mail', () => {
  it('receipts a notification to the organization’s contacts: encrypted with the content, or a notice without it', async () => {
    const incident = await notified(graph, bank);
    const [withKey, withoutKey] = contacts.get(bank.id)!;
    await relay.waitFor(() => [withKey!, withoutKey!].every((c) => relay.to(c.email).some((m) => m.parsed.subject?.includes('Receipt'))));
    const opened = await openMail(
      relay.to(withKey!.email).find((m) => m.parsed.subject?.includes('Receipt'))!,
      thaicert,
      withKey!.privateKey,
    );
    expect(opened).toMatchObject({ encrypted: true, signatureVerified: true });
    expect(opened.text).toContain(incident.id);
    expect(opened.text).toContain('Revision: 1');
    // The signature verdict, as the incidents subgraph recorded it (this one came unsigned through GraphQL).
    expect(opened.text).toContain('Signature: UNSIGNED');
    expect(opened.text).toContain('ลายมือชื่อ: UNSIGNED');
    const notice = await openMail(
      relay.to(withoutKey!.email).find((m) => m.parsed.subject?.includes('Receipt'))!,
      thaicert,
    );
    expect(notice).toMatchObject({ encrypted: false, signatureVerified: true });
    expect(notice.text).not.toContain(incident.id.slice(0, 8) + 'x');
    expect(notice.text).toContain(`incidents/${incident.id}`);
    expect(notice.text).not.toContain('Revision');
    // Other organizations' contacts were told nothing of it.
    for (const c of [...contacts.get(telco.id)!, ...contacts.get(hospital.id)!])
      expect(relay.to(c.email).filter((m) => m.parsed.subject?.includes('Receipt'))).toHaveLength(0);
  });

  it('announces the ก2 deadline approaching and missed (mandatory mail)', async () => {
    const soon = await notified(graph, telco, minimalReport({ detectedAt: hoursAgo(23) }));
    const late = await notified(graph, telco, minimalReport({ detectedAt: hoursAgo(30) }));
    const [contact] = contacts.get(telco.id)!;
    const about = async (subject: string, incidentId: string) => {
      for (const mail of relay.to(contact!.email).filter((m) => m.parsed.subject?.includes(subject))) {
        const opened = await openMail(mail, thaicert, contact!.privateKey);
        if (opened.text.includes(incidentId)) return opened;
      }
      return null;
    };
    let approaching = null;
    let missed = null;
    for (let i = 0; i < 200 && !(approaching && missed); i++) {
      approaching ??= await about('due soon', soon.id);
      missed ??= await about('overdue', late.id);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(approaching?.text).toContain('is due by');
    expect(missed?.text).toContain('has not been filed');
  });
});

describe('the delivery status (THAICERT/NCSA)', () => {
  const DELIVERIES = `query ($filter: MailDeliveryFilter) { mailDeliveries(filter: $filter, first: 50) { totalCount edges { node {
    id kind status attempts recipientEmail contactId organizationId incidentId messageId encrypted withheld sentAt lastError } } } }`;

  it('lists each mail with its status, and an incident’s mail history through the gateway', async () => {
    const incident = await notified(graph, hospital);
    const [contact] = contacts.get(hospital.id)!;
    await relay.waitFor(() => relay.to(contact!.email).some((m) => m.parsed.subject?.includes('Receipt')));
    let node: Record<string, unknown> | undefined;
    for (let i = 0; i < 50 && node?.status !== 'SENT'; i++) {
      const res = await graph.query(DELIVERIES, { token: graph.tokens.thaicert, variables: { filter: { incidentId: incident.id } } });
      expect(res.errors).toBeUndefined();
      node = res.data!.mailDeliveries.edges[0]?.node;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(node).toMatchObject({
      kind: 'SUBMISSION_RECEIPT',
      status: 'SENT',
      attempts: 1,
      recipientEmail: contact!.email,
      contactId: contact!.id,
      organizationId: hospital.id,
      encrypted: true,
      withheld: false,
    });
    expect(relay.to(contact!.email).map((m) => m.messageId)).toContain(node!.messageId);

    const history = await graph.query('query ($id: ID!) { incident(id: $id) { id mailHistory { kind status recipientEmail } } }', {
      token: graph.tokens.ncsa,
      variables: { id: incident.id },
    });
    expect(history.errors).toBeUndefined();
    expect(history.data!.incident.mailHistory).toEqual([{ kind: 'SUBMISSION_RECEIPT', status: 'SENT', recipientEmail: contact!.email }]);
  });

  it('is for THAICERT and NCSA only', async () => {
    for (const token of [graph.tokens.organization, graph.tokens.regulator]) {
      const res = await graph.query(DELIVERIES, { token });
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });
});

describe('opt-outs', () => {
  const OPT_OUT = `mutation ($contactId: ID!, $kind: MailKind!, $declined: Boolean!) {
    setMailOptOut(contactId: $contactId, kind: $kind, declined: $declined) { contactId declined } }`;

  it('a contact declines advisories (not mandatory mail): kept as OPTED_OUT, not sent; its organization or ThaiCERT decides', async () => {
    const [contact] = contacts.get(telco.id)!;
    const refused = await graph.query(OPT_OUT, {
      token: bank.token,
      variables: { contactId: contact!.id, kind: 'ADVISORY_PUBLISHED', declined: true },
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const mandatory = await graph.query(OPT_OUT, {
      token: telco.token,
      variables: { contactId: contact!.id, kind: 'REPORT_DEADLINE_MISSED', declined: true },
    });
    expect(mandatory.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const declined = await graph.query(OPT_OUT, {
      token: telco.token,
      variables: { contactId: contact!.id, kind: 'ADVISORY_PUBLISHED', declined: true },
    });
    expect(declined.errors).toBeUndefined();
    expect(declined.data!.setMailOptOut).toEqual({ contactId: contact!.id, declined: ['ADVISORY_PUBLISHED'] });

    const advisory = await published(graph, { tlp: 'CLEAR' });
    const rows = async () =>
      (
        await graph.query(`query ($f: MailDeliveryFilter) { mailDeliveries(filter: $f) { edges { node { contactId status } } } }`, {
          token: graph.tokens.thaicert,
          variables: { f: { advisoryId: advisory.id, organizationId: telco.id } },
        })
      ).data!.mailDeliveries.edges.map((e: { node: unknown }) => e.node);
    for (let i = 0; i < 100 && (await rows()).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await rows()).toEqual([{ contactId: contact!.id, status: 'OPTED_OUT' }]);
    // Others still get it.
    await relay.waitFor(() => relay.to(contacts.get(bank.id)![0]!.email).some((m) => m.parsed.subject?.includes(advisory.identifier)));
    expect(relay.to(contact!.email).filter((m) => m.parsed.subject?.includes(advisory.identifier))).toHaveLength(0);

    const back = await graph.query(OPT_OUT, {
      token: graph.tokens.thaicert,
      variables: { contactId: contact!.id, kind: 'ADVISORY_PUBLISHED', declined: false },
    });
    expect(back.data!.setMailOptOut.declined).toEqual([]);
  });
});

describe('regulator notices (clause 4)', () => {
  const ADD_MAILBOX = `mutation ($regulatorId: ID!, $email: String!, $key: String) {
    addRegulatorMailbox(regulatorId: $regulatorId, email: $email, pgpPublicKey: $key) { id regulatorId email pgpFingerprint } }`;

  it('notifies the supervising regulator’s mailboxes of a new notification, encrypted, and records that it did', async () => {
    const email = `${randomUUID()}@regulator.example`;
    const key = await makeOpenPgpKey('BOT cyber desk', email);
    const other = await graph.query(ADD_MAILBOX, {
      token: await graph.token(regulatorCaller(demo.regulator('nbtc'))),
      variables: { regulatorId: demo.regulatorId, email, key: key.publicKey },
    });
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const added = await graph.query(ADD_MAILBOX, {
      token: graph.tokens.regulator,
      variables: { regulatorId: demo.regulatorId, email, key: key.publicKey },
    });
    expect(added.errors).toBeUndefined();
    expect(added.data!.addRegulatorMailbox.pgpFingerprint).toMatch(/^[0-9A-F]{40,64}$/);

    const incident = await notified(graph, bank); // supervised by the demo regulator
    const elsewhere = await notified(graph, telco); // supervised by another
    await relay.waitFor(() => relay.to(email).some((m) => m.parsed.subject?.includes('New cyber threat notification')));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const notices = relay.to(email);
    expect(notices).toHaveLength(1);
    const opened = await openMail(notices[0]!, thaicert, key.privateKey);
    expect(opened).toMatchObject({ encrypted: true, signatureVerified: true });
    expect(opened.text).toContain(incident.id);
    expect(opened.text).not.toContain(elsewhere.id);
    expect(opened.text).toContain('Incident Test Bank');

    const history = await graph.query('query ($id: ID!) { incident(id: $id) { mailHistory { kind status recipientEmail regulatorId } } }', {
      token: graph.tokens.thaicert,
      variables: { id: incident.id },
    });
    expect(history.data!.incident.mailHistory).toContainEqual({
      kind: 'REGULATOR_NOTICE',
      status: 'SENT',
      recipientEmail: email,
      regulatorId: demo.regulatorId,
    });
  });
});
