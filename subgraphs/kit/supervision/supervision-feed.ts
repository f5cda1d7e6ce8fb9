import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Registry } from 'prom-client';

import type { IdentitySecret } from '../../../platform/identity.js';
import type { Logger } from '../../../platform/logger.js';
import { FeedConsumer, type ConsumedEvent } from '../events/feed-consumer.js';
import { RegulatorDeadline, SupervisedOrganization } from './supervised-organization.entity.js';

async function applyRegistryEvent(em: EntityManager, event: ConsumedEvent): Promise<void> {
  const p = event.payload;
  if (event.type === 'ORGANIZATION_REGISTERED' || event.type === 'ORGANIZATION_UPDATED') {
    await em.upsert(SupervisedOrganization, {
      id: p.organizationId as string,
      kind: p.kind as string,
      sectorId: (p.sectorId as string | null) ?? null,
      regulatorId: (p.regulatorId as string | null) ?? null,
    });
  } else if (event.type === 'REGULATOR_REGISTERED' || event.type === 'REGULATOR_DEADLINE_CHANGED') {
    await em.upsert(RegulatorDeadline, {
      regulatorId: p.regulatorId as string,
      notificationDeadlineHours: p.notificationDeadlineHours as number,
    });
  }
}

/** Follows the organizations subgraph's registry events into the supervision copy. */
export function supervisionFeed(options: {
  orm: MikroORM;
  organizationsUrl: string;
  /** The consuming subgraph, as the identity it calls with. */
  subject: string;
  identitySecret: IdentitySecret;
  pollIntervalMs: number;
  logger: Logger;
  metrics: Registry;
  /** What else this subgraph keeps from the registry's events (the incidents subgraph: contacts' keys), in the same transaction. */
  alsoApply?: (em: EntityManager, events: ConsumedEvent[]) => Promise<void>;
}): FeedConsumer {
  return new FeedConsumer({
    feed: 'organizations',
    url: options.organizationsUrl,
    field: 'organizationEvents',
    subject: options.subject,
    identitySecret: options.identitySecret,
    orm: options.orm,
    apply: async (em, events) => {
      for (const event of events) await applyRegistryEvent(em, event);
      await options.alsoApply?.(em, events);
    },
    pollIntervalMs: options.pollIntervalMs,
    logger: options.logger,
    metrics: options.metrics,
  });
}
