import type { MigrationObject } from '@mikro-orm/core';

import { createLogger } from '../../../../platform/logger.js';
import { describeMigrations } from '../../../../test/migrations.js';
import { ormOptions, SCHEMA } from '../mikro-orm.config.js';

// A new subgraph: the kit's own migration (its outbox, feed checkpoints, audit trail) runs before these.
const applied = ormOptions('postgres://unused/db', 1, createLogger('mail-migrations-test', 'silent')).migrations!
  .migrationsList as MigrationObject[];

describeMigrations(SCHEMA, ormOptions, applied);
