import type { EntityManager } from '@mikro-orm/postgresql';

import { requireUuid } from '../../../../platform/caller.js';
import { conflict, invalidField, ProblemCode } from '../../../../platform/errors.js';
import { Regulator } from '../regulator/regulator.entity.js';
import { touchSectors } from '../regulator/regulator.service.js';
import { Sector } from './sector.entity.js';
import type { AddSectorInput } from './sector.input.js';

export function listSectors(em: EntityManager): Promise<Sector[]> {
  return em.find(Sector, {}, { orderBy: { nameEn: 'asc' } });
}

/**
 * A sector the Committee prescribes (§49(8)), supervised from the start: a sector is never without
 * a regulator. No organization is in it yet, so no other subgraph has anything to learn.
 */
export async function addSector(em: EntityManager, input: AddSectorInput): Promise<Sector> {
  return em.transactional(async (tx) => {
    const regulator = await tx.findOne(Regulator, { id: requireUuid(input.regulatorId, 'input.regulatorId') }, { populate: ['sectors'] });
    if (!regulator)
      throw invalidField('input.regulatorId', ProblemCode.UNKNOWN_REFERENCE, `Unknown regulator ${input.regulatorId}`, {
        argument: 'input.regulatorId',
      });
    const existing = await tx.findOne(Sector, { id: input.code });
    if (existing) throw conflict(`A sector with the code ${input.code} exists already (${existing.nameEn})`, { sectorId: input.code });
    const sector = tx.create(Sector, { id: input.code, nameTh: input.nameTh.trim(), nameEn: input.nameEn.trim() });
    regulator.sectors.add(sector);
    touchSectors(regulator);
    await tx.flush();
    return sector;
  });
}
