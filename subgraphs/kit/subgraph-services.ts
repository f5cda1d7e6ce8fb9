import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Registry } from 'prom-client';

import type { Logger } from '../../platform/logger.js';
import type { FeedConsumer } from './events/feed-consumer.js';
import { listenToOutbox, type OutboxListener, type OutboxListenerOptions } from './events/outbox-listener.js';
import type { SubgraphConfig } from './subgraph-runtime.js';
import { supervisionFeed, type RegistryEvent } from './supervision/supervision-feed.js';

/**
 * What a subgraph's `prepare` builds its background work from. Whatever it starts it hands to
 * `defer`, so the subgraph stops it on close — after requests drained, newest first, so nothing
 * still running depends on something already stopped.
 */
export interface SubgraphServices {
  /** The subgraph's name, which is also the identity it calls other subgraphs with. */
  name: string;
  config: SubgraphConfig;
  orm: MikroORM;
  logger: Logger;
  metrics: Registry;
  defer(stop: () => Promise<unknown>): void;
}

/**
 * The supervision copy (which regulator supervises which organization, their deadlines) kept by
 * following the organizations subgraph's registry events; `alsoApply` keeps more of the same
 * events in the same transaction. Started by the caller (after demo data has caught up, say).
 */
export function followSupervision(
  services: SubgraphServices,
  options: {
    organizationsUrl: string;
    pollIntervalMs: number;
    alsoApply?: (em: EntityManager, events: RegistryEvent[]) => Promise<void>;
  },
): FeedConsumer {
  const feed = supervisionFeed({
    ...options,
    orm: services.orm,
    subject: services.name,
    identitySecret: services.config.identitySecret,
    logger: services.logger,
    metrics: services.metrics,
  });
  services.defer(() => feed.stop());
  return feed;
}

/** This process's one listener to the subgraph's outbox, which its subscriptions stream from. */
export async function serveOutboxEvents(
  services: SubgraphServices,
  options: Omit<OutboxListenerOptions, 'logger'> = {},
): Promise<OutboxListener> {
  const listener = await listenToOutbox(services.orm, services.metrics, {
    listenUrl: services.config.databaseListenUrl,
    ...options,
    logger: services.logger,
  });
  services.defer(() => listener.stop());
  return listener;
}
