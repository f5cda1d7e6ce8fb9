import type { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';

import { ThreatCategory, ThreatLevel } from '../../../../contracts/form-vocabulary.js';
import { RevisionKind } from '../vocabulary/incident-vocabulary.js';
import type { IncidentReport } from './incident-report.js';
import { assertRules, FINAL_CATEGORIES, REPORTABLE_CATEGORIES, type Submitted } from './report-rules.js';

const { CAT0_TRAINING_AND_EXERCISES, CAT1_UNSUCCESSFUL_ACTIVITY_ATTEMPT, CAT2_RECONNAISSANCE, CAT4_MALICIOUS_LOGIC } = ThreatCategory;
const { CAT8_INVESTIGATING, CAT9_EXPLAINED_ANOMALY } = ThreatCategory;
const { NOTIFICATION, REPORT, CLOSING_REPORT, DATA_UNAVAILABLE } = RevisionKind;

const NOW = new Date('2026-03-02T12:00:00Z');
const minutesFromNow = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const hoursAgo = (hours: number) => minutesFromNow(-hours * 60);

/** A report every kind of submission accepts: a level, a category, and a consistent timeline. */
const valid = (): IncidentReport => ({
  severity: ThreatLevel.SERIOUS,
  categories: [CAT4_MALICIOUS_LOGIC],
  occurredAt: hoursAgo(6),
  detectedAt: hoursAgo(4),
});

/** What the rules of `kind` raise for the report with `change` applied, or undefined when they accept it. */
function refusal(kind: RevisionKind, change: Partial<IncidentReport>, sent: Submitted['sent'] = null): GraphQLError | undefined {
  try {
    assertRules(kind, { content: { ...valid(), ...change }, sent, now: NOW });
    return undefined;
  } catch (error) {
    return error as GraphQLError;
  }
}

describe('the categories the Announcement lets an open and a closed incident carry', () => {
  it('reports categories 2–8 one by one', () => {
    expect([...REPORTABLE_CATEGORIES].map((c) => c.slice(0, 4))).toEqual(['CAT2', 'CAT3', 'CAT4', 'CAT5', 'CAT6', 'CAT7', 'CAT8']);
  });

  it('closes with categories 2–7 or 9', () => {
    expect([...FINAL_CATEGORIES].map((c) => c.slice(0, 4))).toEqual(['CAT2', 'CAT3', 'CAT4', 'CAT5', 'CAT6', 'CAT7', 'CAT9']);
  });
});

describe('the Announcement’s rules, refused with BAD_USER_INPUT naming the field', () => {
  it.each<[string, RevisionKind, Partial<IncidentReport>, Submitted['sent'], string, RegExp]>([
    // Clause 4–5: what is reported one by one.
    ['category 0', NOTIFICATION, { categories: [CAT0_TRAINING_AND_EXERCISES] }, null, 'categories', /^categories: 0 cannot be reported/],
    ['category 1', NOTIFICATION, { categories: [CAT1_UNSUCCESSFUL_ACTIVITY_ATTEMPT] }, null, 'categories', /^categories: 1 cannot be/],
    [
      'category 9 beside a reportable one',
      NOTIFICATION,
      { categories: [CAT4_MALICIOUS_LOGIC, CAT9_EXPLAINED_ANOMALY] },
      null,
      'categories',
      /^categories: 9 cannot be reported — categories 0, 1 and 9 are not reportable threats \(only 2–8 are\)$/,
    ],
    [
      'categories 0 and 1 together, both named',
      REPORT,
      { categories: [CAT0_TRAINING_AND_EXERCISES, CAT1_UNSUCCESSFUL_ACTIVITY_ATTEMPT] },
      null,
      'categories',
      /^categories: 0, 1 cannot be reported/,
    ],
    [
      'category 1 in a data-unavailable notice',
      DATA_UNAVAILABLE,
      { categories: [CAT1_UNSUCCESSFUL_ACTIVITY_ATTEMPT] },
      null,
      'categories',
      /1 cannot/,
    ],
    // What a report always has.
    [
      'no category',
      NOTIFICATION,
      { categories: [] },
      null,
      'categories',
      /^categories: give at least one threat category; it cannot be cleared$/,
    ],
    ['categories null', REPORT, { categories: null }, null, 'categories', /^categories: give at least one/],
    ['no threat level', NOTIFICATION, { severity: null }, null, 'severity', /^severity: the threat level is required \(ยังไม่สามารถระบุได้/],
    ['no detection time', DATA_UNAVAILABLE, { detectedAt: null }, null, 'detectedAt', /^detectedAt: when the organization became aware/],
    [
      'a closing report clearing the categories of its report, though its final categories stand',
      CLOSING_REPORT,
      {},
      { categories: [] },
      'categories',
      /^categories: give at least one threat category; it cannot be cleared$/,
    ],
    ['a report clearing the threat level it sent', REPORT, {}, { severity: null }, 'severity', /^severity: .*cannot be cleared$/],
    // The timeline.
    ['detection before the threat occurred', NOTIFICATION, { detectedAt: hoursAgo(7) }, null, 'detectedAt', /detection cannot come before/],
    [
      'a detection time more than five minutes ahead',
      NOTIFICATION,
      { detectedAt: minutesFromNow(6) },
      null,
      'detectedAt',
      /^detectedAt: 2026-03-02T12:06:00\.000Z is in the future$/,
    ],
    ['an occurrence in the future', REPORT, { occurredAt: minutesFromNow(60) }, null, 'occurredAt', /is in the future/],
    ['telling the regulator in the future', REPORT, { regulatorNotifiedAt: minutesFromNow(60) }, null, 'regulatorNotifiedAt', /future/],
    [
      'telling the regulator before the threat occurred',
      REPORT,
      { regulatorNotifiedAt: hoursAgo(7) },
      null,
      'regulatorNotifiedAt',
      /regulator cannot be told before the threat occurred/,
    ],
    [
      'the attacker’s first access after detection',
      REPORT,
      { partTwo: { attackerFirstAccessAt: hoursAgo(3) } },
      null,
      'partTwo.attackerFirstAccessAt',
      /first access cannot come after detection/,
    ],
    [
      'a first access time given and marked unknown',
      REPORT,
      { partTwo: { attackerFirstAccessAt: hoursAgo(5), attackerFirstAccessUnknown: true } },
      null,
      'partTwo.attackerFirstAccessUnknown',
      /not unknown/,
    ],
    ['an end before the threat occurred', REPORT, { partTwo: { endedAt: hoursAgo(8) } }, null, 'partTwo.endedAt', /cannot end before/],
    ['an end in the future', CLOSING_REPORT, { partTwo: { endedAt: minutesFromNow(30) } }, null, 'partTwo.endedAt', /future/],
    // The closing report's final categories.
    ['closing with no categories', CLOSING_REPORT, { categories: [] }, null, 'finalCategories', /^finalCategories: state the final/],
    [
      'closing with 8 alone',
      CLOSING_REPORT,
      { categories: [CAT8_INVESTIGATING] },
      null,
      'finalCategories',
      /8 \(investigating\) is provisional/,
    ],
    [
      'closing with 8 beside a final category',
      CLOSING_REPORT,
      { categories: [CAT4_MALICIOUS_LOGIC, CAT8_INVESTIGATING] },
      null,
      'finalCategories',
      /^finalCategories: 8 cannot be final; the final categories are 2–7, or 9$/,
    ],
    [
      'closing with 0',
      CLOSING_REPORT,
      { categories: [CAT0_TRAINING_AND_EXERCISES] },
      null,
      'finalCategories',
      /^finalCategories: 0 cannot be final/,
    ],
    [
      'closing with 9 beside another category',
      CLOSING_REPORT,
      { categories: [CAT9_EXPLAINED_ANOMALY, CAT2_RECONNAISSANCE] },
      null,
      'finalCategories',
      /9 \(explained anomaly, no threat\) cannot stand with other categories/,
    ],
    [
      'closing with 8 alone and no threat level: the final categories are named first',
      CLOSING_REPORT,
      { categories: [CAT8_INVESTIGATING], severity: null },
      null,
      'finalCategories',
      /provisional/,
    ],
    [
      'closing with a detection before the occurrence',
      CLOSING_REPORT,
      { detectedAt: hoursAgo(9) },
      null,
      'detectedAt',
      /cannot come before/,
    ],
  ])('refuses %s', (_case, kind, change, sent, field, message) => {
    const error = refusal(kind, change, sent);
    // Issue 15 (8b): a rule's refusal also carries the invalidFields of a format refusal; each code is checked below.
    expect(error?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field,
      invalidFields: [{ field, problems: [error?.message], codes: [expect.any(String)] }],
    });
    expect(error?.message).toMatch(message);
  });

  it.each<[string, RevisionKind, Partial<IncidentReport>]>([
    ['a notification of category 8 (investigating)', NOTIFICATION, { categories: [CAT8_INVESTIGATING] }],
    ['an undetermined level', NOTIFICATION, { severity: ThreatLevel.UNDETERMINED }],
    ['a detection time up to five minutes ahead (clock skew)', NOTIFICATION, { detectedAt: minutesFromNow(5) }],
    ['a detection at the very moment the threat occurred', REPORT, { detectedAt: hoursAgo(6) }],
    [
      'a complete timeline in order',
      REPORT,
      { regulatorNotifiedAt: hoursAgo(3), partTwo: { attackerFirstAccessAt: hoursAgo(5), endedAt: hoursAgo(1) } },
    ],
    ['a first access marked unknown without a time', REPORT, { partTwo: { attackerFirstAccessUnknown: true } }],
    ['a report with no occurrence time', DATA_UNAVAILABLE, { occurredAt: null }],
    ['closing with 9 when the analysis found no threat', CLOSING_REPORT, { categories: [CAT9_EXPLAINED_ANOMALY] }],
    ['closing with several final categories', CLOSING_REPORT, { categories: [CAT2_RECONNAISSANCE, CAT4_MALICIOUS_LOGIC] }],
  ])('accepts %s', (_case, kind, change) => {
    expect(refusal(kind, change)).toBeUndefined();
  });

  it('leaves alone what a submission did not send, as long as the report still has it', () => {
    expect(refusal(REPORT, {}, { trackingUnit: 'SOC' })).toBeUndefined();
    expect(refusal(REPORT, {}, { severity: undefined })).toBeUndefined();
  });

  it('reads times given as ISO strings, as stored content carries them', () => {
    const stored = { detectedAt: hoursAgo(7).toISOString() } as unknown as Partial<IncidentReport>;
    expect(refusal(NOTIFICATION, stored)?.message).toMatch(/^detectedAt: detection cannot come before the threat occurred$/);
  });
});

describe('each rule’s refusal, in the shape of a format refusal with a stable code', () => {
  it.each<[string, RevisionKind, Partial<IncidentReport>, string, string]>([
    ['category 0', NOTIFICATION, { categories: [CAT0_TRAINING_AND_EXERCISES] }, 'categories', 'NOT_REPORTABLE_CATEGORY'],
    ['no threat level', REPORT, { severity: null }, 'severity', 'REQUIRED'],
    ['no final category', CLOSING_REPORT, { categories: [] }, 'finalCategories', 'REQUIRED'],
    ['category 8 at closing', CLOSING_REPORT, { categories: [CAT8_INVESTIGATING] }, 'finalCategories', 'NOT_A_FINAL_CATEGORY'],
    [
      '9 beside another at closing',
      CLOSING_REPORT,
      { categories: [CAT2_RECONNAISSANCE, CAT9_EXPLAINED_ANOMALY] },
      'finalCategories',
      'CATEGORY_STANDS_ALONE',
    ],
    ['detection in the future', REPORT, { detectedAt: minutesFromNow(60) }, 'detectedAt', 'IN_THE_FUTURE'],
    ['detection before occurrence', REPORT, { occurredAt: hoursAgo(2), detectedAt: hoursAgo(3) }, 'detectedAt', 'BEFORE_OCCURRED'],
    ['regulator told before occurrence', REPORT, { regulatorNotifiedAt: hoursAgo(7) }, 'regulatorNotifiedAt', 'BEFORE_OCCURRED'],
    [
      'first access after detection',
      REPORT,
      { partTwo: { attackerFirstAccessAt: hoursAgo(1) } },
      'partTwo.attackerFirstAccessAt',
      'AFTER_DETECTION',
    ],
    [
      'first access given and unknown',
      REPORT,
      { partTwo: { attackerFirstAccessAt: hoursAgo(5), attackerFirstAccessUnknown: true } },
      'partTwo.attackerFirstAccessUnknown',
      'CONTRADICTS_OTHER_FIELD',
    ],
    ['ended before occurrence', REPORT, { partTwo: { endedAt: hoursAgo(8) } }, 'partTwo.endedAt', 'BEFORE_OCCURRED'],
  ])('%s: %s is %s', (_name, kind, change, field, code) => {
    const error = refusal(kind, change);
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(error?.extensions.invalidFields).toEqual([{ field, problems: [error!.message], codes: [code] }]);
  });
});
