import 'reflect-metadata';
import type { MikroORM, Options } from '@mikro-orm/postgresql';
import type { BaseContext as ApolloBaseContext } from '@apollo/server';
import type { Caller } from './caller.js';
import { openDatabase } from './database.js';
import type { FederatedSchema } from './federation.js';
import { startGraphQLServer, type RunningServer } from './http-server.js';
import type { Stoppable } from './lifecycle.js';
import { createLogger, type Logger } from './logger.js';
import { countStatements, createMetrics } from './metrics.js';
import { databaseReachable, identifyRequest, type SubgraphConfig } from './subgraph-runtime.js';

export interface SubgraphDefinition<TContext extends ApolloBaseContext> {
  name: string;
  config: SubgraphConfig;
  ormOptions: (logger: Logger) => Options;
  schema: () => Promise<FederatedSchema>;
  /** The per-request context, from the database and the verified caller. */
  context: (orm: MikroORM, identity: { caller: Caller; requestId: string; log: Logger }) => TContext;
  /** After migrations, before serving: demo data, event feeds, watchers — returned to be stopped on close. */
  prepare?: (orm: MikroORM, logger: Logger) => Promise<Stoppable[]>;
}

/**
 * Starts a subgraph: opens its database (applying migrations), prepares its background work,
 * and serves GraphQL. Closing drains requests, stops the background work, then the database.
 */
export async function startSubgraph<TContext extends ApolloBaseContext>(definition: SubgraphDefinition<TContext>): Promise<RunningServer> {
  const { config, name } = definition;
  const logger = createLogger(name, config.logLevel);
  const orm = await openDatabase(definition.ormOptions(logger), { migrate: config.migrate });
  const metrics = createMetrics(name);
  countStatements(orm, metrics);
  const background: Stoppable[] = [];
  try {
    background.push(...((await definition.prepare?.(orm, logger)) ?? []));
    const { schema } = await definition.schema();
    return await startGraphQLServer({
      name,
      host: config.host,
      port: config.port,
      logger,
      executable: { schema },
      context: async (req) => definition.context(orm, await identifyRequest(req, config.identitySecret, logger)),
      ready: () => databaseReachable(orm),
      metrics,
      onClose: async () => {
        for (const work of background) await work.close();
        await orm.close();
      },
    });
  } catch (error) {
    for (const work of background) await work.close().catch(() => undefined);
    await orm.close();
    throw error;
  }
}
