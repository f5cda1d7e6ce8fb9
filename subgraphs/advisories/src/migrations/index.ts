import type { MigrationObject } from '@mikro-orm/core';

import { auditTrailMigration } from '../../../kit/audit/audit-entry.entity.js';
import { regulatorReportDeadlineMigration } from '../../../kit/supervision/supervised-organization.entity.js';
import { Migration20261123300000Initial } from './Migration20261123300000Initial.js';
import { Migration20261203140000CvssBaseScore } from './Migration20261203140000CvssBaseScore.js';
import { Migration20261206100000Indicators } from './Migration20261206100000Indicators.js';

/** Every migration of this subgraph, in order. New ones are appended. */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261123300000Initial', class: Migration20261123300000Initial },
  { name: 'Migration20261124100000AuditTrail', class: auditTrailMigration('advisories', 'advisories') },
  { name: 'Migration20261214000000RegulatorReportDeadline', class: regulatorReportDeadlineMigration('advisories') },
  { name: 'Migration20261203140000CvssBaseScore', class: Migration20261203140000CvssBaseScore },
  { name: 'Migration20261206100000Indicators', class: Migration20261206100000Indicators },
];
