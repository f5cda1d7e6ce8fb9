import { HandlingStatus } from '../vocabulary/incident-vocabulary.js';

/** A step of a case's history, as the durations need it. */
export interface CaseStep {
  at: Date;
  fromStatus: HandlingStatus;
  toStatus: HandlingStatus;
}

/**
 * Time to first response (ThaiCERT 3.4(4)): from the report's arrival to the first thing an
 * analyst did with the case — an assignment or a change of status, whichever came first.
 * Null while nobody has touched it.
 */
export function firstResponseAt(steps: readonly CaseStep[]): Date | null {
  return steps.reduce<Date | null>((first, step) => (!first || step.at < first ? step.at : first), null);
}

/**
 * How long the case has spent in each status, in milliseconds, up to `now`: a case starts in
 * TRIAGE when the report arrives, and each change of status closes the time in the status before.
 * Assignments do not change the status, so they count for nothing here. Every status is in the
 * answer, with 0 for one never held.
 */
export function timeInStatus(reportedAt: Date, steps: readonly CaseStep[], now: Date): Record<HandlingStatus, number> {
  const spent = Object.fromEntries(Object.values(HandlingStatus).map((status) => [status, 0])) as Record<HandlingStatus, number>;
  let status = HandlingStatus.TRIAGE;
  let since = reportedAt.getTime();
  const changes = steps.filter((step) => step.fromStatus !== step.toStatus).sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const change of changes) {
    spent[status] += Math.max(0, change.at.getTime() - since);
    status = change.toStatus;
    since = Math.max(since, change.at.getTime());
  }
  spent[status] += Math.max(0, now.getTime() - since);
  return spent;
}
