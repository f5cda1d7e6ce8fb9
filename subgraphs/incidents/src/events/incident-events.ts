import type { EntityManager } from '@mikro-orm/postgresql';

import { sameNames } from '../../../../contracts/feeds/feed-contract.js';
import type {
  IncidentEventType as FeedIncidentEventType,
  IncidentEventDetails,
  IncidentSnapshot,
  NotifiedIncidentEventType,
  ObservedCaseSnapshot,
} from '../../../../contracts/feeds/incident-feed.js';
import { FeedEventType } from '../../../kit/events/feed.js';
import { appendEvent } from '../../../kit/events/outbox.js';
import { REPORT_DUE_HOURS } from '../incident/deadlines.js';
import type { Incident } from '../incident/incident.entity.js';
import type { IncidentEventType } from '../vocabulary/incident-vocabulary.js';

// Subscribers read the event type as this GraphQL enum; statistics reads it from the feed's contract.
sameNames<`${IncidentEventType}`, FeedIncidentEventType>(true);

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

function snapshotOf(incident: IncidentEventSubject): IncidentSnapshot {
  return {
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
  };
}

/** The details an event of type `T` carries besides the snapshot: none to pass, or none required, for most types. */
type DetailsOf<T extends NotifiedIncidentEventType> = object extends IncidentEventDetails[T]
  ? [details?: IncidentEventDetails[T]]
  : [details: IncidentEventDetails[T]];

/**
 * Writes an incident event into the outbox, inside the change's transaction. The payload carries
 * what subscribers and the statistics read model need without reading this subgraph's tables: the
 * incident's snapshot and the details of its type, as the feed's contract
 * (`contracts/feeds/incident-feed.ts`) has them. Fields are added, never removed or changed.
 */
export function recordIncidentEvent<T extends NotifiedIncidentEventType>(
  em: EntityManager,
  type: T,
  incident: IncidentEventSubject,
  occurredAt: Date,
  ...[details]: DetailsOf<T>
): Promise<number> {
  return appendEvent(em, { type, aggregateId: incident.id, occurredAt, payload: { ...snapshotOf(incident), ...details } });
}

/**
 * Writes the event of a case ThaiCERT observed into the outbox, inside the recording's transaction.
 * Its aggregate is the observed case, not an incident: no incident exists until the organization
 * notifies.
 */
export function recordObservedCaseEvent(em: EntityManager, snapshot: ObservedCaseSnapshot, occurredAt: Date): Promise<number> {
  return appendEvent(em, { type: 'OBSERVED', aggregateId: snapshot.observedCaseId, occurredAt, payload: { ...snapshot } });
}
