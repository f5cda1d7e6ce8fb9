import type { Options } from '@mikro-orm/postgresql';

import type { Logger } from '../../../platform/logger.js';
import { subgraphOrmOptions } from '../../kit/orm-options.js';
import { RegulatorDeadline, SupervisedOrganization } from '../../kit/supervision/supervised-organization.entity.js';
import { Acknowledgment, AdvisoryIdentifierCounter, AdvisoryRevision } from './advisory/advisory-records.entity.js';
import { Advisory } from './advisory/advisory.entity.js';
import { Indicator, IndicatorRevision } from './indicator/indicator.entity.js';
import { migrations } from './migrations/index.js';

/** The PostgreSQL schema this subgraph owns; no other subgraph reads or writes it. */
export const SCHEMA = 'advisories';

export const entities = [
  Advisory,
  AdvisoryRevision,
  Indicator,
  IndicatorRevision,
  Acknowledgment,
  AdvisoryIdentifierCounter,
  SupervisedOrganization,
  RegulatorDeadline,
];

export function ormOptions(databaseUrl: string, poolSize: number, logger: Logger): Options {
  return subgraphOrmOptions({ schema: SCHEMA, entities, migrations, databaseUrl, poolSize, logger, kitTablesInOwnMigrations: true });
}
