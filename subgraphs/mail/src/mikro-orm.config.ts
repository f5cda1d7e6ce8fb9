import type { Options } from '@mikro-orm/postgresql';

import type { Logger } from '../../../platform/logger.js';
import { subgraphOrmOptions } from '../../kit/orm-options.js';
import { InboundMessage } from './intake/inbound-message.entity.js';
import { migrations } from './migrations/index.js';
import { MailDelivery, MailOptOut, RegulatorMailbox } from './outbox/mail-delivery.entity.js';

/** The PostgreSQL schema this subgraph owns; no other subgraph reads or writes it. */
export const SCHEMA = 'mail';

export const entities = [MailDelivery, MailOptOut, InboundMessage, RegulatorMailbox];

export function ormOptions(databaseUrl: string, poolSize: number, logger: Logger): Options {
  return subgraphOrmOptions({ schema: SCHEMA, entities, migrations, databaseUrl, poolSize, logger });
}
