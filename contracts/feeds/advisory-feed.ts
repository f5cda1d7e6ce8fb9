import { feedContract, integer, nullable, oneOf, shape, text, type FeedContract, type Shape, type Shapes } from './feed-contract.js';

/**
 * The advisories subgraph's events. No other subgraph follows them yet (only its own subscription
 * streams them), so this contract types the producer; a consumer would read through it as the
 * others do (`organization-feed.ts`): an unknown type skipped, a broken payload stopping it.
 */
export const ADVISORY_EVENT_TYPES = ['PUBLISHED', 'UPDATED', 'WITHDRAWN', 'ACKNOWLEDGED'] as const;
export type AdvisoryEventType = (typeof ADVISORY_EVENT_TYPES)[number];

export const ADVISORY_STATUSES = ['DRAFT', 'PUBLISHED', 'UPDATED', 'WITHDRAWN'] as const;
export type AdvisoryFeedStatus = (typeof ADVISORY_STATUSES)[number];

/** Traffic Light Protocol 2.0. */
export const TLP_LABELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER_STRICT', 'RED'] as const;
export type FeedTlp = (typeof TLP_LABELS)[number];

/** The advisory as it stands after the event: every advisory event carries it. */
export interface AdvisorySnapshot {
  advisoryId: string;
  /** Its TH-CERT identifier, given when it is first published. */
  identifier: string | null;
  status: AdvisoryFeedStatus;
  tlp: FeedTlp;
  revision: number;
}

/** What an event of each type carries besides the {@link AdvisorySnapshot}. */
export interface AdvisoryEventDetails {
  PUBLISHED: object;
  UPDATED: { changeSummary: string };
  WITHDRAWN: { reason: string };
  /** The organization that acknowledged it. */
  ACKNOWLEDGED: { organizationId: string };
}

/** One advisory event. */
export type AdvisoryFeedEvent = {
  [T in AdvisoryEventType]: { type: T; payload: AdvisorySnapshot & AdvisoryEventDetails[T] };
}[AdvisoryEventType];

const snapshot: Shape<AdvisorySnapshot> = {
  advisoryId: text,
  identifier: nullable(text),
  status: oneOf(ADVISORY_STATUSES),
  tlp: oneOf(TLP_LABELS),
  revision: integer,
};

const details: { [T in AdvisoryEventType]: Shape<AdvisoryEventDetails[T]> } = {
  PUBLISHED: {},
  UPDATED: { changeSummary: text },
  WITHDRAWN: { reason: text },
  ACKNOWLEDGED: { organizationId: text },
};

/** The contract of the advisories' events: each type's payload is the snapshot and that type's details. */
export const advisoryFeed: FeedContract<AdvisoryFeedEvent> = feedContract<AdvisoryFeedEvent>(
  Object.fromEntries(ADVISORY_EVENT_TYPES.map((type) => [type, shape({ ...snapshot, ...details[type] })])) as Shapes<AdvisoryFeedEvent>,
);
