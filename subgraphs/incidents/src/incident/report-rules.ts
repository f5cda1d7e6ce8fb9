import { badUserInput } from '../../../shared/errors.js';
import { ThreatCategory } from '../../../shared/form-vocabulary.js';
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

export function assertReportableCategories(categories: readonly ThreatCategory[] | null | undefined): void {
  if (!categories || categories.length === 0) {
    throw badUserInput('categories: give at least one threat category (2–8)', { field: 'categories' });
  }
  const refused = categories.filter((c) => !REPORTABLE_CATEGORIES.has(c));
  if (refused.length > 0) {
    throw badUserInput(
      `categories: ${refused.map(number).join(', ')} cannot be reported — categories 0, 1 and 9 are not reportable threats (only 2–8 are)`,
      { field: 'categories' },
    );
  }
}

export function assertFinalCategories(categories: readonly ThreatCategory[]): void {
  if (categories.length === 0) throw badUserInput('finalCategories: state the final categories (2–7, or 9)', { field: 'finalCategories' });
  if (categories.every((c) => c === ThreatCategory.CAT8_INVESTIGATING)) {
    throw badUserInput('finalCategories: 8 (investigating) is provisional and cannot close an incident; state the final categories 2–7, or 9', {
      field: 'finalCategories',
    });
  }
  const refused = categories.filter((c) => !FINAL_CATEGORIES.has(c));
  if (refused.length > 0) {
    throw badUserInput(`finalCategories: ${refused.map(number).join(', ')} cannot be final; the final categories are 2–7, or 9`, {
      field: 'finalCategories',
    });
  }
  if (categories.includes(ThreatCategory.CAT9_EXPLAINED_ANOMALY) && categories.length > 1) {
    throw badUserInput('finalCategories: 9 (explained anomaly, no threat) cannot stand with other categories', { field: 'finalCategories' });
  }
}

/** What a report must always have once notified: these cannot be cleared. */
export function assertEssentials(report: IncidentReport): void {
  if (!report.severity) throw badUserInput('severity: the threat level is required (ยังไม่สามารถระบุได้ if unknown)', { field: 'severity' });
  if (!report.detectedAt) throw badUserInput('detectedAt: when the organization became aware of the threat is required', { field: 'detectedAt' });
  assertReportableCategories(report.categories);
}

/** The order of events must make sense, and none of them may lie in the future. */
export function assertTimeline(report: IncidentReport, now: Date): void {
  const times: [string, Date | null][] = [
    ['occurredAt', dateOf(report.occurredAt)],
    ['detectedAt', dateOf(report.detectedAt)],
    ['regulatorNotifiedAt', dateOf(report.regulatorNotifiedAt)],
    ['partTwo.attackerFirstAccessAt', dateOf(report.partTwo?.attackerFirstAccessAt)],
    ['partTwo.endedAt', dateOf(report.partTwo?.endedAt)],
  ];
  for (const [field, time] of times) {
    if (time && time.getTime() > now.getTime() + CLOCK_SKEW_MS) {
      throw badUserInput(`${field}: ${time.toISOString()} is in the future`, { field });
    }
  }
  const [occurred, detected, notified, firstAccess, ended] = times.map(([, t]) => t);
  const refuse = (field: string, message: string) => badUserInput(`${field}: ${message}`, { field });
  if (occurred && detected && detected < occurred) throw refuse('detectedAt', 'detection cannot come before the threat occurred');
  if (firstAccess && detected && firstAccess > detected) {
    throw refuse('partTwo.attackerFirstAccessAt', 'the attacker’s first access cannot come after detection');
  }
  if (firstAccess && report.partTwo?.attackerFirstAccessUnknown) {
    throw refuse('partTwo.attackerFirstAccessUnknown', 'the first access time is given, so it is not unknown');
  }
  if (notified && occurred && notified < occurred) throw refuse('regulatorNotifiedAt', 'the regulator cannot be told before the threat occurred');
  if (ended && occurred && ended < occurred) throw refuse('partTwo.endedAt', 'the incident cannot end before it occurred');
}
