import type { RunningServer } from '../../../platform/http-server.js';
import { startSubgraph } from '../../kit/subgraph-server.js';
import { followSupervision, serveOutboxEvents } from '../../kit/subgraph-services.js';
import { createContext } from './context.js';
import { seedDemoIncidents } from './demo-data/seed.js';
import type { IncidentsConfig } from './env.js';
import { DeadlineWatcher } from './events/deadline-watcher.js';
import { ormOptions } from './mikro-orm.config.js';
import { incidentsSchema } from './schema.js';
import { applyContactKeyEvents } from './signature/signing-key.entity.js';

/**
 * Starts the incidents subgraph: migrations; the supervision copy and contacts' keys following the
 * organizations subgraph's events; the deadline watcher; demo incidents when asked; then the GraphQL server.
 */
export function start(config: IncidentsConfig): Promise<RunningServer> {
  return startSubgraph({
    name: 'incidents',
    config,
    ormOptions: (logger) => ormOptions(config.databaseUrl, config.databasePoolSize, logger),
    schema: incidentsSchema,
    context: createContext,
    subscriptions: true,
    prepare: async (services) => {
      const registry = followSupervision(services, {
        organizationsUrl: config.organizationsUrl,
        pollIntervalMs: config.supervisionPollIntervalMs,
        alsoApply: applyContactKeyEvents,
      });
      const events = await serveOutboxEvents(services);
      if (config.seedDemoData) {
        await registry.catchUp();
        await seedDemoIncidents(services.orm.em.fork(), new Date());
      }
      registry.start();
      const watcher = new DeadlineWatcher(services.orm, {
        intervalMs: config.deadlineScanIntervalMs,
        warningMinutes: config.deadlineWarningMinutes,
        logger: services.logger,
        metrics: services.metrics,
      });
      watcher.start();
      services.defer(() => watcher.stop());
      return { syncRegistry: () => registry.catchUp(), events };
    },
  });
}
