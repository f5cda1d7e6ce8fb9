import { beforeAll, describe, expect, it } from 'vitest';
import { start as startIncidents } from '../../subgraphs/incidents/src/server.js';
import { readConfig as readIncidentsConfig } from '../../subgraphs/incidents/src/env.js';
import { demo, useGraph } from '../graph.js';
import { hoursAgo, minimalReport, newOrganization, notified, submitReport, type TestOrganization } from '../incidents.js';

const graph = useGraph();
let bank: TestOrganization;
const HOUR = 3_600_000;
const MINUTE = 60_000;

beforeAll(async () => {
  bank = await newOrganization(graph());
});

const DEADLINES = `query ($id: ID!) { incident(id: $id) {
  detectedAt reportDueAt reportDueAtBangkok reportFiledAt reportOnTime overdue
  regulatorNotificationDueAt regulatorNotifiedAt regulatorNotificationOnTime regulatorNotificationOverdue
} }`;

async function deadlines(id: string) {
  const res = await graph().query(DEADLINES, { token: bank.token, variables: { id } });
  expect(res.errors).toBeUndefined();
  return res.data!.incident;
}

const FEED = `query ($after: SafeInt!) { incidentFeed(afterSequence: $after, first: 5000) { sequence type aggregateId payload } }`;
async function events(incidentId?: string) {
  const res = await graph().asService<{ incidentFeed: { sequence: number; type: string; aggregateId: string; payload: Record<string, unknown> }[] }>(
    'incidents',
    FEED,
    { after: 0 },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.incidentFeed.filter((e) => !incidentId || e.aggregateId === incidentId);
}

describe('report deadlines (clause 5: 24 hours after detection)', () => {
  it('is due exactly 24 hours after detection, computed in UTC and shown for Bangkok', async () => {
    const detectedAt = '2026-11-22T20:30:00.000Z'; // 03:30 on 23 November in Bangkok
    const incident = await notified(graph(), bank, minimalReport({ detectedAt }));
    const d = await deadlines(incident.id);
    expect(d.reportDueAt).toBe('2026-11-23T20:30:00.000Z');
    expect(d.reportDueAtBangkok).toBe('2026-11-24T03:30:00+07:00');
  });

  it('is not overdue a minute before the 24 hours are up, and is a minute after', async () => {
    const early = await notified(graph(), bank, minimalReport({ detectedAt: new Date(Date.now() - 24 * HOUR + MINUTE).toISOString() }));
    const late = await notified(graph(), bank, minimalReport({ detectedAt: new Date(Date.now() - 24 * HOUR - MINUTE).toISOString() }));
    expect(await deadlines(early.id)).toMatchObject({ overdue: false, reportOnTime: null });
    expect(await deadlines(late.id)).toMatchObject({ overdue: true, reportOnTime: false });
  });

  it('finds the late ones with incidents(filter: { overdue: true })', async () => {
    const late = await notified(graph(), bank, minimalReport({ detectedAt: hoursAgo(30) }));
    const onTime = await notified(graph(), bank, minimalReport({ detectedAt: hoursAgo(2) }));
    const res = await graph().query(
      `query ($org: ID!) { overdue: incidents(first: 100, filter: { organizationId: $org, overdue: true }) { edges { node { id } } }
        notOverdue: incidents(first: 100, filter: { organizationId: $org, overdue: false }) { edges { node { id } } } }`,
      { token: graph().tokens.ncsa, variables: { org: bank.id } },
    );
    const ids = (list: { edges: { node: { id: string } }[] }) => list.edges.map((e) => e.node.id);
    expect(ids(res.data!.overdue)).toContain(late.id);
    expect(ids(res.data!.overdue)).not.toContain(onTime.id);
    expect(ids(res.data!.notOverdue)).toContain(onTime.id);
  });

  it('records when the report was filed and whether on time; a late report stays late', async () => {
    const late = await notified(graph(), bank, minimalReport({ detectedAt: hoursAgo(26) }));
    await submitReport(graph(), bank.token, { incidentId: late.id, basedOnRevision: 1, report: { trackingUnit: 'late' } });
    expect(await deadlines(late.id)).toMatchObject({ overdue: false, reportOnTime: false });
    const prompt = await notified(graph(), bank, minimalReport({ detectedAt: hoursAgo(3) }));
    await submitReport(graph(), bank.token, { incidentId: prompt.id, basedOnRevision: 1, report: { trackingUnit: 'prompt' } });
    const d = await deadlines(prompt.id);
    expect(d).toMatchObject({ overdue: false, reportOnTime: true });
    expect(new Date(d.reportFiledAt).getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('sets the regulator’s notification deadline from its notificationDeadlineHours', async () => {
    const regulator = await graph().query(`{ regulator(id: "${demo.regulatorId}") { notificationDeadlineHours } }`, { token: graph().tokens.ncsa });
    const hours = regulator.data!.regulator.notificationDeadlineHours as number;
    const detectedAt = hoursAgo(hours + 1);
    const incident = await notified(graph(), bank, minimalReport({ detectedAt }));
    const d = await deadlines(incident.id);
    expect(new Date(d.regulatorNotificationDueAt).getTime()).toBe(new Date(detectedAt).getTime() + hours * HOUR);
    expect(d).toMatchObject({ regulatorNotifiedAt: null, regulatorNotificationOverdue: true, regulatorNotificationOnTime: false });
    await submitReport(graph(), bank.token, { incidentId: incident.id, basedOnRevision: 1, report: { regulatorNotifiedAt: hoursAgo(hours + 0.5) } });
    expect(await deadlines(incident.id)).toMatchObject({ regulatorNotificationOverdue: false, regulatorNotificationOnTime: true });
  });
});

describe('change events (transactional outbox)', () => {
  it('writes an event for every committed change, in strictly increasing sequence', async () => {
    const incident = await notified(graph(), bank);
    await submitReport(graph(), bank.token, { incidentId: incident.id, basedOnRevision: 1, report: { trackingUnit: 'x' } });
    await graph().query(
      `mutation ($id: ID!) { assessIncidentSeverity(input: { incidentId: $id, severity: CRITICAL_A, reason: "r", recommendations: "rec" }) { id } }`,
      { token: graph().tokens.thaicert, variables: { id: incident.id } },
    );
    await graph().query(`mutation ($id: ID!) { assignReferenceNumber(incidentId: $id, referenceNumber: "NCSA-EVT-${incident.id.slice(-6)}") { id } }`, {
      token: graph().tokens.ncsa,
      variables: { id: incident.id },
    });
    const mine = await events(incident.id);
    expect(mine.map((e) => e.type)).toEqual(['NOTIFIED', 'REPORT_REVISED', 'STATUS_CHANGED', 'SEVERITY_ASSESSED', 'REFERENCE_ASSIGNED']);
    expect(mine[0]!.payload).toMatchObject({ incidentId: incident.id, organizationId: bank.id, status: 'NOTIFIED' });
    const all = await events();
    expect(all.map((e) => e.sequence)).toEqual(all.map((_, i) => all[0]!.sequence + i)); // gap-free and ordered
  });

  it('writes no event for a change that was refused and rolled back', async () => {
    const incident = await notified(graph(), bank);
    const before = (await events(incident.id)).length;
    await submitReport(graph(), bank.token, { incidentId: incident.id, basedOnRevision: 7, report: { trackingUnit: 'stale' } });
    await submitReport(graph(), bank.token, { incidentId: incident.id, basedOnRevision: 1, report: { categories: ['CAT0_TRAINING_AND_EXERCISES'] } });
    expect((await events(incident.id)).length).toBe(before);
  });

  it('announces "deadline approaching" and "overdue" exactly once each, even with two replicas watching', async () => {
    // A second incidents replica on the same database, scanning as often as the first.
    const replica = await startIncidents(readIncidentsConfig({ ...graph().env, INCIDENTS_PORT: '0', SEED_DEMO_DATA: 'false' }));
    try {
      const approaching = await notified(graph(), bank, minimalReport({ detectedAt: hoursAgo(23) }));
      const overdue = await notified(graph(), bank, minimalReport({ detectedAt: hoursAgo(25) }));
      await expect.poll(async () => (await events(overdue.id)).map((e) => e.type), { timeout: 10_000 }).toContain('OVERDUE');
      await expect.poll(async () => (await events(approaching.id)).map((e) => e.type), { timeout: 10_000 }).toContain('DEADLINE_APPROACHING');
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // several more scans by both replicas
      expect((await events(overdue.id)).filter((e) => e.type === 'OVERDUE')).toHaveLength(1);
      expect((await events(approaching.id)).filter((e) => e.type === 'DEADLINE_APPROACHING')).toHaveLength(1);
      expect((await events(approaching.id)).filter((e) => e.type === 'OVERDUE')).toHaveLength(0);
    } finally {
      await replica.close();
    }
  });

  it('keeps the feed for our services only', async () => {
    const res = await graph().query('{ incidentFeed { sequence } }', { token: graph().tokens.ncsa });
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED'); // not in the public API
  });
});
