import type { EntityManager } from '@mikro-orm/postgresql';

import { FeedEventType } from '../../../kit/events/feed.js';
import { appendEvent } from '../../../kit/events/outbox.js';
import { REPORT_DUE_HOURS } from '../incident/deadlines.js';
import type { Incident } from '../incident/incident.entity.js';
import type { IncidentEventType } from '../vocabulary/incident-vocabulary.js';

export const IncidentFeedEvent = FeedEventType('IncidentFeedEvent');

/** What an event tells of its incident: an Incident, or a row a migration read. */
export type IncidentEventSubject = Pick<
  Incident,
  'id' | 'status' | 'currentRevision' | 'severity' | 'reportedSeverity' | 'categories' | 'affectedAssetTypes' | 'detectedAt' | 'reportDueAt'
> & { organization: { id: string } };

/**
 * The ก2 deadline in an event: `reportDeadline` is the deadline, or null when the incident has no
 * ก2 duty (clause 5: significant threats only); absent from events written before that rule.
 * `reportDueAt` is kept for consumers written before it and is always an instant: the deadline,
 * or, without one, 24 hours after detection as it was then.
 */
function reportDeadlineFields(incident: IncidentEventSubject): { reportDeadline: string | null; reportDueAt: string } {
  const deadline = incident.reportDueAt ?? null;
  const formerly = new Date(incident.detectedAt.getTime() + REPORT_DUE_HOURS * 3_600_000);
  return { reportDeadline: deadline?.toISOString() ?? null, reportDueAt: (deadline ?? formerly).toISOString() };
}

/**
 * Writes an incident event into the outbox, inside the change's transaction. The payload carries
 * what subscribers and the statistics read model need without reading this subgraph's tables.
 * It is a contract between subgraphs: fields are added, never removed or changed.
 */
export function recordIncidentEvent(
  em: EntityManager,
  type: IncidentEventType,
  incident: IncidentEventSubject,
  occurredAt: Date,
  extra: Record<string, unknown> = {},
): Promise<number> {
  return appendEvent(em, {
    type,
    aggregateId: incident.id,
    occurredAt,
    payload: {
      incidentId: incident.id,
      organizationId: incident.organization.id,
      status: incident.status,
      revision: incident.currentRevision,
      severity: incident.severity,
      reportedSeverity: incident.reportedSeverity,
      categories: incident.categories,
      affectedAssetTypes: incident.affectedAssetTypes,
      detectedAt: incident.detectedAt.toISOString(),
      ...reportDeadlineFields(incident),
      ...extra,
    },
  });
}
