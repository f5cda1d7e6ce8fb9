import type { Incident } from './incident.entity.js';

/*
 * Deadlines are instants in UTC, compared with the server clock; a missed one is visible and
 * queryable (Cybersecurity Act §73 fines failing to report without reasonable cause).
 */

/** The ก2 report is due and not filed. */
export const reportOverdue = (incident: Incident, now: Date): boolean => !incident.reportFiledAt && incident.reportDueAt <= now;

/** Filed within 24 hours of detection: true; filed late or past due unfiled: false; still open: null. */
export function reportOnTime(incident: Incident, now: Date): boolean | null {
  if (incident.reportFiledAt) return incident.reportFiledAt <= incident.reportDueAt;
  return reportOverdue(incident, now) ? false : null;
}

/** The regulator's deadline has passed and the organization has not said it told the regulator. */
export const regulatorNotificationOverdue = (incident: Incident, now: Date): boolean =>
  !!incident.regulatorNotificationDueAt && !incident.regulatorNotifiedAt && incident.regulatorNotificationDueAt <= now;

/** As {@link reportOnTime}, for telling the regulator; null also when the organization has no regulator. */
export function regulatorNotificationOnTime(incident: Incident, now: Date): boolean | null {
  if (!incident.regulatorNotificationDueAt) return null;
  if (incident.regulatorNotifiedAt) return incident.regulatorNotifiedAt <= incident.regulatorNotificationDueAt;
  return regulatorNotificationOverdue(incident, now) ? false : null;
}
