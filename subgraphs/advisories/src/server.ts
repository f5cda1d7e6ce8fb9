import type { RunningServer } from '../../../platform/http-server.js';
import { listenToOutbox, type OutboxListener } from '../../kit/events/outbox-listener.js';
import { startSubgraph } from '../../kit/subgraph-server.js';
import { supervisionFeed } from '../../kit/supervision/supervision-feed.js';
import { createContext } from './context.js';
import { seedDemoAdvisories } from './demo-data/seed.js';
import type { AdvisoriesConfig } from './env.js';
import { ormOptions } from './mikro-orm.config.js';
import { advisoriesSchema } from './schema.js';

/** Starts the advisories subgraph: migrations, the supervision copy, the outbox listener, demo data, then GraphQL. */
export async function start(config: AdvisoriesConfig): Promise<RunningServer> {
  let events: OutboxListener | undefined;
  return startSubgraph({
    name: 'advisories',
    config,
    ormOptions: (logger) => ormOptions(config.databaseUrl, config.databasePoolSize, logger),
    schema: advisoriesSchema,
    context: (orm, identity) => createContext(orm, events!, identity),
    subscriptions: true,
    prepare: async (orm, logger, metrics) => {
      const feed = supervisionFeed({
        orm,
        organizationsUrl: config.organizationsUrl,
        subject: 'advisories',
        identitySecret: config.identitySecret,
        pollIntervalMs: config.supervisionPollIntervalMs,
        logger,
        metrics,
      });
      const listener = await listenToOutbox(orm, metrics, { logger });
      events = listener;
      if (config.seedDemoData) {
        await feed.catchUp();
        await seedDemoAdvisories(orm.em.fork(), new Date());
      }
      feed.start();
      return [{ close: () => feed.stop() }, { close: () => listener.stop() }];
    },
  });
}
