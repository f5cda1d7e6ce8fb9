import type { EntityManager } from '@mikro-orm/postgresql';

import type { AdvisoryEventType, Tlp } from '../../../../contracts/advisory-vocabulary.js';
import type {
  AdvisoryEventDetails,
  AdvisorySnapshot,
  AdvisoryEventType as FeedAdvisoryEventType,
  FeedTlp,
} from '../../../../contracts/feeds/advisory-feed.js';
import { sameNames } from '../../../../contracts/feeds/feed-contract.js';
import { appendEvent } from '../../../kit/events/outbox.js';
import type { Advisory } from '../advisory/advisory.entity.js';

// Subscribers read the type and TLP as these GraphQL enums; the contract names the same values.
sameNames<`${AdvisoryEventType}`, FeedAdvisoryEventType>(true);
sameNames<`${Tlp}`, FeedTlp>(true);

/** The details an event of type `T` carries besides the snapshot: none to pass for a publication. */
type DetailsOf<T extends FeedAdvisoryEventType> = object extends AdvisoryEventDetails[T] ? [] : [details: AdvisoryEventDetails[T]];

function snapshotOf(advisory: Advisory): AdvisorySnapshot {
  return {
    advisoryId: advisory.id,
    identifier: advisory.identifier ?? null,
    status: advisory.status,
    tlp: advisory.tlp,
    revision: advisory.currentRevision,
  };
}

/** Writes an advisory event into the outbox, inside the change's transaction, as `contracts/feeds/advisory-feed.ts` has it. */
export function recordAdvisoryEvent<T extends FeedAdvisoryEventType>(
  em: EntityManager,
  type: T,
  advisory: Advisory,
  at: Date,
  ...[details]: DetailsOf<T>
): Promise<number> {
  return appendEvent(em, { type, aggregateId: advisory.id, occurredAt: at, payload: { ...snapshotOf(advisory), ...details } });
}
