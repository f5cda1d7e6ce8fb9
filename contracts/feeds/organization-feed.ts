import { OrganizationKind } from '../organization-kind.js';
import { feedContract, integer, nullable, oneOf, optional, shape, text, type FeedContract } from './feed-contract.js';

/**
 * The registry's feed (`organizationEvents`), written by the organizations subgraph and read by
 * every subgraph that keeps a supervision copy (and by incidents for contacts' keys).
 *
 * What a consumer does with an event is the same for every feed ({@link FeedContract}): one of a
 * type this contract does not know is logged and skipped, its checkpoint advancing past it (a newer
 * producer may add types before its consumers are deployed); one of a known type whose payload
 * breaks the contract is logged as an error and the consumer stops before it, its checkpoint left
 * where it was, so nothing is lost: a fixed consumer resumes from there.
 */
export const ORGANIZATION_EVENT_TYPES = [
  'ORGANIZATION_REGISTERED',
  'ORGANIZATION_UPDATED',
  'REGULATOR_REGISTERED',
  'REGULATOR_DEADLINE_CHANGED',
  'POINT_OF_CONTACT_KEY_CHANGED',
] as const;

export type OrganizationEventType = (typeof ORGANIZATION_EVENT_TYPES)[number];

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
  /**
   * Hours from detection within which the ก2 report must reach it (clause 5); null: none set.
   * Events written before it was added lack it.
   */
  reportDeadlineHours?: number | null;
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

/** One event of the registry's feed. */
export type OrganizationFeedEvent =
  | { type: 'ORGANIZATION_REGISTERED' | 'ORGANIZATION_UPDATED'; payload: SupervisionPayload }
  | { type: 'REGULATOR_REGISTERED' | 'REGULATOR_DEADLINE_CHANGED'; payload: RegulatorPayload }
  | { type: 'POINT_OF_CONTACT_KEY_CHANGED'; payload: ContactKeyPayload };

const supervision = shape<SupervisionPayload>({
  organizationId: text,
  kind: oneOf(Object.values(OrganizationKind)),
  sectorId: nullable(text),
  regulatorId: nullable(text),
});
const regulator = shape<RegulatorPayload>({
  regulatorId: text,
  notificationDeadlineHours: integer,
  reportDeadlineHours: optional(nullable(integer)),
});

/** The contract of the registry's feed. */
export const organizationFeed: FeedContract<OrganizationFeedEvent> = feedContract<OrganizationFeedEvent>({
  ORGANIZATION_REGISTERED: supervision,
  ORGANIZATION_UPDATED: supervision,
  REGULATOR_REGISTERED: regulator,
  REGULATOR_DEADLINE_CHANGED: regulator,
  POINT_OF_CONTACT_KEY_CHANGED: shape<ContactKeyPayload>({
    contactId: text,
    organizationId: text,
    fingerprint: nullable(text),
    armoredKey: nullable(text),
  }),
});
