import { beforeAll, describe, expect, it } from 'vitest';

import { readConfig as readIncidentsConfig } from '../../subgraphs/incidents/src/env.js';
import { start as startIncidents } from '../../subgraphs/incidents/src/server.js';
import { demo, regulatorCaller, useGraph } from '../graph.js';
import { hoursAgo, minimalReport, newOrganization, notified, submitReport, type TestOrganization } from '../incidents.js';

const graph = useGraph({ subgraphs: ['organizations', 'incidents'] });
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
  const res = await graph().asService<{
    incidentFeed: { sequence: number; type: string; aggregateId: string; payload: Record<string, unknown> }[];
  }>('incidents', FEED, { after: 0 });
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
    const regulator = await graph().query(`{ regulator(id: "${demo.regulatorId}") { notificationDeadlineHours } }`, {
      token: graph().tokens.ncsa,
    });
    const hours = regulator.data!.regulator.notificationDeadlineHours as number;
    const detectedAt = hoursAgo(hours + 1);
    const incident = await notified(graph(), bank, minimalReport({ detectedAt }));
    const d = await deadlines(incident.id);
    expect(new Date(d.regulatorNotificationDueAt).getTime()).toBe(new Date(detectedAt).getTime() + hours * HOUR);
    expect(d).toMatchObject({ regulatorNotifiedAt: null, regulatorNotificationOverdue: true, regulatorNotificationOnTime: false });
    await submitReport(graph(), bank.token, {
      incidentId: incident.id,
      basedOnRevision: 1,
      report: { regulatorNotifiedAt: hoursAgo(hours + 0.5) },
    });
    expect(await deadlines(incident.id)).toMatchObject({ regulatorNotificationOverdue: false, regulatorNotificationOnTime: true });
  });
});

describe('the ก2 reaches the regulator in its time too (clause 5, second sentence)', () => {
  const REGULATOR_REPORT = `query ($id: ID!) { incident(id: $id) {
    reportDueAt reportFiledAt reportOnTime overdue regulatorReportDueAt regulatorReportOnTime regulatorReportOverdue regulatorReceivedWithoutPartTwo
  } }`;
  let supervised: TestOrganization;
  const HOURS = 48;

  beforeAll(async () => {
    const registered = await graph().query(
      `mutation ($name: String!) { registerRegulator(input: { nameTh: "หน่วยงานกำกับกำหนดเวลารายงาน", nameEn: $name, sectorIds: ["BANKING_FINANCE"], notificationDeadlineHours: 24 }) { id version reportDeadlineHours } }`,
      { token: graph().tokens.ncsa, variables: { name: `Report Deadline Regulator ${Date.now()}` } },
    );
    const { id, version, reportDeadlineHours } = registered.data!.registerRegulator;
    expect(reportDeadlineHours).toBeNull();
    // The regulator sets it itself, as it sets its notification deadline; the incidents subgraph, catching up
    // with the registry for the organization registered after it, learns of it first.
    const set = await graph().query(
      `mutation ($id: ID!, $v: Int!) { setReportDeadline(regulatorId: $id, hours: ${HOURS}, expectedVersion: $v) { reportDeadlineHours version } }`,
      { token: await graph().token(regulatorCaller(id)), variables: { id, v: version } },
    );
    expect(set.data?.setReportDeadline).toEqual({ reportDeadlineHours: HOURS, version: version + 1 });
    supervised = await newOrganization(graph(), id);
  });

  async function regulatorReport(id: string) {
    const res = await graph().query(REGULATOR_REPORT, { token: supervised.token, variables: { id } });
    expect(res.errors).toBeUndefined();
    return res.data!.incident;
  }

  it('is due the regulator’s hours after detection: overdue, then late once filed', async () => {
    const detectedAt = hoursAgo(HOURS + 2);
    const incident = await notified(graph(), supervised, minimalReport({ detectedAt }));
    const d = await regulatorReport(incident.id);
    expect(Date.parse(d.regulatorReportDueAt)).toBe(Date.parse(detectedAt) + HOURS * HOUR);
    expect(d).toMatchObject({ regulatorReportOverdue: true, regulatorReportOnTime: false });
    expect(
      (await submitReport(graph(), supervised.token, { incidentId: incident.id, basedOnRevision: 1, report: {} })).errors,
    ).toBeUndefined();
    expect(await regulatorReport(incident.id)).toMatchObject({ regulatorReportOverdue: false, regulatorReportOnTime: false });
  });

  it('judges the regulator’s deadline on its own: a report late for NCSA reaches the regulator on time when filed here', async () => {
    const incident = await notified(graph(), supervised, minimalReport({ detectedAt: hoursAgo(30) }));
    expect(await regulatorReport(incident.id)).toMatchObject({ overdue: true, regulatorReportOverdue: false, regulatorReportOnTime: null });
    await submitReport(graph(), supervised.token, { incidentId: incident.id, basedOnRevision: 1, report: {} });
    const d = await regulatorReport(incident.id);
    expect(d).toMatchObject({ reportOnTime: false, regulatorReportOnTime: true, regulatorReceivedWithoutPartTwo: false });
  });

  it('finds the ones overdue to the regulator with incidents(filter: { regulatorReportOverdue: true })', async () => {
    const late = await notified(graph(), supervised, minimalReport({ detectedAt: hoursAgo(HOURS + 1) }));
    const lateForNcsaOnly = await notified(graph(), supervised, minimalReport({ detectedAt: hoursAgo(30) }));
    const res = await graph().query(
      `query ($org: ID!) { late: incidents(first: 100, filter: { organizationId: $org, regulatorReportOverdue: true }) { edges { node { id } } }
        notLate: incidents(first: 100, filter: { organizationId: $org, regulatorReportOverdue: false }) { edges { node { id } } } }`,
      { token: graph().tokens.ncsa, variables: { org: supervised.id } },
    );
    expect(res.errors).toBeUndefined();
    const ids = (list: { edges: { node: { id: string } }[] }) => list.edges.map((e) => e.node.id);
    expect(ids(res.data!.late)).toContain(late.id);
    expect(ids(res.data!.late)).not.toContain(lateForNcsaOnly.id);
    expect(ids(res.data!.notLate)).toContain(lateForNcsaOnly.id);
    expect(ids(res.data!.notLate)).not.toContain(late.id);
  });

  it('says so when the regulator received the report without its restricted part 2', async () => {
    const incident = await notified(graph(), supervised, minimalReport({ detectedAt: hoursAgo(1) }));
    expect(await regulatorReport(incident.id)).toMatchObject({ regulatorReceivedWithoutPartTwo: false, regulatorReportOnTime: null });
    await submitReport(graph(), supervised.token, { incidentId: incident.id, basedOnRevision: 1, report: { partTwoRestricted: true } });
    expect(await regulatorReport(incident.id)).toMatchObject({ regulatorReceivedWithoutPartTwo: true, regulatorReportOnTime: true });
  });

  it('has no regulator deadline for a NON_SERIOUS threat, nor where the regulator set none', async () => {
    const minor = await notified(graph(), supervised, minimalReport({ severity: 'NON_SERIOUS', detectedAt: hoursAgo(HOURS + 1) }));
    expect(await regulatorReport(minor.id)).toMatchObject({
      regulatorReportDueAt: null,
      regulatorReportOverdue: false,
      regulatorReportOnTime: null,
    });
    const unset = await notified(graph(), bank, minimalReport({ detectedAt: hoursAgo(HOURS + 1) }));
    const d = (await graph().query(REGULATOR_REPORT, { token: bank.token, variables: { id: unset.id } })).data!.incident;
    expect(d).toMatchObject({ overdue: true, regulatorReportDueAt: null, regulatorReportOverdue: false });
  });
});

async function assess(id: string, severity: string) {
  const res = await graph().query(
    `mutation ($id: ID!, $severity: ThreatLevel!) { assessIncidentSeverity(input: { incidentId: $id, severity: $severity, reason: "r", recommendations: "rec" }) { id } }`,
    { token: graph().tokens.thaicert, variables: { id, severity } },
  );
  expect(res.errors).toBeUndefined();
}

/** Runs `act` and returns the window [before, after] it ran in, to check instants taken during it. */
async function during(act: () => Promise<unknown>): Promise<[number, number]> {
  const before = Date.now();
  await act();
  return [before, Date.now()];
}

const dueTime = async (id: string) => {
  const due = (await deadlines(id)).reportDueAt as string | null;
  return due === null ? null : Date.parse(due);
};

describe('the 24-hour duty applies to significant threats only (clause 5)', () => {
  it('gives every significant level a ก2 deadline and NON_SERIOUS none', async () => {
    const levels = await graph().query(`{ __type(name: "ThreatLevel") { enumValues { name } } }`, { token: bank.token });
    const names = (levels.data!.__type.enumValues as { name: string }[]).map((v) => v.name);
    expect(names).toContain('NON_SERIOUS');
    for (const severity of names) {
      const detectedAt = hoursAgo(25);
      const incident = await notified(graph(), bank, minimalReport({ severity, detectedAt }));
      const d = await deadlines(incident.id);
      if (severity === 'NON_SERIOUS') {
        expect(d, severity).toMatchObject({ reportDueAt: null, reportDueAtBangkok: null, overdue: false, reportOnTime: null });
      } else {
        expect(d, severity).toMatchObject({ overdue: true, reportOnTime: false });
        expect(Date.parse(d.reportDueAt), severity).toBe(Date.parse(detectedAt) + 24 * HOUR);
      }
    }
  });

  it('never shows a NON_SERIOUS incident overdue, lists it as not overdue, and still accepts its report', async () => {
    const minor = await notified(graph(), bank, minimalReport({ severity: 'NON_SERIOUS', detectedAt: hoursAgo(25) }));
    const res = await graph().query(
      `query ($org: ID!) { overdue: incidents(first: 100, filter: { organizationId: $org, overdue: true }) { edges { node { id } } }
        notOverdue: incidents(first: 100, filter: { organizationId: $org, overdue: false }) { edges { node { id } } } }`,
      { token: graph().tokens.ncsa, variables: { org: bank.id } },
    );
    const ids = (list: { edges: { node: { id: string } }[] }) => list.edges.map((e) => e.node.id);
    expect(ids(res.data!.overdue)).not.toContain(minor.id);
    expect(ids(res.data!.notOverdue)).toContain(minor.id);
    const filed = await submitReport(graph(), bank.token, { incidentId: minor.id, basedOnRevision: 1, report: { trackingUnit: 'minor' } });
    expect(filed.errors).toBeUndefined();
    expect(filed.data!.submitIncidentReport).toMatchObject({ status: 'REPORTED', reportDueAt: null, overdue: false, reportOnTime: null });
  });

  it('announces no deadline for a NON_SERIOUS incident', async () => {
    const minorLate = await notified(graph(), bank, minimalReport({ severity: 'NON_SERIOUS', detectedAt: hoursAgo(25) }));
    const minorSoon = await notified(graph(), bank, minimalReport({ severity: 'NON_SERIOUS', detectedAt: hoursAgo(23) }));
    // Notified after the minor ones, so once the watcher has announced these it has looked at those.
    const seriousLate = await notified(graph(), bank, minimalReport({ detectedAt: hoursAgo(25) }));
    const seriousSoon = await notified(graph(), bank, minimalReport({ detectedAt: hoursAgo(23) }));
    await expect.poll(async () => (await events(seriousLate.id)).map((e) => e.type), { timeout: 10_000 }).toContain('OVERDUE');
    await expect.poll(async () => (await events(seriousSoon.id)).map((e) => e.type), { timeout: 10_000 }).toContain('DEADLINE_APPROACHING');
    await new Promise((resolve) => setTimeout(resolve, 600)); // a few more scans
    expect((await events(minorLate.id)).map((e) => e.type)).toEqual(['NOTIFIED']);
    expect((await events(minorSoon.id)).map((e) => e.type)).toEqual(['NOTIFIED']);
  });

  it('starts the duty when ThaiCERT makes a NON_SERIOUS incident significant: due 24 hours after that assessment, as it is later than 24 hours after detection', async () => {
    const minor = await notified(graph(), bank, minimalReport({ severity: 'NON_SERIOUS', detectedAt: hoursAgo(30) }));
    const [from, to] = await during(() => assess(minor.id, 'CRITICAL_A'));
    const due = (await dueTime(minor.id))!;
    expect(due).toBeGreaterThanOrEqual(from + 24 * HOUR);
    expect(due).toBeLessThanOrEqual(to + 24 * HOUR);
    expect(await deadlines(minor.id)).toMatchObject({ overdue: false, reportOnTime: null });
    await submitReport(graph(), bank.token, { incidentId: minor.id, basedOnRevision: 1, report: { trackingUnit: 'after the assessment' } });
    expect(await deadlines(minor.id)).toMatchObject({ overdue: false, reportOnTime: true });
  });

  it('keeps the deadline where it was when ThaiCERT reassesses an incident that was significant already', async () => {
    const detectedAt = hoursAgo(25);
    const serious = await notified(graph(), bank, minimalReport({ detectedAt }));
    await assess(serious.id, 'CRITICAL_B');
    expect(await dueTime(serious.id)).toBe(Date.parse(detectedAt) + 24 * HOUR);
    expect(await deadlines(serious.id)).toMatchObject({ overdue: true });
  });

  it('follows a corrected detection time when that puts the deadline after 24 hours from the assessment', async () => {
    const minor = await notified(graph(), bank, minimalReport({ severity: 'NON_SERIOUS', detectedAt: hoursAgo(30) }));
    const [from] = await during(() => assess(minor.id, 'SERIOUS'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const correctedDetection = new Date().toISOString(); // detected, it turns out, only now
    await submitReport(graph(), bank.token, { incidentId: minor.id, basedOnRevision: 1, report: { detectedAt: correctedDetection } });
    const due = (await dueTime(minor.id))!;
    expect(due).toBe(Date.parse(correctedDetection) + 24 * HOUR);
    expect(due).toBeGreaterThan(from + 24 * HOUR);
  });

  it('drops a deadline not yet reached when ThaiCERT reassesses the incident NON_SERIOUS, and restarts it when it becomes significant again', async () => {
    const serious = await notified(graph(), bank, minimalReport({ detectedAt: hoursAgo(2) }));
    await assess(serious.id, 'NON_SERIOUS');
    expect(await deadlines(serious.id)).toMatchObject({ reportDueAt: null, overdue: false, reportOnTime: null });
    const [from, to] = await during(() => assess(serious.id, 'SERIOUS'));
    const due = (await dueTime(serious.id))!;
    expect(due).toBeGreaterThanOrEqual(from + 24 * HOUR);
    expect(due).toBeLessThanOrEqual(to + 24 * HOUR);
  });

  it('keeps a deadline missed while the incident was significant: reassessed NON_SERIOUS, it stays overdue until filed, and late for good', async () => {
    const detectedAt = hoursAgo(25);
    const missed = await notified(graph(), bank, minimalReport({ detectedAt }));
    await assess(missed.id, 'NON_SERIOUS');
    const d = await deadlines(missed.id);
    expect(Date.parse(d.reportDueAt)).toBe(Date.parse(detectedAt) + 24 * HOUR);
    expect(d).toMatchObject({ overdue: true, reportOnTime: false });
    await submitReport(graph(), bank.token, { incidentId: missed.id, basedOnRevision: 1, report: { trackingUnit: 'late' } });
    expect(await deadlines(missed.id)).toMatchObject({ overdue: false, reportOnTime: false });
    await assess(missed.id, 'SERIOUS');
    expect(await dueTime(missed.id)).toBe(Date.parse(detectedAt) + 24 * HOUR); // a later assessment gives no new time either
  });

  it('keeps a report filed on time on time when the incident is later reassessed NON_SERIOUS', async () => {
    const serious = await notified(graph(), bank, minimalReport({ detectedAt: hoursAgo(3) }));
    await submitReport(graph(), bank.token, { incidentId: serious.id, basedOnRevision: 1, report: { trackingUnit: 'prompt' } });
    await assess(serious.id, 'NON_SERIOUS');
    expect(await deadlines(serious.id)).toMatchObject({ overdue: false, reportOnTime: true });
  });

  it('runs the duty from detection when the organization itself revises the level to significant', async () => {
    // Filed while NON_SERIOUS, then raised: the report already filed was in time.
    const early = await notified(graph(), bank, minimalReport({ severity: 'NON_SERIOUS', detectedAt: hoursAgo(10) }));
    await submitReport(graph(), bank.token, { incidentId: early.id, basedOnRevision: 1, report: { trackingUnit: 'minor so far' } });
    await submitReport(graph(), bank.token, { incidentId: early.id, basedOnRevision: 2, report: { severity: 'SERIOUS' } });
    expect(await deadlines(early.id)).toMatchObject({ overdue: false, reportOnTime: true });
    // Raised 30 hours after detection by the first ก2 report: that report is late.
    const detectedAt = hoursAgo(30);
    const late = await notified(graph(), bank, minimalReport({ severity: 'NON_SERIOUS', detectedAt }));
    await submitReport(graph(), bank.token, { incidentId: late.id, basedOnRevision: 1, report: { severity: 'SERIOUS' } });
    const d = await deadlines(late.id);
    expect(Date.parse(d.reportDueAt)).toBe(Date.parse(detectedAt) + 24 * HOUR);
    expect(d).toMatchObject({ overdue: false, reportOnTime: false });
  });

  it('drops a deadline not yet reached when the organization revises the level to NON_SERIOUS before ThaiCERT assesses it', async () => {
    const serious = await notified(graph(), bank, minimalReport({ detectedAt: hoursAgo(2) }));
    await submitReport(graph(), bank.token, { incidentId: serious.id, basedOnRevision: 1, report: { severity: 'NON_SERIOUS' } });
    expect(await deadlines(serious.id)).toMatchObject({ reportDueAt: null, overdue: false, reportOnTime: null });
  });

  it('keeps the regulator’s notification deadline (clause 4: any threat) for a NON_SERIOUS incident', async () => {
    const minor = await notified(graph(), bank, minimalReport({ severity: 'NON_SERIOUS', detectedAt: hoursAgo(30) }));
    expect(await deadlines(minor.id)).toMatchObject({ regulatorNotificationOverdue: true, regulatorNotificationOnTime: false });
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
    await graph().query(
      `mutation ($id: ID!) { assignReferenceNumber(incidentId: $id, referenceNumber: "NCSA-EVT-${incident.id.slice(-6)}") { id } }`,
      {
        token: graph().tokens.ncsa,
        variables: { id: incident.id },
      },
    );
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
    await submitReport(graph(), bank.token, {
      incidentId: incident.id,
      basedOnRevision: 1,
      report: { categories: ['CAT0_TRAINING_AND_EXERCISES'] },
    });
    expect((await events(incident.id)).length).toBe(before);
  });

  it('announces "deadline approaching" and "overdue" exactly once each, even with two replicas watching', async () => {
    // A second incidents replica on the same database, scanning as often as the first.
    const replica = await startIncidents(readIncidentsConfig({ ...graph().env, INCIDENTS_PORT: '0', SEED_DEMO_DATA: 'false' }));
    try {
      const approaching = await notified(graph(), bank, minimalReport({ detectedAt: hoursAgo(23) }));
      const overdue = await notified(graph(), bank, minimalReport({ detectedAt: hoursAgo(25) }));
      await expect.poll(async () => (await events(overdue.id)).map((e) => e.type), { timeout: 10_000 }).toContain('OVERDUE');
      await expect
        .poll(async () => (await events(approaching.id)).map((e) => e.type), { timeout: 10_000 })
        .toContain('DEADLINE_APPROACHING');
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
