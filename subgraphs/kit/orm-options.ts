import type { EntityClass, MigrationObject } from '@mikro-orm/core';
import { Migration, Migrator } from '@mikro-orm/migrations';
import { defineConfig, type Options } from '@mikro-orm/postgresql';

import type { Logger } from '../../platform/logger.js';
import { AuditEntry, AuditSequence, auditTablesSql } from './audit/audit-entry.entity.js';
import { FeedCheckpoint, feedCheckpointTableSql } from './events/feed-consumer.js';
import { OutboxEvent, OutboxSequence, outboxTablesSql } from './events/outbox.js';
import { RecordEntity } from './record.entity.js';

export interface SubgraphOrmOptions {
  /** The PostgreSQL schema the subgraph owns, named as the subgraph (its audit lines carry the name). */
  schema: string;
  /** The subgraph's own entities; the kit adds its own (audit trail, outbox, feed checkpoints, the record base). */
  entities: EntityClass<object>[];
  /** The subgraph's own migrations, in order. */
  migrations: MigrationObject[];
  /**
   * The first four subgraphs created the kit's tables inside their own early migrations, which every
   * database deployed since has recorded by name, so those stay as they are. A new subgraph leaves
   * this out and the kit's migration creating them runs before its own.
   */
  kitTablesInOwnMigrations?: true;
  databaseUrl: string;
  poolSize: number;
  logger: Logger;
}

/** What the kit stores in every subgraph's schema. */
const KIT_ENTITIES: EntityClass<object>[] = [RecordEntity, AuditEntry, AuditSequence, OutboxEvent, OutboxSequence, FeedCheckpoint];

/** The kit's tables for a new subgraph: outbox, feed checkpoints, the append-only audit trail. */
function kitTablesMigration(schema: string): MigrationObject {
  class KitTables extends Migration {
    override async up(): Promise<void> {
      for (const sql of [...outboxTablesSql(schema), feedCheckpointTableSql(schema), ...auditTablesSql(schema, schema)]) this.addSql(sql);
    }
  }
  return { name: 'Migration00000000000000KitTables', class: KitTables };
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
    entities: [...KIT_ENTITIES, ...options.entities],
    extensions: [Migrator],
    migrations: {
      migrationsList: options.kitTablesInOwnMigrations ? options.migrations : [kitTablesMigration(options.schema), ...options.migrations],
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
