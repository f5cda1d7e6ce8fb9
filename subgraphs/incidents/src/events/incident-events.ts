import type { EntityManager } from '@mikro-orm/postgresql';
import { FeedEventType } from '../../../shared/events/feed.js';
import { appendEvent } from '../../../shared/events/outbox.js';
import type { Incident } from '../incident/incident.entity.js';
import type { IncidentEventType } from '../vocabulary/incident-vocabulary.js';

export const IncidentFeedEvent = FeedEventType('IncidentFeedEvent');

/**
 * Writes an incident event into the outbox, inside the change's transaction. The payload carries
 * what subscribers and the statistics read model need without reading this subgraph's tables.
 */
export function recordIncidentEvent(
  em: EntityManager,
  type: IncidentEventType,
  incident: Incident,
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
      reportDueAt: incident.reportDueAt.toISOString(),
      ...extra,
    },
  });
}
