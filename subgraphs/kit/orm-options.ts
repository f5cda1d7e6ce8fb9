import type { EntityClass, MigrationObject } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type Options } from '@mikro-orm/postgresql';

import type { Logger } from '../../platform/logger.js';

export interface SubgraphOrmOptions {
  /** The PostgreSQL schema the subgraph owns. */
  schema: string;
  entities: EntityClass<object>[];
  migrations: MigrationObject[];
  databaseUrl: string;
  poolSize: number;
  logger: Logger;
}

/**
 * MikroORM settings every subgraph shares: entities and migrations listed explicitly (no file
 * scanning, so the compiled and the test builds behave alike), no schema sync, UTC, and no global
 * entity manager (every request forks its own).
 */
export function subgraphOrmOptions(options: SubgraphOrmOptions): Options {
  return defineConfig({
    clientUrl: options.databaseUrl,
    logger: (message) => options.logger.info(message),
    // knex's own warnings (a dropped connection, a slow pool) go to the structured log, not stdout.
    driverOptions: {
      log: {
        warn: (message: unknown) => options.logger.warn({ source: 'knex' }, String(message)),
        error: (message: unknown) => options.logger.error({ source: 'knex' }, String(message)),
        deprecate: (message: unknown) => options.logger.debug({ source: 'knex' }, String(message)),
        debug: (message: unknown) => options.logger.debug({ source: 'knex' }, String(message)),
      },
    },
    colors: false,
    schema: options.schema,
    entities: options.entities,
    extensions: [Migrator],
    migrations: {
      migrationsList: options.migrations,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
    discovery: { disableDynamicFileAccess: true },
    metadataCache: { enabled: false },
    ensureDatabase: false,
    pool: { min: 0, max: options.poolSize },
    forceUtcTimezone: true,
    allowGlobalContext: false,
  });
}
