import type { MigrationObject } from '@mikro-orm/core';

import { auditTrailMigration } from '../../../kit/audit/audit-entry.entity.js';
import { regulatorReportDeadlineMigration } from '../../../kit/supervision/supervised-organization.entity.js';
import { Migration20261123400000Initial } from './Migration20261123400000Initial.js';
import { Migration20261210000000SignificantThreatDeadlines } from './Migration20261210000000SignificantThreatDeadlines.js';
import { Migration20261212000000Outbox } from './Migration20261212000000Outbox.js';
import { Migration20261215000000AnnualSummaryAmendments } from './Migration20261215000000AnnualSummaryAmendments.js';
import { Migration20261217000000ObservedCaseFacts } from './Migration20261217000000ObservedCaseFacts.js';

/** Every migration of this subgraph, in order. New ones are appended. */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261123400000Initial', class: Migration20261123400000Initial },
  { name: 'Migration20261124100000AuditTrail', class: auditTrailMigration('statistics', 'statistics') },
  { name: 'Migration20261210000000SignificantThreatDeadlines', class: Migration20261210000000SignificantThreatDeadlines },
  { name: 'Migration20261212000000Outbox', class: Migration20261212000000Outbox },
  { name: 'Migration20261214000000RegulatorReportDeadline', class: regulatorReportDeadlineMigration('statistics') },
  { name: 'Migration20261215000000AnnualSummaryAmendments', class: Migration20261215000000AnnualSummaryAmendments },
  { name: 'Migration20261217000000ObservedCaseFacts', class: Migration20261217000000ObservedCaseFacts },
];
