import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';

import type { Caller } from '../../../platform/caller.js';
import type { Logger } from '../../../platform/logger.js';
import type { BaseContext } from '../../kit/subgraph-runtime.js';
import type { Directory } from './feeds/service-client.js';

export interface MailContext extends BaseContext {
  caller: Caller;
  em: EntityManager;
  /** The organizations subgraph's contacts, for whose contact an opt-out is. */
  directory: Directory;
}

export function createContext(
  orm: MikroORM,
  identity: { caller: Caller; requestId: string; log: Logger },
  background: { directory: Directory },
): MailContext {
  return { ...identity, em: orm.em.fork(), directory: background.directory, supervision: { regulatorIdOf: async () => null } };
}
