import { ThreatCategory } from '../../../../contracts/form-vocabulary.js';
import { invalidField, ProblemCode } from '../../../../platform/errors.js';
import { RevisionKind } from '../vocabulary/incident-vocabulary.js';
import type { IncidentReport } from './incident-report.js';
import { dateOf } from './report-content.js';

/** Clause 4–5: only categories 2–8 are reported one by one; 0, 1 and 9 only in the annual summary. */
export const REPORTABLE_CATEGORIES: ReadonlySet<ThreatCategory> = new Set([
  ThreatCategory.CAT2_RECONNAISSANCE,
  ThreatCategory.CAT3_NON_COMPLIANCE_ACTIVITY,
  ThreatCategory.CAT4_MALICIOUS_LOGIC,
  ThreatCategory.CAT5_USER_LEVEL_INTRUSION,
  ThreatCategory.CAT6_ROOT_LEVEL_INTRUSION,
  ThreatCategory.CAT7_DENIAL_OF_SERVICE,
  ThreatCategory.CAT8_INVESTIGATING,
]);

/** A closing report states the final categories: 2–7, or 9 when the analysis found no threat. */
export const FINAL_CATEGORIES: ReadonlySet<ThreatCategory> = new Set([
  ...[...REPORTABLE_CATEGORIES].filter((c) => c !== ThreatCategory.CAT8_INVESTIGATING),
  ThreatCategory.CAT9_EXPLAINED_ANOMALY,
]);

/** Clocks differ a little; a time up to this far ahead is not "in the future". */
const CLOCK_SKEW_MS = 5 * 60_000;

const number = (category: ThreatCategory) => category.slice(3, 4);

/** What a rule is shown: the report as the new revision would carry it, and what was sent. */
export interface Submitted {
  /** The report after the submission (the earlier content with the submission applied). */
  content: IncidentReport;
  /** The report fields the submission sent (omitted: unchanged; null: cleared); null for a notice that sends none. */
  sent: Partial<Record<keyof IncidentReport, unknown>> | null;
  now: Date;
}

const refuse = (field: string, code: ProblemCode, problem: string) => invalidField(field, code, `${field}: ${problem}`);

/** One rule of the Announcement: throws BAD_USER_INPUT, naming the field and the problem's code, when a submission breaks it. */
export type ReportRule = (submitted: Submitted) => void;

const REQUIRED: readonly { field: 'severity' | 'categories' | 'detectedAt'; what: string }[] = [
  { field: 'severity', what: 'the threat level is required (ยังไม่สามารถระบุได้ if unknown)' },
  { field: 'categories', what: 'give at least one threat category' },
  { field: 'detectedAt', what: 'when the organization became aware of the threat is required' },
];
const cleared = (value: unknown) => value == null || (Array.isArray(value) && value.length === 0);

/** Once notified, a report always has these: a submission can neither leave them out nor clear them. */
const requiredFields: ReportRule = ({ content, sent }) => {
  for (const { field, what } of REQUIRED) {
    // `sent` too: a closing report's categories are its finalCategories, so clearing them in its report would be dropped unseen.
    if (cleared(content[field]) || (sent?.[field] !== undefined && cleared(sent[field])))
      throw refuse(field, ProblemCode.REQUIRED, `${what}; it cannot be cleared`);
  }
};

/** Clause 4–5: while open, an incident is in one of the categories reported one by one. */
const reportableCategories: ReportRule = ({ content }) => {
  const refused = (content.categories ?? []).filter((c) => !REPORTABLE_CATEGORIES.has(c));
  if (refused.length > 0) {
    throw refuse(
      'categories',
      ProblemCode.NOT_REPORTABLE_CATEGORY,
      `${refused.map(number).join(', ')} cannot be reported — categories 0, 1 and 9 are not reportable threats (only 2–8 are)`,
    );
  }
};

/** The closing report states the final categories (its `finalCategories` become the report's categories). */
const finalCategories: ReportRule = ({ content }) => {
  const categories = content.categories ?? [];
  if (categories.length === 0) throw refuse('finalCategories', ProblemCode.REQUIRED, 'state the final categories (2–7, or 9)');
  if (categories.every((c) => c === ThreatCategory.CAT8_INVESTIGATING)) {
    throw refuse(
      'finalCategories',
      ProblemCode.NOT_A_FINAL_CATEGORY,
      '8 (investigating) is provisional and cannot close an incident; state the final categories 2–7, or 9',
    );
  }
  const refused = categories.filter((c) => !FINAL_CATEGORIES.has(c));
  if (refused.length > 0)
    throw refuse(
      'finalCategories',
      ProblemCode.NOT_A_FINAL_CATEGORY,
      `${refused.map(number).join(', ')} cannot be final; the final categories are 2–7, or 9`,
    );
  if (categories.includes(ThreatCategory.CAT9_EXPLAINED_ANOMALY) && categories.length > 1) {
    throw refuse(
      'finalCategories',
      ProblemCode.CATEGORY_STANDS_ALONE,
      '9 (explained anomaly, no threat) cannot stand with other categories',
    );
  }
};

/** The order of events must make sense, and none of them may lie in the future. */
const timeline: ReportRule = ({ content: report, now }) => {
  const times: [string, Date | null][] = [
    ['occurredAt', dateOf(report.occurredAt)],
    ['detectedAt', dateOf(report.detectedAt)],
    ['regulatorNotifiedAt', dateOf(report.regulatorNotifiedAt)],
    ['partTwo.attackerFirstAccessAt', dateOf(report.partTwo?.attackerFirstAccessAt)],
    ['partTwo.endedAt', dateOf(report.partTwo?.endedAt)],
  ];
  for (const [field, time] of times) {
    if (time && time.getTime() > now.getTime() + CLOCK_SKEW_MS)
      throw refuse(field, ProblemCode.IN_THE_FUTURE, `${time.toISOString()} is in the future`);
  }
  const [occurred, detected, notified, firstAccess, ended] = times.map(([, t]) => t);
  if (occurred && detected && detected < occurred)
    throw refuse('detectedAt', ProblemCode.BEFORE_OCCURRED, 'detection cannot come before the threat occurred');
  if (firstAccess && detected && firstAccess > detected) {
    throw refuse('partTwo.attackerFirstAccessAt', ProblemCode.AFTER_DETECTION, 'the attacker’s first access cannot come after detection');
  }
  if (firstAccess && report.partTwo?.attackerFirstAccessUnknown) {
    throw refuse(
      'partTwo.attackerFirstAccessUnknown',
      ProblemCode.CONTRADICTS_OTHER_FIELD,
      'the first access time is given, so it is not unknown',
    );
  }
  if (notified && occurred && notified < occurred)
    throw refuse('regulatorNotifiedAt', ProblemCode.BEFORE_OCCURRED, 'the regulator cannot be told before the threat occurred');
  if (ended && occurred && ended < occurred)
    throw refuse('partTwo.endedAt', ProblemCode.BEFORE_OCCURRED, 'the incident cannot end before it occurred');
};

/** What every report must satisfy, whatever submitted it: a new rule of the Announcement is one line here. */
const ALWAYS: readonly ReportRule[] = [requiredFields, timeline];

/**
 * The rules of each kind of submission, checked on the report its revision would carry. Every kind
 * is listed (the type requires it), so none can skip a rule; a notice that changes nothing is
 * checked too, on the report as it stands.
 */
const RULES: Readonly<Record<RevisionKind, readonly ReportRule[]>> = {
  [RevisionKind.NOTIFICATION]: [...ALWAYS, reportableCategories],
  [RevisionKind.REPORT]: [...ALWAYS, reportableCategories],
  // The final categories first: their messages name finalCategories, the field the caller gave.
  [RevisionKind.CLOSING_REPORT]: [finalCategories, ...ALWAYS],
  [RevisionKind.DATA_UNAVAILABLE]: [...ALWAYS, reportableCategories],
};

/** Refuses, with BAD_USER_INPUT, a submission of this kind that breaks any of its rules. */
export function assertRules(kind: RevisionKind, submitted: Submitted): void {
  for (const rule of RULES[kind]) rule(submitted);
}
