import type { EntityManager } from '@mikro-orm/postgresql';

import type { OrganizationKind } from '../../../../contracts/organization-kind.js';
import { FeedEventType } from '../../../kit/events/feed.js';
import { appendEvent } from '../../../kit/events/outbox.js';

/** What other subgraphs learn about the registry: who supervises whom, and by when they must be told. */
export const OrganizationEventType = {
  ORGANIZATION_REGISTERED: 'ORGANIZATION_REGISTERED',
  ORGANIZATION_UPDATED: 'ORGANIZATION_UPDATED',
  REGULATOR_REGISTERED: 'REGULATOR_REGISTERED',
  REGULATOR_DEADLINE_CHANGED: 'REGULATOR_DEADLINE_CHANGED',
  POINT_OF_CONTACT_KEY_CHANGED: 'POINT_OF_CONTACT_KEY_CHANGED',
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

/**
 * A point of contact's OpenPGP public key as it now stands: null when the key was cleared or the
 * contact removed. Lets the incidents subgraph verify signed reports against the directory.
 */
export interface ContactKeyPayload {
  contactId: string;
  organizationId: string;
  fingerprint: string | null;
  armoredKey: string | null;
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

export function recordContactKey(em: EntityManager, payload: ContactKeyPayload): Promise<number> {
  return appendEvent(em, {
    type: OrganizationEventType.POINT_OF_CONTACT_KEY_CHANGED,
    aggregateId: payload.contactId,
    payload: { ...payload },
  });
}
