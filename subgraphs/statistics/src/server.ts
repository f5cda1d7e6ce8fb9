import type { RunningServer } from '../../../platform/http-server.js';
import { auditTrailFeeds } from '../../kit/audit/audit-feed.js';
import { startSubgraph } from '../../kit/subgraph-server.js';
import { followSupervision } from '../../kit/subgraph-services.js';
import { createContext } from './context.js';
import type { StatisticsConfig } from './env.js';
import { incidentFactsFeed } from './facts/incident-facts-feed.js';
import { ormOptions } from './mikro-orm.config.js';
import { statisticsSchema } from './schema.js';

/**
 * Starts the statistics subgraph: migrations, then its read model catches up with the incidents
 * subgraph's events (and the registry's) and keeps following them, then GraphQL.
 */
export function start(config: StatisticsConfig): Promise<RunningServer> {
  return startSubgraph({
    name: 'statistics',
    config,
    ormOptions: (logger) => ormOptions(config.databaseUrl, config.databasePoolSize, logger),
    schema: () => statisticsSchema(config.minimumPublicCount),
    context: createContext,
    prepare: async (services) => {
      const registry = followSupervision(services, {
        organizationsUrl: config.organizationsUrl,
        pollIntervalMs: config.feedPollIntervalMs,
      });
      const incidents = incidentFactsFeed({
        orm: services.orm,
        incidentsUrl: config.incidentsUrl,
        identitySecret: config.identitySecret,
        pollIntervalMs: config.feedPollIntervalMs,
        syncSupervision: () => registry.catchUp(),
        logger: services.logger,
        metrics: services.metrics,
      });
      services.defer(() => incidents.stop());
      // Everyone's audit trail is kept here too, for NCSA's auditTrail query.
      const auditTrails = auditTrailFeeds(services, { urls: config.auditTrailUrls, pollIntervalMs: config.feedPollIntervalMs });
      registry.start();
      incidents.start();
      for (const trail of auditTrails) trail.start();
      return undefined;
    },
  });
}
