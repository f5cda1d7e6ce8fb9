import type { Options } from '@mikro-orm/postgresql';

import type { Logger } from '../../../platform/logger.js';
import { subgraphOrmOptions } from '../../kit/orm-options.js';
import { RegulatorDeadline, SupervisedOrganization } from '../../kit/supervision/supervised-organization.entity.js';
import { AnnualSummaryFiling } from './annual-summary/annual-summary-filing.entity.js';
import { AnnualSummary } from './annual-summary/annual-summary.entity.js';
import { AssistanceFact, IncidentFact, ObservedCaseFact } from './facts/incident-fact.entity.js';
import { migrations } from './migrations/index.js';

/** The PostgreSQL schema this subgraph owns; no other subgraph reads or writes it. */
export const SCHEMA = 'statistics';

export const entities = [
  IncidentFact,
  AssistanceFact,
  ObservedCaseFact,
  AnnualSummary,
  AnnualSummaryFiling,
  SupervisedOrganization,
  RegulatorDeadline,
];

export function ormOptions(databaseUrl: string, poolSize: number, logger: Logger): Options {
  return subgraphOrmOptions({ schema: SCHEMA, entities, migrations, databaseUrl, poolSize, logger, kitTablesInOwnMigrations: true });
}
