import { randomUUID } from 'node:crypto';

import { beforeAll, describe, expect, it } from 'vitest';

import { apiSchema, mutationsWith, mutationText } from '../api-schema.js';
import { useGraph } from '../graph.js';
import {
  close,
  codes,
  hoursAgo,
  minimalReport,
  newOrganization,
  notified,
  notify,
  refusedSubmissions,
  submitReport,
  type TestOrganization,
} from '../incidents.js';

const graph = useGraph({ subgraphs: ['organizations', 'incidents'] });
let bank: TestOrganization;

beforeAll(async () => {
  bank = await newOrganization(graph());
});

const REVISIONS = `query ($id: ID!) { incident(id: $id) {
  status currentRevision continuity followUpOf { id }
  report { severity categories trackingUnit affectedSystem { location affectedService } partTwo { cveIds impact { peopleAffected } } }
  revisions { number kind submittedBy basedOnRevision reason report { categories } changes { field before after } partTwoChanges { field after } }
} }`;

describe('an incident from notification (ก1) through report (ก2) to closing', () => {
  it('runs the whole flow, keeping every submission as an immutable revision', async () => {
    const g = graph();
    const incident = await notified(g, bank, minimalReport({ trackingUnit: 'SOC', categories: ['CAT8_INVESTIGATING'] }));
    expect(incident).toMatchObject({ status: 'NOTIFIED', currentRevision: 1, reportFiledAt: null });

    const partial = await submitReport(g, bank.token, {
      incidentId: incident.id,
      basedOnRevision: 1,
      report: { affectedSystem: { location: 'กรุงเทพฯ อาคาร A' }, partTwo: { cveIds: ['CVE-2024-3400'] } },
    });
    expect(partial.errors).toBeUndefined();
    expect(partial.data?.submitIncidentReport).toMatchObject({ status: 'REPORTED', currentRevision: 2 });
    expect(partial.data?.submitIncidentReport.reportFiledAt).not.toBeNull();

    const update = await submitReport(g, bank.token, {
      incidentId: incident.id,
      basedOnRevision: 2,
      report: {
        affectedSystem: { affectedService: 'โอนเงิน' },
        categories: ['CAT4_MALICIOUS_LOGIC', 'CAT8_INVESTIGATING'],
        partTwo: { impact: { peopleAffected: 1200 } },
      },
    });
    expect(update.data?.submitIncidentReport.currentRevision).toBe(3);

    const closed = await close(g, bank.token, { incidentId: incident.id, basedOnRevision: 3, finalCategories: ['CAT4_MALICIOUS_LOGIC'] });
    expect(closed.errors).toBeUndefined();
    expect(closed.data?.closeIncident).toMatchObject({ status: 'CLOSED', categories: ['CAT4_MALICIOUS_LOGIC'], currentRevision: 4 });

    const { data } = await g.query(REVISIONS, { token: bank.token, variables: { id: incident.id } });
    const current = data?.incident;
    // The incident is its latest revision; earlier content is merged, not lost.
    expect(current.report).toMatchObject({
      trackingUnit: 'SOC',
      categories: ['CAT4_MALICIOUS_LOGIC'],
      affectedSystem: { location: 'กรุงเทพฯ อาคาร A', affectedService: 'โอนเงิน' },
      partTwo: { cveIds: ['CVE-2024-3400'], impact: { peopleAffected: 1200 } },
    });
    expect(
      current.revisions.map((r: { number: number; kind: string; basedOnRevision: number | null }) => [r.number, r.kind, r.basedOnRevision]),
    ).toEqual([
      [1, 'NOTIFICATION', null],
      [2, 'REPORT', 1],
      [3, 'REPORT', 2],
      [4, 'CLOSING_REPORT', 3],
    ]);
    const [first, second, third] = current.revisions;
    expect(first.report.categories).toEqual(['CAT8_INVESTIGATING']); // revision 1 unchanged by later ones
    expect(first.submittedBy).toMatch(/^test-org-/);
    expect(second.changes).toEqual([{ field: 'affectedSystem.location', before: null, after: 'กรุงเทพฯ อาคาร A' }]);
    expect(second.partTwoChanges).toEqual([{ field: 'partTwo.cveIds', after: ['CVE-2024-3400'] }]);
    expect(third.changes.map((c: { field: string }) => c.field)).toEqual(['affectedSystem.affectedService', 'categories']);
  });

  it('refuses anything further on a closed incident, and links a FOLLOW_UP to it', async () => {
    const g = graph();
    const incident = await notified(g, bank);
    const closed = await close(g, bank.token, { incidentId: incident.id, basedOnRevision: 1, finalCategories: ['CAT9_EXPLAINED_ANOMALY'] });
    expect(closed.data?.closeIncident.status).toBe('CLOSED');
    const late = await submitReport(g, bank.token, { incidentId: incident.id, basedOnRevision: 2, report: { trackingUnit: 'x' } });
    expect(codes(late)).toEqual(['BAD_USER_INPUT']);
    expect(late.errors?.[0]?.message).toMatch(/closed.*FOLLOW_UP/);

    const followUp = await notify(g, bank, minimalReport(), { continuity: 'FOLLOW_UP', followUpOfIncidentId: incident.id });
    expect(followUp.errors).toBeUndefined();
    const { data } = await g.query(REVISIONS, { token: bank.token, variables: { id: followUp.data?.notifyIncident.id } });
    expect(data?.incident).toMatchObject({ continuity: 'FOLLOW_UP', followUpOf: { id: incident.id } });
  });

  it('records a data-unavailable notice, with its reason, as a revision', async () => {
    const g = graph();
    const incident = await notified(g, bank);
    const res = await g.query(
      `mutation ($input: DataUnavailableNoticeInput!) { fileDataUnavailableNotice(input: $input) { currentRevision status } }`,
      {
        token: bank.token,
        variables: { input: { incidentId: incident.id, basedOnRevision: 1, reason: 'ระบบบันทึกข้อมูลจราจรเสียหาย ไม่สามารถดึง log ได้' } },
      },
    );
    expect(res.data?.fileDataUnavailableNotice).toEqual({ currentRevision: 2, status: 'NOTIFIED' });
    const { data } = await g.query(REVISIONS, { token: bank.token, variables: { id: incident.id } });
    expect(data?.incident.revisions[1]).toMatchObject({
      kind: 'DATA_UNAVAILABLE',
      reason: 'ระบบบันทึกข้อมูลจราจรเสียหาย ไม่สามารถดึง log ได้',
      changes: [],
    });
  });
});

describe('nothing submitted is lost or applied twice', () => {
  it('refuses a submission based on a stale revision with CONFLICT, and keeps it', async () => {
    const g = graph();
    const incident = await notified(g, bank);
    const first = await submitReport(g, bank.token, {
      incidentId: incident.id,
      basedOnRevision: 1,
      report: { trackingUnit: 'first analyst' },
    });
    expect(first.errors).toBeUndefined();
    const stale = await submitReport(g, bank.token, {
      incidentId: incident.id,
      basedOnRevision: 1,
      report: { trackingUnit: 'second analyst' },
    });
    expect(codes(stale)).toEqual(['CONFLICT']);
    expect(stale.errors?.[0]?.extensions?.currentRevision).toBe(2);
    const kept = await g.query('{ refusedSubmissions(first: 5) { edges { node { operation incidentId errorCode arguments } } } }', {
      token: bank.token,
    });
    const refusal = kept.data?.refusedSubmissions.edges
      .map((e: { node: unknown }) => e.node)
      .find((n: { incidentId: string }) => n.incidentId === incident.id);
    expect(refusal).toMatchObject({ operation: 'submitIncidentReport', errorCode: 'CONFLICT' });
    expect(refusal.arguments.input.report.trackingUnit).toBe('second analyst');
  });

  it('keeps a submission refused by validation too', async () => {
    const g = graph();
    const res = await notify(g, bank, minimalReport({ categories: ['CAT9_EXPLAINED_ANOMALY'], trackingUnit: 'kept despite refusal' }));
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    const kept = await g.query('{ refusedSubmissions(first: 20) { edges { node { operation errorCode arguments } } } }', {
      token: bank.token,
    });
    const nodes = kept.data?.refusedSubmissions.edges.map(
      (e: { node: { arguments: { input: { report: { trackingUnit?: string } } } } }) => e.node,
    );
    expect(
      nodes.some(
        (n: { arguments: { input: { report: { trackingUnit?: string } } } }) =>
          n.arguments.input.report.trackingUnit === 'kept despite refusal',
      ),
    ).toBe(true);
  });

  it('lets exactly one of two simultaneous submissions on the same revision through', async () => {
    const g = graph();
    const incident = await notified(g, bank);
    const results = await Promise.all(
      ['A', 'B'].map((who) => submitReport(g, bank.token, { incidentId: incident.id, basedOnRevision: 1, report: { trackingUnit: who } })),
    );
    expect(results.map(codes).sort()).toEqual([[], ['CONFLICT']]);
    const { data } = await g.query(REVISIONS, { token: bank.token, variables: { id: incident.id } });
    expect(data?.incident.currentRevision).toBe(2);
  });

  it('does not create a second incident when a notification is retried with its idempotency key', async () => {
    const g = graph();
    const input = { organizationId: bank.id, idempotencyKey: randomUUID(), report: minimalReport({ detectedAt: hoursAgo(2) }) };
    const send = () =>
      g.query(`mutation ($input: NotifyIncidentInput!) { notifyIncident(input: $input) { id } }`, {
        token: bank.token,
        variables: { input },
      });
    const [a, b] = await Promise.all([send(), send()]);
    const c = await send();
    expect(new Set([a, b, c].map((r) => r.data?.notifyIncident.id)).size).toBe(1);
    const reused = await g.query(`mutation ($input: NotifyIncidentInput!) { notifyIncident(input: $input) { id } }`, {
      token: bank.token,
      variables: { input: { ...input, report: minimalReport({ severity: 'CRITICAL_A' }) } },
    });
    expect(codes(reused)).toEqual(['CONFLICT']);
  });

  it('does not apply a retried report twice', async () => {
    const g = graph();
    const incident = await notified(g, bank);
    const input = { incidentId: incident.id, basedOnRevision: 1, idempotencyKey: randomUUID(), report: { trackingUnit: 'once' } };
    const first = await submitReport(g, bank.token, input);
    const retry = await submitReport(g, bank.token, input);
    expect(first.data?.submitIncidentReport.currentRevision).toBe(2);
    expect(retry.errors).toBeUndefined();
    expect(retry.data?.submitIncidentReport.currentRevision).toBe(2);
  });
});

type Variables = Record<string, unknown>;

/** For each mutation that takes an idempotency key: a first submission (about a fresh incident), and other content under the same key. */
const KEYED: Record<string, (key: string) => Promise<{ first: Variables; other: Variables }>> = {
  notifyIncident: async (key) => {
    const input = { organizationId: bank.id, idempotencyKey: key, report: minimalReport({ detectedAt: hoursAgo(2) }) };
    return { first: { input }, other: { input: { ...input, report: { ...input.report, severity: 'CRITICAL_A' } } } };
  },
  submitIncidentReport: async (key) => {
    const input = {
      incidentId: (await notified(graph(), bank)).id,
      basedOnRevision: 1,
      idempotencyKey: key,
      report: { trackingUnit: 'first' },
    };
    return { first: { input }, other: { input: { ...input, report: { trackingUnit: 'second' } } } };
  },
  closeIncident: async (key) => {
    const input = {
      incidentId: (await notified(graph(), bank)).id,
      basedOnRevision: 1,
      idempotencyKey: key,
      finalCategories: ['CAT4_MALICIOUS_LOGIC'],
    };
    return { first: { input }, other: { input: { ...input, finalCategories: ['CAT7_DENIAL_OF_SERVICE'] } } };
  },
  fileDataUnavailableNotice: async (key) => {
    const input = { incidentId: (await notified(graph(), bank)).id, basedOnRevision: 1, idempotencyKey: key, reason: 'log server lost' };
    return { first: { input }, other: { input: { ...input, reason: 'no one on shift can export it' } } };
  },
};

describe('an idempotency key stands for one submission', () => {
  it('answers a retry with what the first made, and refuses other content under the same key with CONFLICT, in every mutation that takes one', async () => {
    const g = graph();
    const schema = await apiSchema(g);
    const keyed = mutationsWith(schema, (name) => name === 'idempotencyKey');
    expect([...keyed.keys()].sort()).toEqual(Object.keys(KEYED).sort());
    for (const name of keyed.keys()) {
      const key = randomUUID();
      const { first, other } = await KEYED[name]!(key);
      const send = (variables: Variables) => g.query(mutationText(schema, name, 'id currentRevision'), { token: bank.token, variables });
      const made = await send(first);
      expect(made.errors, name).toBeUndefined();
      const retry = await send(first);
      expect(retry.errors, `${name} retried`).toBeUndefined();
      expect(retry.data?.[name]).toEqual(made.data?.[name]);

      const reused = await send(other);
      expect(codes(reused), `${name} with other content under a used key`).toEqual(['CONFLICT']);
      expect(reused.errors?.[0]?.message).toMatch(/idempotencyKey was already used/);
      const now = await g.query(`query ($id: ID!) { incident(id: $id) { currentRevision } }`, {
        token: bank.token,
        variables: { id: made.data?.[name].id },
      });
      expect(now.data?.incident.currentRevision, `${name}: nothing applied`).toBe(made.data?.[name].currentRevision);
      const kept = (await refusedSubmissions(g, bank.token)).find((r) => r.operation === name && r.arguments.input.idempotencyKey === key);
      expect(kept?.errorCode, `${name}: the refused content is kept`).toBe('CONFLICT');
    }
  });

  it('refuses a key already used by another kind of submission about the incident', async () => {
    const g = graph();
    const key = randomUUID();
    const res = await notify(g, bank, minimalReport(), { idempotencyKey: key });
    const incident = res.data!.notifyIncident;
    const report = await submitReport(g, bank.token, {
      incidentId: incident.id,
      basedOnRevision: 1,
      idempotencyKey: key,
      report: { trackingUnit: 'new' },
    });
    expect(codes(report)).toEqual(['CONFLICT']);
    const notice = await g.query(`mutation ($input: DataUnavailableNoticeInput!) { fileDataUnavailableNotice(input: $input) { id } }`, {
      token: bank.token,
      variables: { input: { incidentId: incident.id, basedOnRevision: 1, idempotencyKey: key, reason: 'log server lost' } },
    });
    expect(codes(notice)).toEqual(['CONFLICT']);
  });
});
