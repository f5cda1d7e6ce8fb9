import type { MigrationObject } from '@mikro-orm/core';

import { auditTrailMigration } from '../../../kit/audit/audit-entry.entity.js';
import { regulatorReportDeadlineMigration } from '../../../kit/supervision/supervised-organization.entity.js';
import { Migration20261123200000Initial } from './Migration20261123200000Initial.js';
import { Migration20261124000000ListsWithoutReports } from './Migration20261124000000ListsWithoutReports.js';
import { Migration20261201000000SignedReports } from './Migration20261201000000SignedReports.js';
import { Migration20261210000000SignificantThreatDeadlines } from './Migration20261210000000SignificantThreatDeadlines.js';
import { Migration20261213000000IncidentComments } from './Migration20261213000000IncidentComments.js';
import { Migration20261213000100IncidentCases } from './Migration20261213000100IncidentCases.js';
import { Migration20261214100000IncidentRegulatorReportDue } from './Migration20261214100000IncidentRegulatorReportDue.js';
import { Migration20261217000000ObservedCases } from './Migration20261217000000ObservedCases.js';

/** Every migration of this subgraph, in order. New ones are appended. */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261123200000Initial', class: Migration20261123200000Initial },
  { name: 'Migration20261124000000ListsWithoutReports', class: Migration20261124000000ListsWithoutReports },
  { name: 'Migration20261124100000AuditTrail', class: auditTrailMigration('incidents', 'incidents') },
  { name: 'Migration20261201000000SignedReports', class: Migration20261201000000SignedReports },
  { name: 'Migration20261210000000SignificantThreatDeadlines', class: Migration20261210000000SignificantThreatDeadlines },
  { name: 'Migration20261213000000IncidentComments', class: Migration20261213000000IncidentComments },
  { name: 'Migration20261213000100IncidentCases', class: Migration20261213000100IncidentCases },
  { name: 'Migration20261214000000RegulatorReportDeadline', class: regulatorReportDeadlineMigration('incidents') },
  { name: 'Migration20261214100000IncidentRegulatorReportDue', class: Migration20261214100000IncidentRegulatorReportDue },
  { name: 'Migration20261217000000ObservedCases', class: Migration20261217000000ObservedCases },
];
