import type { RunningServer } from '../../shared/http-server.js';
import { startSubgraph } from '../../shared/subgraph-server.js';
import { createContext } from './context.js';
import { seedDemoIncidents } from './demo-data/seed.js';
import type { IncidentsConfig } from './env.js';
import { DeadlineWatcher } from './events/deadline-watcher.js';
import { ormOptions } from './mikro-orm.config.js';
import { incidentsSchema } from './schema.js';
import { supervisionFeed } from './supervision/supervision-feed.js';

/**
 * Starts the incidents subgraph: migrations; the supervision copy following the organizations
 * subgraph's events; the deadline watcher; demo incidents when asked; then the GraphQL server.
 */
export async function start(config: IncidentsConfig): Promise<RunningServer> {
  let catchUp: () => Promise<unknown> = async () => undefined;
  return startSubgraph({
    name: 'incidents',
    config,
    ormOptions: (logger) => ormOptions(config.databaseUrl, config.databasePoolSize, logger),
    schema: incidentsSchema,
    context: (orm, identity) => createContext(orm, catchUp, identity),
    prepare: async (orm, logger) => {
      const feed = supervisionFeed({
        orm,
        organizationsUrl: config.organizationsUrl,
        identitySecret: config.identitySecret,
        pollIntervalMs: config.supervisionPollIntervalMs,
        logger,
      });
      catchUp = () => feed.catchUp();
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
      return [{ close: () => watcher.stop() }, { close: () => feed.stop() }];
    },
  });
}
