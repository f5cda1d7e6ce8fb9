import type { EntityManager } from '@mikro-orm/postgresql';
import { appendEvent } from '../../../shared/events/outbox.js';
import { FeedEventType } from '../../../shared/events/feed.js';
import type { OrganizationKind } from '../organization/organization-kind.js';

/** What other subgraphs learn about the registry: who supervises whom, and by when they must be told. */
export const OrganizationEventType = {
  ORGANIZATION_REGISTERED: 'ORGANIZATION_REGISTERED',
  ORGANIZATION_UPDATED: 'ORGANIZATION_UPDATED',
  REGULATOR_REGISTERED: 'REGULATOR_REGISTERED',
  REGULATOR_DEADLINE_CHANGED: 'REGULATOR_DEADLINE_CHANGED',
} as const;

/** Carries the full supervision state, so applying it twice is harmless. */
export interface SupervisionPayload {
  organizationId: string;
  kind: OrganizationKind;
  sectorId: string | null;
  regulatorId: string | null;
}

export interface RegulatorPayload {
  regulatorId: string;
  notificationDeadlineHours: number;
}

export const OrganizationFeedEvent = FeedEventType('OrganizationFeedEvent');

export function recordSupervision(
  em: EntityManager,
  type: typeof OrganizationEventType.ORGANIZATION_REGISTERED | typeof OrganizationEventType.ORGANIZATION_UPDATED,
  payload: SupervisionPayload,
): Promise<number> {
  return appendEvent(em, { type, aggregateId: payload.organizationId, payload: { ...payload } });
}

export function recordRegulator(
  em: EntityManager,
  type: typeof OrganizationEventType.REGULATOR_REGISTERED | typeof OrganizationEventType.REGULATOR_DEADLINE_CHANGED,
  payload: RegulatorPayload,
): Promise<number> {
  return appendEvent(em, { type, aggregateId: payload.regulatorId, payload: { ...payload } });
}
