import { readFile } from 'node:fs/promises';

import { Supergraph } from '@apollo/federation-internals';
import { isInputObjectType, isObjectType, type GraphQLNamedType } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';

import { Role, type SignedInCaller } from '../../platform/caller.js';
import { published } from '../advisories.js';
import { demo, useGraph } from '../graph.js';
import { newOrganization, notified, submitReport, type TestOrganization } from '../incidents.js';
import { makeOpenPgpKey } from '../openpgp-keys.js';
import { connect, type Subscription, type WsConnection } from '../ws-client.js';

/**
 * Every restricted read is audited, whatever the transport: each field or type the schema marks
 * `@auditedRead` is read over HTTP by one reader and over a subscription by two, and each reader
 * gets one audit line per record for each response or event that delivered it.
 */
const graph = useGraph();

/** What reads one audited coordinate, over HTTP and as an event. */
interface AuditedCase {
  /** The restricted read it is recorded as. */
  action: string;
  /** Who reads it (a fresh subject per reader). */
  reader: (subject: string) => SignedInCaller;
  stream: 'incidentEvents' | 'advisoryEvents';
  /** The selection under the event's record (`incident` or `advisory`), also used over HTTP. */
  selection: string;
  /** The records each read concerns. */
  targets: () => string[];
}

let bank: TestOrganization;
let incidentId: string;
let contactIds: string[];
let amberId: string;

const thaicert = (subject: string): SignedInCaller => ({ role: Role.THAICERT, subject });
const botDesk = (subject: string): SignedInCaller => ({ role: Role.REGULATOR, subject, regulatorId: demo.regulatorId });
const incidentCase = (action: string, selection: string): AuditedCase => ({
  action,
  reader: thaicert,
  stream: 'incidentEvents',
  selection,
  targets: () => [incidentId],
});
const contactCase = (field: string): AuditedCase => ({
  action: 'CONTACT_DETAILS',
  reader: thaicert,
  stream: 'incidentEvents',
  selection: `organization { pointsOfContact { id ${field} } }`,
  targets: () => contactIds,
});

/** Keyed by schema coordinate; the test fails when the schema marks one not listed here. */
const CASES: Record<string, AuditedCase> = {
  'Incident.cveIds': incidentCase('INCIDENT_PART_TWO', 'cveIds'),
  'Incident.analystNotes': incidentCase('ANALYST_NOTES', 'analystNotes { text }'),
  'IncidentReport.partTwo': incidentCase('INCIDENT_PART_TWO', 'report { partTwo { cveIds } }'),
  'IncidentRevision.partTwoChanges': incidentCase('INCIDENT_PART_TWO', 'revisions { partTwoChanges { field } }'),
  PrintableForm: incidentCase('INCIDENT_PART_TWO', 'printableForm { html }'),
  'PointOfContact.email': contactCase('email'),
  'PointOfContact.officePhone': contactCase('officePhone'),
  'PointOfContact.mobilePhone': contactCase('mobilePhone'),
  'PointOfContact.pgpPublicKey': contactCase('pgpPublicKey'),
  'PointOfContact.pgpFingerprint': contactCase('pgpFingerprint'),
  // The address each receipt of the incident was mailed to is the contact's detail too.
  'MailDelivery.recipientEmail': { ...contactCase('email'), selection: 'mailHistory { recipientEmail }' },
  Advisory: { action: 'ADVISORY_AMBER', reader: botDesk, stream: 'advisoryEvents', selection: 'titleEn', targets: () => [amberId] },
};

/** Every coordinate the composed schema marks `@auditedRead` (output types and their fields). */
async function auditedCoordinates(): Promise<string[]> {
  const supergraph = Supergraph.build(await readFile(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8'));
  const schema = supergraph.schema.toGraphQLJSSchema();
  const api = supergraph.apiSchema().toGraphQLJSSchema();
  const marked = (node: { astNode?: { directives?: readonly { name: { value: string } }[] } | null }) =>
    node.astNode?.directives?.some((d) => d.name.value === 'auditedRead') ?? false;
  const coordinates: string[] = [];
  for (const type of Object.values(schema.getTypeMap()) as GraphQLNamedType[]) {
    if (isInputObjectType(type) || !isObjectType(type) || !api.getType(type.name)) continue;
    if (marked(type)) coordinates.push(type.name);
    for (const field of Object.values(type.getFields())) if (marked(field)) coordinates.push(`${type.name}.${field.name}`);
  }
  return coordinates.sort();
}

interface Line {
  subject: string;
  requestId: string;
  action: string;
  targetId: string;
}

/** The READ lines of these subjects, once at least `atLeast` have reached NCSA's trail (or 10 s passed). */
async function readLines(subjects: string[], atLeast: number): Promise<Line[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const lines: Line[] = [];
    for (const subject of subjects) {
      const res = await graph().query(
        `query ($filter: AuditFilter) { auditTrail(first: 100, filter: $filter) { edges { node { subject requestId action targetId } } } }`,
        { token: graph().tokens.ncsa, variables: { filter: { subject, kind: 'READ' } } },
      );
      expect(res.errors).toBeUndefined();
      lines.push(...(res.data!.auditTrail.edges as { node: Line }[]).map((e) => e.node));
    }
    if (lines.length >= atLeast || Date.now() > deadline) return lines;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const recordOf = (stream: AuditedCase['stream']) => (stream === 'incidentEvents' ? 'incident' : 'advisory');

beforeAll(async () => {
  const g = graph();
  bank = await newOrganization(g);
  // Every detail filled in, so that every audited field of every contact is returned (a null is not a read).
  for (const [i, key] of [
    await makeOpenPgpKey('Audit SOC', 'soc0@audit.example'),
    await makeOpenPgpKey('Audit CIO', 'soc1@audit.example'),
  ].entries()) {
    const added = await g.query(
      `mutation ($org: ID!, $input: PointOfContactInput!) { addPointOfContact(organizationId: $org, input: $input) { id } }`,
      {
        token: g.tokens.thaicert,
        variables: {
          org: bank.id,
          input: {
            fullName: `ผู้ติดต่อ ${i}`,
            position: 'SOC',
            email: `soc${i}@audit.example`,
            officePhone: '02 123 4567',
            mobilePhone: '081 234 5678',
            pgpPublicKey: key.publicKey,
            isPrimary: i === 0,
            available24x7: true,
          },
        },
      },
    );
    expect(added.errors).toBeUndefined();
  }
  const incident = await notified(g, bank);
  incidentId = incident.id;
  const revised = await submitReport(g, bank.token, { incidentId, basedOnRevision: 1, report: { partTwo: { cveIds: ['CVE-2024-3400'] } } });
  expect(revised.errors).toBeUndefined();
  const note = await g.query(`mutation ($id: ID!) { addAnalystNote(incidentId: $id, text: "เฝ้าระวัง") { text } }`, {
    token: g.tokens.thaicert,
    variables: { id: incidentId },
  });
  expect(note.errors).toBeUndefined();
  const contacts = await g.query(`query ($id: ID!) { organization(id: $id) { pointsOfContact { id } } }`, {
    token: g.tokens.thaicert,
    variables: { id: bank.id },
  });
  contactIds = (contacts.data!.organization.pointsOfContact as { id: string }[]).map((c) => c.id).sort();
  expect(contactIds).toHaveLength(2);
  // The mail subgraph queues the receipts of the incident as it follows the incidents feed.
  for (let i = 0; i < 200; i++) {
    const history = await g.query(`query ($id: ID!) { incident(id: $id) { mailHistory { contactId } } }`, {
      token: g.tokens.ncsa,
      variables: { id: incidentId },
    });
    const mailed = new Set((history.data?.incident?.mailHistory ?? []).map((m: { contactId: string }) => m.contactId));
    if (contactIds.every((id) => mailed.has(id))) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

describe('restricted reads', () => {
  it('are the ones this test reads (a newly marked field must be added to CASES)', async () => {
    expect(await auditedCoordinates()).toEqual(Object.keys(CASES).sort());
  });

  it('are audited once per reader and record, over HTTP and for each subscriber of an event', async () => {
    const g = graph();
    const run = `${Date.now()}`;
    const subject = (coordinate: string, reader: string) => `audit-${run}-${coordinate}-${reader}`;
    const connections: WsConnection[] = [];
    const subscriptions = new Map<string, Subscription[]>();
    try {
      for (const [coordinate, test] of Object.entries(CASES)) {
        const subscribers: Subscription[] = [];
        for (const reader of ['a', 'b']) {
          const c = connect(g.gatewayUrl, await g.token(test.reader(subject(coordinate, reader))));
          connections.push(c);
          subscribers.push(c.subscribe(`subscription { ${test.stream} { sequence ${recordOf(test.stream)} { id ${test.selection} } } }`));
        }
        subscriptions.set(coordinate, subscribers);
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      // One event for each stream, every subscriber's record carrying the restricted data.
      const revised = await submitReport(g, bank.token, {
        incidentId,
        basedOnRevision: 2,
        report: { partTwo: { cveIds: ['CVE-2024-3400', 'CVE-2024-21762'] } },
      });
      expect(revised.errors).toBeUndefined();
      amberId = (await published(g, { tlp: 'AMBER', targetSectorIds: ['BANKING_FINANCE'] })).id;
      for (const subscribers of subscriptions.values()) for (const sub of subscribers) await sub.waitFor(1);
      await new Promise((resolve) => setTimeout(resolve, 500));

      for (const [coordinate, test] of Object.entries(CASES)) {
        const http = await g.query(`query ($id: ID!) { ${recordOf(test.stream)}(id: $id) { id ${test.selection} } }`, {
          token: await g.token(test.reader(subject(coordinate, 'http'))),
          variables: { id: test.stream === 'incidentEvents' ? incidentId : amberId },
        });
        expect(http.errors, coordinate).toBeUndefined();
      }

      for (const [coordinate, test] of Object.entries(CASES)) {
        const subscribers = subscriptions.get(coordinate)!;
        for (const sub of subscribers)
          expect(
            sub.received.flatMap((r) => r.errors ?? []),
            coordinate,
          ).toEqual([]);
        const deliveries = subscribers.map((s) => s.received.length);
        const readers = ['a', 'b', 'http'].map((reader) => subject(coordinate, reader));
        const expected = (deliveries[0]! + deliveries[1]! + 1) * test.targets().length;
        const lines = (await readLines(readers, expected)).filter((l) => l.action === test.action);
        const perReader = readers.map((reader) => lines.filter((l) => l.subject === reader));
        // Each reader: every record once per response or event it received.
        [...deliveries, 1].forEach((times, i) => {
          const mine = perReader[i]!.map((l) => l.targetId).sort();
          expect(mine, `${coordinate} ${readers[i]}`).toEqual(
            test
              .targets()
              .flatMap((t) => Array<string>(times).fill(t))
              .sort(),
          );
        });
        const requestIds = perReader.map((mine) => new Set(mine.map((l) => l.requestId)));
        expect(
          [...requestIds[0]!].some((id) => requestIds[1]!.has(id)),
          `${coordinate}: two subscribers share a request id`,
        ).toBe(false);
      }
    } finally {
      await Promise.all(connections.map((c) => c.dispose()));
    }
  });

  it('Organization.primaryContact: a read of its details is a contact-detail read of that contact, as through the list', async () => {
    const g = graph();
    const subject = `audit-${Date.now()}-primaryContact`;
    const res = await g.query(`query ($id: ID!) { organization(id: $id) { primaryContact { id email mobilePhone } } }`, {
      token: await g.token(thaicert(subject)),
      variables: { id: bank.id },
    });
    expect(res.errors).toBeUndefined();
    const primaryId = res.data!.organization.primaryContact.id as string;
    expect(contactIds).toContain(primaryId);
    const lines = (await readLines([subject], 1)).filter((l) => l.action === 'CONTACT_DETAILS');
    expect(lines.map((l) => l.targetId)).toEqual([primaryId]);
  });
});
