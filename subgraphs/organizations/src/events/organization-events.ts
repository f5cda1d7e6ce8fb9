import type { EntityManager } from '@mikro-orm/postgresql';

import type {
  ContactKeyPayload,
  OrganizationFeedEvent as OrganizationEvent,
  RegulatorPayload,
  SupervisionPayload,
} from '../../../../contracts/feeds/organization-feed.js';
import { FeedEventType } from '../../../kit/events/feed.js';
import { appendEvent } from '../../../kit/events/outbox.js';

/**
 * What other subgraphs learn about the registry: who supervises whom, and by when they must be
 * told. The types, payloads and their checks are the feed's contract (`contracts/feeds/organization-feed.ts`).
 */
export const OrganizationEventType = {
  ORGANIZATION_REGISTERED: 'ORGANIZATION_REGISTERED',
  ORGANIZATION_UPDATED: 'ORGANIZATION_UPDATED',
  REGULATOR_REGISTERED: 'REGULATOR_REGISTERED',
  REGULATOR_DEADLINE_CHANGED: 'REGULATOR_DEADLINE_CHANGED',
  POINT_OF_CONTACT_KEY_CHANGED: 'POINT_OF_CONTACT_KEY_CHANGED',
} as const satisfies { [T in OrganizationEvent['type']]: T };

export const OrganizationFeedEvent = FeedEventType('OrganizationFeedEvent');

/** The event types whose payload is `P`. */
type TypesCarrying<P> = Extract<OrganizationEvent, { payload: P }>['type'];

function recordOrganizationEvent(em: EntityManager, aggregateId: string, { type, payload }: OrganizationEvent): Promise<number> {
  return appendEvent(em, { type, aggregateId, payload: { ...payload } });
}

export function recordSupervision(
  em: EntityManager,
  type: TypesCarrying<SupervisionPayload>,
  payload: SupervisionPayload,
): Promise<number> {
  return recordOrganizationEvent(em, payload.organizationId, { type, payload });
}

export function recordRegulator(em: EntityManager, type: TypesCarrying<RegulatorPayload>, payload: RegulatorPayload): Promise<number> {
  return recordOrganizationEvent(em, payload.regulatorId, { type, payload });
}

export function recordContactKey(em: EntityManager, payload: ContactKeyPayload): Promise<number> {
  return recordOrganizationEvent(em, payload.contactId, { type: OrganizationEventType.POINT_OF_CONTACT_KEY_CHANGED, payload });
}
