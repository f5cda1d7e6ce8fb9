import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type DataLoader from 'dataloader';

import type { Caller } from '../../../platform/caller.js';
import type { Logger } from '../../../platform/logger.js';
import { byIdLoader } from '../../kit/loaders.js';
import type { BaseContext } from '../../kit/subgraph-runtime.js';
import { SupervisedOrganization } from '../../kit/supervision/supervised-organization.entity.js';

export interface StatisticsContext extends BaseContext {
  caller: Caller;
  em: EntityManager;
  supervisionById: DataLoader<string, SupervisedOrganization | null>;
}

export function createContext(orm: MikroORM, identity: { caller: Caller; requestId: string; log: Logger }): StatisticsContext {
  const em = orm.em.fork();
  const supervisionById = byIdLoader(em, SupervisedOrganization);
  return {
    ...identity,
    em,
    supervisionById,
    supervision: { regulatorIdOf: async (id) => (await supervisionById.load(id))?.regulatorId ?? null },
  };
}
