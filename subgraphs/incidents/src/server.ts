import type { RunningServer } from '../../../platform/http-server.js';
import { listenToOutbox } from '../../kit/events/outbox-listener.js';
import { startSubgraph } from '../../kit/subgraph-server.js';
import { supervisionFeed } from '../../kit/supervision/supervision-feed.js';
import { createContext } from './context.js';
import { seedDemoIncidents } from './demo-data/seed.js';
import type { IncidentsConfig } from './env.js';
import { DeadlineWatcher } from './events/deadline-watcher.js';
import { enrichWithSupervision } from './events/incident-event.subscription.js';
import { ormOptions } from './mikro-orm.config.js';
import { incidentsSchema } from './schema.js';
import { applyContactKeyEvents } from './signature/signing-key.entity.js';

/**
 * Starts the incidents subgraph: migrations; the supervision copy and contacts' keys following the
 * organizations subgraph's events; the deadline watcher; demo incidents when asked; then the GraphQL server.
 */
export async function start(config: IncidentsConfig): Promise<RunningServer> {
  let background: Parameters<typeof createContext>[1] | undefined;
  return startSubgraph({
    name: 'incidents',
    config,
    ormOptions: (logger) => ormOptions(config.databaseUrl, config.databasePoolSize, logger),
    schema: incidentsSchema,
    context: (orm, identity) => createContext(orm, background!, identity),
    subscriptions: true,
    prepare: async (orm, logger, metrics) => {
      const feed = supervisionFeed({
        orm,
        organizationsUrl: config.organizationsUrl,
        subject: 'incidents',
        identitySecret: config.identitySecret,
        pollIntervalMs: config.supervisionPollIntervalMs,
        logger,
        metrics,
        alsoApply: applyContactKeyEvents,
      });
      const events = await listenToOutbox(orm, metrics, { logger, enrich: enrichWithSupervision(() => orm.em.fork()) });
      background = { syncRegistry: () => feed.catchUp(), events };
      if (config.seedDemoData) {
        await feed.catchUp();
        await seedDemoIncidents(orm.em.fork(), new Date());
      }
      feed.start();
      const watcher = new DeadlineWatcher(orm, {
        intervalMs: config.deadlineScanIntervalMs,
        warningMinutes: config.deadlineWarningMinutes,
        logger,
      });
      watcher.start();
      return [{ close: () => watcher.stop() }, { close: () => feed.stop() }, { close: () => events.stop() }];
    },
  });
}
