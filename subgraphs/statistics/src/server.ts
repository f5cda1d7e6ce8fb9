import type { RunningServer } from '../../../platform/http-server.js';
import { auditTrailFeeds } from '../../kit/audit/audit-feed.js';
import { startSubgraph } from '../../kit/subgraph-server.js';
import { supervisionFeed } from '../../kit/supervision/supervision-feed.js';
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
    prepare: async (orm, logger, metrics) => {
      const supervision = supervisionFeed({
        orm,
        organizationsUrl: config.organizationsUrl,
        subject: 'statistics',
        identitySecret: config.identitySecret,
        pollIntervalMs: config.feedPollIntervalMs,
        logger,
        metrics,
      });
      const incidents = incidentFactsFeed({
        orm,
        incidentsUrl: config.incidentsUrl,
        identitySecret: config.identitySecret,
        pollIntervalMs: config.feedPollIntervalMs,
        syncSupervision: () => supervision.catchUp(),
        logger,
        metrics,
      });
      // Everyone's audit trail is kept here too, for NCSA's auditTrail query.
      const auditTrails = auditTrailFeeds({
        orm,
        urls: { organizations: config.organizationsUrl, incidents: config.incidentsUrl, advisories: config.advisoriesUrl },
        subject: 'statistics',
        identitySecret: config.identitySecret,
        pollIntervalMs: config.feedPollIntervalMs,
        logger,
        metrics,
      });
      supervision.start();
      incidents.start();
      for (const trail of auditTrails) trail.start();
      return [
        ...auditTrails.map((trail) => ({ close: () => trail.stop() })),
        { close: () => incidents.stop() },
        { close: () => supervision.stop() },
      ];
    },
  });
}
