import 'reflect-metadata';
import { openDatabase } from '../../shared/database.js';
import { startGraphQLServer, type RunningServer } from '../../shared/http-server.js';
import { createLogger } from '../../shared/logger.js';
import { databaseReachable, identifyRequest } from '../../shared/subgraph-runtime.js';
import { createContext } from './context.js';
import { seedDemoData } from './demo-data/seed.js';
import type { OrganizationsConfig } from './env.js';
import { ormOptions } from './mikro-orm.config.js';
import { organizationsSchema } from './schema.js';

export const SUBGRAPH_NAME = 'organizations';

/** Starts the organizations subgraph: migrations, then the GraphQL server. */
export async function start(config: OrganizationsConfig): Promise<RunningServer> {
  const logger = createLogger(SUBGRAPH_NAME, config.logLevel);
  const orm = await openDatabase(ormOptions(config.databaseUrl, config.databasePoolSize, logger), { migrate: config.migrate });
  try {
    if (config.seedDemoData) await seedDemoData(orm.em.fork());
    const { schema } = await organizationsSchema();
    return await startGraphQLServer({
      name: SUBGRAPH_NAME,
      host: config.host,
      port: config.port,
      logger,
      executable: { schema },
      context: async (req) => createContext(orm, await identifyRequest(req, config.identitySecret, logger)),
      ready: () => databaseReachable(orm),
      onClose: () => orm.close(),
    });
  } catch (error) {
    await orm.close();
    throw error;
  }
}
