import type { EntityManager } from '@mikro-orm/postgresql';

import { requireUuid, Role, type Caller } from '../../../../platform/caller.js';
import { badUserInput, forbidden, notFound } from '../../../../platform/errors.js';
import { assertVersion } from '../../../kit/record.entity.js';
import { OrganizationEventType, recordRegulator } from '../events/organization-events.js';
import { Sector } from '../sector/sector.entity.js';
import { MAX_NOTIFICATION_DEADLINE_HOURS, Regulator } from './regulator.entity.js';
import type { RegisterRegulatorInput } from './regulator.input.js';

export function listRegulators(em: EntityManager): Promise<Regulator[]> {
  return em.find(Regulator, {}, { orderBy: { nameEn: 'asc', id: 'asc' } });
}

export async function findRegulator(em: EntityManager, id: string): Promise<Regulator> {
  const regulator = await em.findOne(Regulator, { id: requireUuid(id, 'id') });
  if (!regulator) throw notFound('Regulator', id);
  return regulator;
}

export async function registerRegulator(em: EntityManager, input: RegisterRegulatorInput): Promise<Regulator> {
  return em.transactional(async (tx) => {
    const sectorIds = [...new Set(input.sectorIds)];
    const sectors = await tx.find(Sector, { id: { $in: sectorIds } });
    const unknown = sectorIds.filter((id) => !sectors.some((s) => s.id === id));
    if (unknown.length > 0) throw badUserInput(`Unknown sectors: ${unknown.join(', ')}`, { argument: 'sectorIds' });
    const regulator = tx.create(Regulator, {
      nameTh: input.nameTh.trim(),
      nameEn: input.nameEn.trim(),
      notificationDeadlineHours: input.notificationDeadlineHours,
    });
    regulator.sectors.set(sectors);
    await tx.flush();
    await recordRegulator(tx, OrganizationEventType.REGULATOR_REGISTERED, {
      regulatorId: regulator.id,
      notificationDeadlineHours: regulator.notificationDeadlineHours,
    });
    return regulator;
  });
}

/** A regulator sets its own deadline (clauses 4–5); NCSA, which manages regulators, may too. */
export async function setNotificationDeadline(
  em: EntityManager,
  caller: Caller,
  regulatorId: string,
  hours: number,
  expectedVersion: number,
): Promise<Regulator> {
  const id = requireUuid(regulatorId, 'regulatorId');
  const ownRegulator = caller.role === Role.REGULATOR && caller.regulatorId === id;
  if (!ownRegulator && caller.role !== Role.NCSA) {
    throw forbidden('Only the regulator itself or NCSA may set its notification deadline');
  }
  if (!Number.isInteger(hours) || hours < 1 || hours > MAX_NOTIFICATION_DEADLINE_HOURS) {
    throw badUserInput(`hours must be from 1 to ${MAX_NOTIFICATION_DEADLINE_HOURS}`, { argument: 'hours' });
  }
  return em.transactional(async (tx) => {
    const regulator = await findRegulator(tx, id);
    assertVersion(regulator, expectedVersion, 'The regulator');
    regulator.notificationDeadlineHours = hours;
    await tx.flush();
    await recordRegulator(tx, OrganizationEventType.REGULATOR_DEADLINE_CHANGED, {
      regulatorId: regulator.id,
      notificationDeadlineHours: hours,
    });
    return regulator;
  });
}
