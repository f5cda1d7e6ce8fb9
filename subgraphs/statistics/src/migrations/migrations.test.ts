import { describeMigrations } from '../../../../test/migrations.js';
import { ormOptions, SCHEMA } from '../mikro-orm.config.js';
import { migrations } from './index.js';

describeMigrations(SCHEMA, ormOptions, migrations);
