import type { EntityManager } from '@mikro-orm/postgresql';

import { appendEvent } from '../../../kit/events/outbox.js';
import type { Advisory } from '../advisory/advisory.entity.js';
import type { AdvisoryEventType } from '../vocabulary.js';

/** Writes an advisory event into the outbox, inside the change's transaction. */
export function recordAdvisoryEvent(
  em: EntityManager,
  type: AdvisoryEventType,
  advisory: Advisory,
  at: Date,
  extra: Record<string, unknown> = {},
): Promise<number> {
  return appendEvent(em, {
    type,
    aggregateId: advisory.id,
    occurredAt: at,
    payload: {
      advisoryId: advisory.id,
      identifier: advisory.identifier,
      status: advisory.status,
      tlp: advisory.tlp,
      revision: advisory.currentRevision,
      ...extra,
    },
  });
}
