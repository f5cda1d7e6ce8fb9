import { ThreatLevel } from '../../../../contracts/form-vocabulary.js';
import type { Incident } from './incident.entity.js';

/*
 * Deadlines are instants in UTC, compared with the server clock; a missed one is visible and
 * queryable (Cybersecurity Act §73 fines failing to report without reasonable cause).
 */

/** Clause 5: the full report is due 24 hours after detection. */
export const REPORT_DUE_HOURS = 24;

const HOUR_MS = 3_600_000;

/**
 * The levels at which a threat is significant (clause 5: "อย่างมีนัยสำคัญ"), so the ก2 report is
 * due. UNDETERMINED counts until ThaiCERT assesses it: the reporter could not rule significance out.
 */
export const SIGNIFICANT_LEVELS: ReadonlySet<ThreatLevel> = new Set([
  ThreatLevel.SERIOUS,
  ThreatLevel.CRITICAL_A,
  ThreatLevel.CRITICAL_B,
  ThreatLevel.UNDETERMINED,
]);

/** What changed the incident's level or detection time. */
export enum DutyChange {
  /** A submission of the organization's (ก1, ก2, closing report). */
  SUBMISSION = 'SUBMISSION',
  /** ThaiCERT's (re)assessment of the level. */
  ASSESSMENT = 'ASSESSMENT',
}

/** What the ก2 duty is decided from and writes: an Incident, or a row a migration replays. */
export type ReportDuty = Pick<
  Incident,
  | 'severity'
  | 'detectedAt'
  | 'reportDueAt'
  | 'reportFiledAt'
  | 'reportDutyAssessedAt'
  | 'deadlineApproachingAnnouncedAt'
  | 'overdueAnnouncedAt'
>;

/** The deadline was met (a report filed) or missed (its time passed): what happened then is history. */
const settled = (incident: ReportDuty, now: Date): boolean =>
  !!incident.reportDueAt && (!!incident.reportFiledAt || incident.reportDueAt <= now);

/**
 * Brings the ก2 deadline in line with the incident's effective level (`severity`: assessed, else
 * reported) and detection time, after `change` at `now`. Call it after every change to either.
 *
 * - Significant: due 24 hours after detection. When ThaiCERT's assessment is what made the incident
 *   significant, 24 hours after that assessment if later (the organization could not have known).
 *   The organization's own revision to a significant level gives no such grace: the Announcement
 *   runs the 24 hours from detection, and the revision is itself the ก2 report, recorded late if
 *   it is.
 * - NON_SERIOUS: no deadline — unless it was already met or missed while the incident was
 *   significant. A deadline missed stays missed (overdue until a report is filed, then late), and
 *   one met stays met: a later reassessment does not rewrite the record a regulator audits.
 * - A duty that starts anew (none before) is announced anew by the deadline watcher.
 */
export function applyReportDuty(incident: ReportDuty, change: DutyChange, now: Date): void {
  const applies = SIGNIFICANT_LEVELS.has(incident.severity) || settled(incident, now);
  if (!applies) {
    incident.reportDueAt = null;
    incident.reportDutyAssessedAt = null;
    return;
  }
  if (!incident.reportDueAt) {
    incident.reportDutyAssessedAt = change === DutyChange.ASSESSMENT ? now : null;
    incident.deadlineApproachingAnnouncedAt = null;
    incident.overdueAnnouncedAt = null;
  }
  incident.reportDueAt = new Date(dutyStart(incident) + REPORT_DUE_HOURS * HOUR_MS);
}

/** When the ก2 duty's hours start: detection, or ThaiCERT's assessment if that made the threat significant later. */
const dutyStart = (incident: Pick<Incident, 'detectedAt' | 'reportDutyAssessedAt'>): number =>
  Math.max(incident.detectedAt.getTime(), incident.reportDutyAssessedAt?.getTime() ?? 0);

/** What the regulator's ก2 deadline is decided from and writes. */
export type RegulatorReportDuty = Pick<
  Incident,
  'detectedAt' | 'reportDueAt' | 'reportDutyAssessedAt' | 'regulatorReportDeadlineHours' | 'regulatorReportDueAt'
>;

/**
 * The ก2 report must also reach the regulator "within the time the regulator prescribes" (clause
 * 5, second sentence): the same duty as towards NCSA — whether it applies and from when it runs,
 * so call it after {@link applyReportDuty} — with the regulator's hours. None when the regulator has
 * set no report deadline.
 */
export function applyRegulatorReportDuty(incident: RegulatorReportDuty): void {
  const hours = incident.regulatorReportDeadlineHours;
  incident.regulatorReportDueAt = incident.reportDueAt && hours != null ? new Date(dutyStart(incident) + hours * HOUR_MS) : null;
}

/** Something done once by a deadline: due and not done. Never without a deadline. */
const overdue = (dueAt: Date | null | undefined, doneAt: Date | null | undefined, now: Date): boolean => !doneAt && !!dueAt && dueAt <= now;

/** Done by the deadline: true; done late, or past due and not done: false; still open, or no deadline: null. */
function onTime(dueAt: Date | null | undefined, doneAt: Date | null | undefined, now: Date): boolean | null {
  if (!dueAt) return null;
  if (doneAt) return doneAt <= dueAt;
  return overdue(dueAt, doneAt, now) ? false : null;
}

/** The ก2 report is due and not filed. Never for an incident without the duty. */
export const reportOverdue = (incident: Incident, now: Date): boolean => overdue(incident.reportDueAt, incident.reportFiledAt, now);

/** Filed by the deadline: true; filed late or past due unfiled: false; still open, or no duty: null. */
export const reportOnTime = (incident: Incident, now: Date): boolean | null => onTime(incident.reportDueAt, incident.reportFiledAt, now);

/**
 * The ก2 reaches the regulator when it is filed here (the regulator reads it in this graph, part 2
 * excepted when the reporter restricted it), so the regulator's deadline is judged on the filing too.
 */
export const regulatorReportOverdue = (incident: Incident, now: Date): boolean =>
  overdue(incident.regulatorReportDueAt, incident.reportFiledAt, now);

/** As {@link reportOnTime}, for the regulator's report deadline; null also when its regulator has set none. */
export const regulatorReportOnTime = (incident: Incident, now: Date): boolean | null =>
  onTime(incident.regulatorReportDueAt, incident.reportFiledAt, now);

/** The regulator's deadline has passed and the organization has not said it told the regulator. */
export const regulatorNotificationOverdue = (incident: Incident, now: Date): boolean =>
  overdue(incident.regulatorNotificationDueAt, incident.regulatorNotifiedAt, now);

/** As {@link reportOnTime}, for telling the regulator; null also when the organization has no regulator. */
export const regulatorNotificationOnTime = (incident: Incident, now: Date): boolean | null =>
  onTime(incident.regulatorNotificationDueAt, incident.regulatorNotifiedAt, now);
