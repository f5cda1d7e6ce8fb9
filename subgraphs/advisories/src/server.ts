import type { RunningServer } from '../../../platform/http-server.js';
import { openThaicertKey } from '../../../platform/thaicert-openpgp-key.js';
import { startSubgraph } from '../../kit/subgraph-server.js';
import { followSupervision, serveOutboxEvents } from '../../kit/subgraph-services.js';
import { CsafProvider } from './advisory/csaf-provider.js';
import { createContext } from './context.js';
import { seedDemoAdvisories } from './demo-data/seed.js';
import type { AdvisoriesConfig } from './env.js';
import { incidentLookup } from './indicator/incident-lookup.js';
import { ormOptions } from './mikro-orm.config.js';
import { advisoriesSchema } from './schema.js';

/** Starts the advisories subgraph: migrations, ThaiCERT's key, the supervision copy, the outbox listener, demo data, then GraphQL. */
export function start(config: AdvisoriesConfig): Promise<RunningServer> {
  return startSubgraph({
    name: 'advisories',
    config,
    ormOptions: (logger) => ormOptions(config.databaseUrl, config.databasePoolSize, logger),
    schema: advisoriesSchema,
    context: createContext,
    subscriptions: true,
    prepare: async (services) => {
      const csaf = new CsafProvider(await openThaicertKey(config.thaicertKey), config.publicBaseUrl);
      const registry = followSupervision(services, {
        organizationsUrl: config.organizationsUrl,
        pollIntervalMs: config.supervisionPollIntervalMs,
      });
      const events = await serveOutboxEvents(services);
      if (config.seedDemoData) {
        await registry.catchUp();
        await seedDemoAdvisories(services.orm.em.fork(), new Date());
      }
      registry.start();
      return { events, csaf, incidentExists: incidentLookup(config.incidentsUrl, config.identitySecret) };
    },
  });
}
