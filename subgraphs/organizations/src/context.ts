import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';

import type { Caller } from '../../../platform/caller.js';
import type { Logger } from '../../../platform/logger.js';
import { byIdLoader, childrenLoader } from '../../kit/loaders.js';
import type { BaseContext } from '../../kit/subgraph-runtime.js';
import { Organization } from './organization/organization.entity.js';
import { PointOfContact } from './point-of-contact/point-of-contact.entity.js';
import { Regulator } from './regulator/regulator.entity.js';
import { Sector } from './sector/sector.entity.js';

export interface OrganizationsLoaders {
  organizationById: DataLoader<string, Organization | null>;
  regulatorById: DataLoader<string, Regulator | null>;
  sectorById: DataLoader<string, Sector | null>;
  /** Includes removed contacts: incident reports may still name them. */
  pointOfContactById: DataLoader<string, PointOfContact | null>;
  pointsOfContactByOrganization: DataLoader<string, PointOfContact[]>;
  sectorsByRegulator: DataLoader<string, Sector[]>;
}

export interface OrganizationsContext extends BaseContext {
  caller: Caller;
  /** Forked per request: its identity map lives and dies with the request. */
  em: EntityManager;
  loaders: OrganizationsLoaders;
}

function createLoaders(em: EntityManager): OrganizationsLoaders {
  return {
    organizationById: byIdLoader(em, Organization),
    regulatorById: byIdLoader(em, Regulator),
    sectorById: byIdLoader(em, Sector),
    pointOfContactById: byIdLoader(em, PointOfContact),
    pointsOfContactByOrganization: childrenLoader(
      em,
      PointOfContact,
      'organization',
      (contact) => contact.organization.id,
      { removedAt: null },
      { isPrimary: 'desc', fullName: 'asc' },
    ),
    sectorsByRegulator: new DataLoader<string, Sector[]>(async (ids) => {
      const regulators = await em.find(Regulator, { id: { $in: [...ids] } }, { populate: ['sectors'] });
      const byId = new Map(regulators.map((r) => [r.id, r.sectors.getItems()]));
      return ids.map((id) => byId.get(id) ?? []);
    }),
  };
}

export function createContext(orm: MikroORM, identity: { caller: Caller; requestId: string; log: Logger }): OrganizationsContext {
  const em = orm.em.fork();
  const loaders = createLoaders(em);
  return {
    ...identity,
    em,
    loaders,
    supervision: {
      regulatorIdOf: async (organizationId) => (await loaders.organizationById.load(organizationId))?.regulator?.id ?? null,
    },
  };
}
