import { randomUUID } from 'node:crypto';

import { getNamedType } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';

import { apiSchema, mutationsWith, mutationText } from '../api-schema.js';
import { demo, organizationCaller, useGraph } from '../graph.js';
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

const inFuture = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

describe('the Announcement’s rules, refused with BAD_USER_INPUT and a clear message', () => {
  it.each([
    ['category 0 (training and exercises)', { categories: ['CAT0_TRAINING_AND_EXERCISES'] }, /0 cannot be reported.*not reportable/],
    ['category 1 (unsuccessful attempt)', { categories: ['CAT1_UNSUCCESSFUL_ACTIVITY_ATTEMPT'] }, /1 cannot be reported/],
    ['category 9 (explained anomaly)', { categories: ['CAT4_MALICIOUS_LOGIC', 'CAT9_EXPLAINED_ANOMALY'] }, /9 cannot be reported/],
    ['no category at all', { categories: [] }, /at least one threat category/],
    ['no threat level', { severity: null }, /severity/],
    ['no detection time', { detectedAt: null }, /detectedAt/],
    ['detection before the threat occurred', { occurredAt: hoursAgo(1), detectedAt: hoursAgo(2) }, /detection cannot come before/],
    ['a detection time in the future', { detectedAt: inFuture(2) }, /in the future/],
    [
      'the attacker’s first access after detection',
      { detectedAt: hoursAgo(3), partTwo: { attackerFirstAccessAt: hoursAgo(1) } },
      /first access cannot come after detection/,
    ],
    [
      'a first access time given and marked unknown',
      { partTwo: { attackerFirstAccessAt: hoursAgo(5), attackerFirstAccessUnknown: true } },
      /not unknown/,
    ],
    ['a CVE id not in CVE format', { partTwo: { cveIds: ['CVE-2024-3400', 'cve2024'] } }, /CVE id/],
    ['a negative number of people affected', { partTwo: { impact: { peopleAffected: -1 } } }, /peopleAffected/],
    ['a negative estimated damage', { partTwo: { impact: { estimatedDamageThb: -10 } } }, /estimatedDamageThb/],
    ['a negative record count', { partTwo: { impact: { personalDataBreach: { recordsAffected: -5 } } } }, /recordsAffected/],
    ['a text over its length limit', { trackingUnit: 'x'.repeat(501) }, /trackingUnit/],
    ['a long text over its limit', { partTwo: { attackTimeline: 'x'.repeat(10_001) } }, /attackTimeline/],
    ['a contact e-mail that is not one', { contact: { email: 'soc-at-bank' } }, /e-mail/],
  ])('refuses a notification with %s', async (_case, change, mention) => {
    const res = await notify(graph(), bank, minimalReport(change));
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.message).toMatch(mention);
    expect(res.data?.notifyIncident ?? null).toBeNull();
  });

  it('applies the same rules to a report, which cannot clear what a notification must have', async () => {
    const incident = await notified(graph(), bank);
    for (const report of [{ categories: ['CAT1_UNSUCCESSFUL_ACTIVITY_ATTEMPT'] }, { severity: null }, { detectedAt: inFuture(1) }]) {
      const res = await submitReport(graph(), bank.token, { incidentId: incident.id, basedOnRevision: 1, report });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    }
  });

  it.each([
    ['8 (investigating) alone', ['CAT8_INVESTIGATING'], /provisional/],
    ['8 with a final category', ['CAT4_MALICIOUS_LOGIC', 'CAT8_INVESTIGATING'], /8 cannot be final/],
    ['0', ['CAT0_TRAINING_AND_EXERCISES'], /0 cannot be final/],
    ['9 with another category', ['CAT9_EXPLAINED_ANOMALY', 'CAT2_RECONNAISSANCE'], /9 .* cannot stand with other/],
    ['no categories', [], /state the final categories/],
  ])('refuses to close with %s', async (_case, finalCategories, mention) => {
    const incident = await notified(graph(), bank);
    const res = await close(graph(), bank.token, { incidentId: incident.id, basedOnRevision: 1, finalCategories });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.message).toMatch(mention);
  });

  it('closes with 9 when the analysis found no threat after all', async () => {
    const incident = await notified(graph(), bank, minimalReport({ categories: ['CAT8_INVESTIGATING'] }));
    const res = await close(graph(), bank.token, {
      incidentId: incident.id,
      basedOnRevision: 1,
      finalCategories: ['CAT9_EXPLAINED_ANOMALY'],
    });
    expect(res.data?.closeIncident).toMatchObject({ status: 'CLOSED', categories: ['CAT9_EXPLAINED_ANOMALY'] });
  });

  it('lets an organization report only for itself', async () => {
    const other = await graph().token(organizationCaller(demo.organization('chaophraya-bank')));
    const res = await notify(graph(), { id: bank.id, token: other });
    expect(codes(res)).toEqual(['FORBIDDEN']);
    const incident = await notified(graph(), bank);
    const report = await submitReport(graph(), other, {
      incidentId: incident.id,
      basedOnRevision: 1,
      report: { trackingUnit: 'not mine' },
    });
    expect(codes(report)).toEqual(['NOT_FOUND']); // as for an unknown id: see incident-scope.e2e.ts
  });

  it('lets only organizations report: not regulators, ThaiCERT, NCSA or the public', async () => {
    for (const token of [graph().tokens.regulator, graph().tokens.thaicert, graph().tokens.ncsa, undefined]) {
      const res = await notify(graph(), { id: bank.id, token: token! });
      expect(codes(res)).toEqual(['FORBIDDEN']);
    }
  });

  it.each([
    ['a FOLLOW_UP without the earlier incident', { continuity: 'FOLLOW_UP' }, /followUpOfIncidentId/],
    [
      'a NEW incident naming an earlier one',
      { continuity: 'NEW', followUpOfIncidentId: '00000000-0000-4000-8000-000000000000' },
      /FOLLOW_UP/,
    ],
  ])('refuses %s', async (_case, extra, mention) => {
    const res = await notify(graph(), bank, minimalReport(), extra);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.message).toMatch(mention);
  });

  it('answers a follow-up of an incident that is not its own with NOT_FOUND, as a read would', async () => {
    const res = await notify(graph(), bank, minimalReport(), {
      continuity: 'FOLLOW_UP',
      followUpOfIncidentId: '00000000-0000-4000-8000-000000000000',
    });
    expect(codes(res)).toEqual(['NOT_FOUND']);
  });

  it('answers an unknown incident with NOT_FOUND', async () => {
    const res = await submitReport(graph(), bank.token, {
      incidentId: '00000000-0000-4000-8000-000000000000',
      basedOnRevision: 1,
      report: {},
    });
    expect(codes(res)).toEqual(['NOT_FOUND']);
  });
});

/** A valid call of each mutation that carries a report, about a fresh incident of the bank, with `report` in it. */
const CARRIES_REPORT: Record<string, (report: Record<string, unknown>) => Promise<Record<string, unknown>>> = {
  notifyIncident: async (report) => ({
    input: { organizationId: bank.id, idempotencyKey: randomUUID(), report: { ...minimalReport(), ...report } },
  }),
  submitIncidentReport: async (report) => ({ input: { incidentId: (await notified(graph(), bank)).id, basedOnRevision: 1, report } }),
  closeIncident: async (report) => ({
    input: { incidentId: (await notified(graph(), bank)).id, basedOnRevision: 1, finalCategories: ['CAT4_MALICIOUS_LOGIC'], report },
  }),
};

describe('what a report must always have', () => {
  it('is refused cleared, with BAD_USER_INPUT, by every kind of submission that carries a report, and the submission is kept', async () => {
    const schema = await apiSchema(graph());
    const carrying = mutationsWith(schema, (_name, type) => getNamedType(type).name === 'IncidentReportInput');
    expect([...carrying.keys()].sort()).toEqual(Object.keys(CARRIES_REPORT).sort());
    const clearings: [string, unknown][] = [
      ['severity', null],
      ['categories', null],
      ['categories', []],
      ['detectedAt', null],
    ];
    for (const name of carrying.keys()) {
      const call = (variables: Record<string, unknown>) =>
        graph().query(mutationText(schema, name, 'id'), { token: bank.token, variables });
      const accepted = await call(await CARRIES_REPORT[name]!({ trackingUnit: 'nothing cleared' }));
      expect(accepted.errors, `${name} as given`).toBeUndefined();
      for (const [field, value] of clearings) {
        const marker = `${name} clearing ${field} ${randomUUID()}`;
        const res = await call(await CARRIES_REPORT[name]!({ [field]: value, trackingUnit: marker }));
        expect(codes(res), `${name} with ${field}: ${JSON.stringify(value)}`).toEqual(['BAD_USER_INPUT']);
        expect(res.errors?.[0]?.message).toMatch(new RegExp(`^${field}: `));
        const kept = (await refusedSubmissions(graph(), bank.token)).find((r) => r.arguments.input.report.trackingUnit === marker);
        expect(kept, `${name} with ${field} cleared is kept`).toMatchObject({ operation: name, errorCode: 'BAD_USER_INPUT' });
      }
    }
  });
});
