import { randomUUID } from 'node:crypto';

import pg from 'pg';
import { describe, expect, it } from 'vitest';

import { published } from '../advisories.js';
import { demo, regulatorCaller, useGraph } from '../graph.js';
import { errorCodes, type GraphQLResponse } from '../graphql-client.js';
import { newOrganization, notified, submitReport } from '../incidents.js';

const graph = useGraph();

interface Entry {
  service: string;
  requestId: string;
  role: string;
  subject: string | null;
  organizationId: string | null;
  kind: 'MUTATION' | 'READ';
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: string;
}

const TRAIL = `query ($filter: AuditFilter) { auditTrail(first: 100, filter: $filter) {
  totalCount edges { node { service requestId role subject organizationId kind action targetType targetId outcome recordedAt } }
} }`;

/** The request id the gateway gave a request (it answers with it). */
const idOf = (res: GraphQLResponse) => res.headers.get('x-request-id')!;

/** The trail entries of one request, once every subgraph's trail has reached the statistics subgraph. */
async function entriesOf(requestId: string, atLeast = 1): Promise<Entry[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await graph().query(TRAIL, { token: graph().tokens.ncsa, variables: { filter: { requestId } } });
    expect(res.errors).toBeUndefined();
    const entries = (res.data!.auditTrail.edges as { node: Entry }[]).map((e) => e.node);
    if (entries.length >= atLeast || Date.now() > deadline) return entries;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the audit trail', () => {
  it('records a mutation with who, role, what, outcome and the request id the gateway gave it', async () => {
    const organization = await newOrganization(graph());
    const res = await graph().query(`mutation ($input: NotifyIncidentInput!) { notifyIncident(input: $input) { id } }`, {
      token: organization.token,
      variables: {
        input: {
          organizationId: organization.id,
          idempotencyKey: randomUUID(),
          report: { severity: 'SERIOUS', categories: ['CAT4_MALICIOUS_LOGIC'], detectedAt: new Date(Date.now() - 3_600_000).toISOString() },
        },
      },
    });
    expect(res.errors).toBeUndefined();
    const [entry] = await entriesOf(idOf(res));
    expect(entry).toMatchObject({
      service: 'incidents',
      requestId: idOf(res),
      role: 'ORGANIZATION',
      organizationId: organization.id,
      kind: 'MUTATION',
      action: 'notifyIncident',
      targetType: 'Incident',
      targetId: res.data!.notifyIncident.id,
      outcome: 'OK',
    });
  });

  it('owns the request id: two callers sending the same x-request-id get ids of their own, and theirs comes back as the correlation id', async () => {
    const shared = `client-chosen-${randomUUID()}`;
    const read = (token: string) =>
      graph().query(`query ($org: ID!) { organization(id: $org) { pointsOfContact { email } } }`, {
        token,
        headers: { 'x-request-id': shared },
        variables: { org: demo.organizationId },
      });
    const [first, second] = [await read(graph().tokens.thaicert), await read(graph().tokens.ncsa)];
    expect(first.errors ?? second.errors).toBeUndefined();
    expect(idOf(first)).not.toBe(shared);
    expect(idOf(first)).not.toBe(idOf(second));
    expect([first.headers.get('x-correlation-id'), second.headers.get('x-correlation-id')]).toEqual([shared, shared]);
    expect((await entriesOf(idOf(first))).map((e) => e.role)).toContain('THAICERT');
    expect((await entriesOf(idOf(second))).map((e) => e.role)).toContain('NCSA');
    expect(await entriesOf(shared, 0)).toEqual([]);
  });

  it('records a refused mutation with the code it was refused with', async () => {
    const organization = await newOrganization(graph());
    const incident = await notified(graph(), organization);
    const stale = await graph().query(`mutation ($input: SubmitIncidentReportInput!) { submitIncidentReport(input: $input) { id } }`, {
      token: organization.token,
      variables: { input: { incidentId: incident.id, basedOnRevision: 99, report: {} } },
    });
    expect(errorCodes(stale)).toEqual(['CONFLICT']);
    const [entry] = await entriesOf(idOf(stale));
    expect(entry).toMatchObject({ kind: 'MUTATION', action: 'submitIncidentReport', outcome: 'CONFLICT', targetId: incident.id });
  });

  it('records a regulator’s comment and a change to ThaiCERT’s case, and a comment refused as NOT_FOUND', async () => {
    const organization = await newOrganization(graph());
    const incident = await notified(graph(), organization);
    const COMMENT = `mutation ($id: ID!) { addIncidentComment(incidentId: $id, text: "โปรดส่งรายงาน ก2") { id } }`;
    const commented = await graph().query(COMMENT, { token: graph().tokens.regulator, variables: { id: incident.id } });
    expect(commented.errors).toBeUndefined();
    expect((await entriesOf(idOf(commented)))[0]).toMatchObject({
      role: 'REGULATOR',
      action: 'addIncidentComment',
      targetType: 'IncidentComment',
      targetId: commented.data!.addIncidentComment.id,
      outcome: 'OK',
    });
    const assigned = await graph().query(
      `mutation ($id: ID!) { assignIncidentCase(incidentId: $id, assignee: "analyst-somchai", expectedVersion: 1) { id } }`,
      { token: graph().tokens.thaicert, variables: { id: incident.id } },
    );
    expect(assigned.errors).toBeUndefined();
    expect((await entriesOf(idOf(assigned)))[0]).toMatchObject({
      role: 'THAICERT',
      action: 'assignIncidentCase',
      targetId: incident.id,
      outcome: 'OK',
    });
    const elsewhere = await graph().query(COMMENT, {
      token: await graph().token(regulatorCaller(demo.regulator('nbtc'))),
      variables: { id: incident.id },
    });
    expect(errorCodes(elsewhere)).toEqual(['NOT_FOUND']);
    expect((await entriesOf(idOf(elsewhere)))[0]).toMatchObject({
      action: 'addIncidentComment',
      outcome: 'NOT_FOUND',
      targetId: incident.id,
    });
  });

  it('records reads of contact details, part 2 and analyst notes, once per record and request', async () => {
    const organization = await newOrganization(graph());
    const incident = await notified(graph(), organization);
    const revised = await submitReport(graph(), organization.token, {
      incidentId: incident.id,
      basedOnRevision: 1,
      report: { partTwo: { cveIds: ['CVE-2024-3400'] } },
    });
    expect(revised.errors).toBeUndefined();
    const read = await graph().query(
      `query ($id: ID!, $org: ID!) {
        incident(id: $id) { cveIds report { partTwo { cveIds } } analystNotes { text } }
        organization(id: $org) { pointsOfContact { email mobilePhone } }
      }`,
      { token: graph().tokens.thaicert, variables: { id: incident.id, org: demo.organizationId } },
    );
    expect(read.errors).toBeUndefined();
    const entries = await entriesOf(idOf(read), 4);
    const reads = entries.filter((e) => e.kind === 'READ').map((e) => `${e.action} ${e.targetType} ${e.targetId}`);
    expect(reads).toContain(`INCIDENT_PART_TWO Incident ${incident.id}`);
    expect(reads).toContain(`ANALYST_NOTES Incident ${incident.id}`);
    expect(reads.filter((r) => r.startsWith('INCIDENT_PART_TWO'))).toHaveLength(1);
    const contacts = entries.filter((e) => e.action === 'CONTACT_DETAILS');
    expect(contacts.length).toBe((read.data!.organization.pointsOfContact as unknown[]).length);
    expect(contacts.every((e) => e.service === 'organizations' && e.role === 'THAICERT' && e.targetType === 'PointOfContact')).toBe(true);
  });

  it('records reads of TLP:AMBER and RED advisories, not of CLEAR ones', async () => {
    const amber = await published(graph(), { tlp: 'AMBER', targetSectorIds: ['BANKING_FINANCE'] });
    const clear = await published(graph());
    const read = await graph().query(`query ($a: ID!, $c: ID!) { a: advisory(id: $a) { titleEn } c: advisory(id: $c) { titleEn } }`, {
      token: graph().tokens.regulator,
      variables: { a: amber.id, c: clear.id },
    });
    expect(read.errors).toBeUndefined();
    const entries = await entriesOf(idOf(read));
    expect(entries.map((e) => `${e.action} ${e.targetId}`)).toEqual([`ADVISORY_AMBER ${amber.id}`]);
    expect(entries[0]).toMatchObject({ service: 'advisories', role: 'REGULATOR' });
  });

  it('records nothing for a read that was refused', async () => {
    const refused = await graph().query(`query ($org: ID!) { organization(id: $org) { pointsOfContact { email } } }`, {
      token: await graph().token({
        role: 'ORGANIZATION' as never,
        subject: 'someone-else',
        organizationId: (await newOrganization(graph())).id,
      }),
      variables: { org: demo.organizationId },
    });
    expect(errorCodes(refused)).toContain('FORBIDDEN');
    // The same read allowed, after it: once its line has reached the trail, one for the refused read would have too.
    const allowed = await graph().query(`query ($org: ID!) { organization(id: $org) { pointsOfContact { email } } }`, {
      token: graph().tokens.ncsa,
      variables: { org: demo.organizationId },
    });
    expect(await entriesOf(idOf(allowed))).not.toEqual([]);
    expect(await entriesOf(idOf(refused), 0)).toEqual([]);
  });

  it('is for NCSA only', async () => {
    for (const token of [graph().tokens.thaicert, graph().tokens.regulator, graph().tokens.organization]) {
      expect(errorCodes(await graph().query(TRAIL, { token }))).toEqual(['FORBIDDEN']);
    }
  });

  it('cannot be changed or deleted, even in the database', async () => {
    const db = new pg.Client({ connectionString: graph().databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query(`select count(*)::int as n from incidents.audit_entry`);
      expect(rows[0].n).toBeGreaterThan(0);
      await expect(db.query(`update incidents.audit_entry set outcome = 'OK'`)).rejects.toThrow(/append-only/);
      await expect(db.query(`delete from incidents.audit_entry`)).rejects.toThrow(/append-only/);
      await expect(db.query(`truncate incidents.audit_entry`)).rejects.toThrow(/append-only/);
    } finally {
      await db.end();
    }
  });
});
