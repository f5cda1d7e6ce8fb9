import type { RunningServer } from '../../../platform/http-server.js';
import { startSubgraph } from '../../kit/subgraph-server.js';
import { createContext } from './context.js';
import { seedDemoData } from './demo-data/seed.js';
import type { OrganizationsConfig } from './env.js';
import { ormOptions } from './mikro-orm.config.js';
import { organizationsSchema } from './schema.js';

/** Starts the organizations subgraph: migrations, demo data when asked, then the GraphQL server. */
export function start(config: OrganizationsConfig): Promise<RunningServer> {
  return startSubgraph({
    name: 'organizations',
    config,
    ormOptions: (logger) => ormOptions(config.databaseUrl, config.databasePoolSize, logger),
    schema: organizationsSchema,
    context: createContext,
    prepare: async ({ orm }) => {
      if (config.seedDemoData) await seedDemoData(orm.em.fork());
    },
  });
}
