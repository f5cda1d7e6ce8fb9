import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import type { Logger } from '../../shared/logger.js';
import { OutboxEvent, OutboxSequence } from '../../shared/events/outbox.js';
import { RecordEntity } from '../../shared/record.entity.js';
import { migrations } from './migrations/index.js';
import { Address } from './organization/address.js';
import { Organization } from './organization/organization.entity.js';
import { PointOfContact } from './point-of-contact/point-of-contact.entity.js';
import { Regulator } from './regulator/regulator.entity.js';
import { Sector } from './sector/sector.entity.js';

/** The PostgreSQL schema this subgraph owns; no other subgraph reads or writes it. */
export const SCHEMA = 'organizations';

export const entities = [RecordEntity, Sector, Regulator, Organization, Address, PointOfContact, OutboxEvent, OutboxSequence];

export function ormOptions(databaseUrl: string, poolSize: number, logger: Logger): Options {
  return defineConfig({
    clientUrl: databaseUrl,
    logger: (message) => logger.info(message),
    colors: false,
    schema: SCHEMA,
    entities,
    extensions: [Migrator],
    migrations: { migrationsList: migrations, tableName: 'mikro_orm_migrations', transactional: true, allOrNothing: true, snapshot: false },
    discovery: { disableDynamicFileAccess: true },
    metadataCache: { enabled: false },
    ensureDatabase: false,
    pool: { min: 0, max: poolSize },
    forceUtcTimezone: true,
    allowGlobalContext: false,
  });
}
