import type { MigrationObject } from '@mikro-orm/core';

import { Migration20261206200000Initial } from './Migration20261206200000Initial.js';

/** Every migration of this subgraph, in order. New ones are appended. */
export const migrations: MigrationObject[] = [{ name: 'Migration20261206200000Initial', class: Migration20261206200000Initial }];
