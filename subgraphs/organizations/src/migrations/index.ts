import type { MigrationObject } from '@mikro-orm/core';

import { auditTrailMigration } from '../../../kit/audit/audit-entry.entity.js';
import { Migration20261123000000Initial } from './Migration20261123000000Initial.js';
import { Migration20261123100000Outbox } from './Migration20261123100000Outbox.js';
import { Migration20261201000000ContactKeyEvents } from './Migration20261201000000ContactKeyEvents.js';
import { Migration20261212000000FeedCheckpoints } from './Migration20261212000000FeedCheckpoints.js';
import { Migration20261214000000RegulatorReportDeadline } from './Migration20261214000000RegulatorReportDeadline.js';

/** Every migration of this subgraph, in order. New ones are appended. */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261123000000Initial', class: Migration20261123000000Initial },
  { name: 'Migration20261123100000Outbox', class: Migration20261123100000Outbox },
  { name: 'Migration20261124100000AuditTrail', class: auditTrailMigration('organizations', 'organizations') },
  { name: 'Migration20261201000000ContactKeyEvents', class: Migration20261201000000ContactKeyEvents },
  { name: 'Migration20261212000000FeedCheckpoints', class: Migration20261212000000FeedCheckpoints },
  { name: 'Migration20261214000000RegulatorReportDeadline', class: Migration20261214000000RegulatorReportDeadline },
];
