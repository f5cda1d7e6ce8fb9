import type { Options } from '@mikro-orm/postgresql';

import type { Logger } from '../../../platform/logger.js';
import { subgraphOrmOptions } from '../../kit/orm-options.js';
import { migrations } from './migrations/index.js';
import { Address } from './organization/address.js';
import { Organization } from './organization/organization.entity.js';
import { PointOfContact } from './point-of-contact/point-of-contact.entity.js';
import { Regulator } from './regulator/regulator.entity.js';
import { Sector } from './sector/sector.entity.js';

/** The PostgreSQL schema this subgraph owns; no other subgraph reads or writes it. */
export const SCHEMA = 'organizations';

export const entities = [Sector, Regulator, Organization, Address, PointOfContact];

export function ormOptions(databaseUrl: string, poolSize: number, logger: Logger): Options {
  return subgraphOrmOptions({ schema: SCHEMA, entities, migrations, databaseUrl, poolSize, logger, kitTablesInOwnMigrations: true });
}
