import type { EntityManager } from '@mikro-orm/postgresql';

import type { RegulatorPayload } from '../../../../contracts/feeds/organization-feed.js';
import { requireUuid, Role, type Caller } from '../../../../platform/caller.js';
import { conflict, forbidden, invalidField, notFound, ProblemCode } from '../../../../platform/errors.js';
import { assertVersion } from '../../../kit/record.entity.js';
import { OrganizationEventType, recordRegulator, recordSupervision } from '../events/organization-events.js';
import { Organization } from '../organization/organization.entity.js';
import { supervisionOf } from '../organization/organization.service.js';
import { Sector } from '../sector/sector.entity.js';
import { MAX_NOTIFICATION_DEADLINE_HOURS, Regulator } from './regulator.entity.js';
import type { RegisterRegulatorInput, UpdateRegulatorInput } from './regulator.input.js';

export function listRegulators(em: EntityManager): Promise<Regulator[]> {
  return em.find(Regulator, {}, { orderBy: { nameEn: 'asc', id: 'asc' } });
}

export async function findRegulator(em: EntityManager, id: string): Promise<Regulator> {
  const regulator = await em.findOne(Regulator, { id: requireUuid(id, 'id') });
  if (!regulator) throw notFound('Regulator', id);
  return regulator;
}

async function findSectors(em: EntityManager, ids: string[], argument: string): Promise<Sector[]> {
  const sectorIds = [...new Set(ids)];
  const sectors = await em.find(Sector, { id: { $in: sectorIds } });
  const unknown = sectorIds.filter((id) => !sectors.some((s) => s.id === id));
  if (unknown.length > 0)
    throw invalidField(argument, ProblemCode.UNKNOWN_REFERENCE, `Unknown sectors: ${unknown.join(', ')}`, { argument });
  return sectors;
}

export async function registerRegulator(em: EntityManager, input: RegisterRegulatorInput): Promise<Regulator> {
  return em.transactional(async (tx) => {
    const sectors = await findSectors(tx, input.sectorIds, 'sectorIds');
    const regulator = tx.create(Regulator, {
      nameTh: input.nameTh.trim(),
      nameEn: input.nameEn.trim(),
      notificationDeadlineHours: input.notificationDeadlineHours,
      reportDeadlineHours: input.reportDeadlineHours ?? null,
    });
    regulator.sectors.set(sectors);
    await tx.flush();
    await recordRegulator(tx, OrganizationEventType.REGULATOR_REGISTERED, deadlinesOf(regulator));
    return regulator;
  });
}

/** What the registry's feed carries of a regulator: its deadlines, which incidents are due by. */
const deadlinesOf = (regulator: Regulator): RegulatorPayload => ({
  regulatorId: regulator.id,
  notificationDeadlineHours: regulator.notificationDeadlineHours,
  reportDeadlineHours: regulator.reportDeadlineHours ?? null,
});

/** The deadlines a regulator sets for the organizations it supervises, and how a refusal names each. */
const DEADLINES = {
  notificationDeadlineHours: 'notification deadline',
  reportDeadlineHours: 'report deadline',
} as const satisfies Partial<Record<keyof Regulator, string>>;

/** A regulator sets its own deadlines (clauses 4–5); NCSA, which manages regulators, may too. */
async function setDeadline(
  em: EntityManager,
  caller: Caller,
  regulatorId: string,
  deadline: keyof typeof DEADLINES,
  hours: number,
  expectedVersion: number,
): Promise<Regulator> {
  const id = requireUuid(regulatorId, 'regulatorId');
  const ownRegulator = caller.role === Role.REGULATOR && caller.regulatorId === id;
  if (!ownRegulator && caller.role !== Role.NCSA) {
    throw forbidden(`Only the regulator itself or NCSA may set its ${DEADLINES[deadline]}`);
  }
  if (!Number.isInteger(hours) || hours < 1 || hours > MAX_NOTIFICATION_DEADLINE_HOURS) {
    const code =
      hours < 1 ? ProblemCode.TOO_SMALL : hours > MAX_NOTIFICATION_DEADLINE_HOURS ? ProblemCode.TOO_LARGE : ProblemCode.BAD_FORMAT;
    throw invalidField('hours', code, `hours must be from 1 to ${MAX_NOTIFICATION_DEADLINE_HOURS}`, { argument: 'hours' });
  }
  return em.transactional(async (tx) => {
    const regulator = await findRegulator(tx, id);
    assertVersion(regulator, expectedVersion, 'The regulator');
    regulator[deadline] = hours;
    await tx.flush();
    await recordRegulator(tx, OrganizationEventType.REGULATOR_DEADLINE_CHANGED, deadlinesOf(regulator));
    return regulator;
  });
}

/** Hours from detection within which its organizations must notify it (clauses 4–5). */
export const setNotificationDeadline = (em: EntityManager, caller: Caller, regulatorId: string, hours: number, expectedVersion: number) =>
  setDeadline(em, caller, regulatorId, 'notificationDeadlineHours', hours, expectedVersion);

/** Hours from detection within which the ก2 report must reach it (clause 5, second sentence). */
export const setReportDeadline = (em: EntityManager, caller: Caller, regulatorId: string, hours: number, expectedVersion: number) =>
  setDeadline(em, caller, regulatorId, 'reportDeadlineHours', hours, expectedVersion);

/**
 * The sectors a regulator supervises are part of its record: a change to them is a new version,
 * though MikroORM writes only the join table for it.
 */
export function touchSectors(regulator: Regulator): void {
  regulator.updatedAt = new Date();
}

/**
 * Gives up `sector`: the regulator's organizations in it pass to the sector's other regulator, so
 * that each keeps a regulator of its own sector. Refused when none would be left (the sector would
 * be unsupervised) or when two or more remain (which one takes them is NCSA's call, made per
 * organization with updateOrganization). Returns the organizations that moved.
 */
async function giveUpSector(em: EntityManager, regulator: Regulator, sector: Sector): Promise<Organization[]> {
  const others = await em.find(Regulator, { sectors: sector.id, id: { $ne: regulator.id } }, { orderBy: { nameEn: 'asc' } });
  if (others.length === 0) {
    throw conflict(
      `${sector.id} would be left without a regulator: give it to another regulator before taking it from ${regulator.nameEn}`,
      {
        sectorId: sector.id,
      },
    );
  }
  const organizations = await em.find(Organization, { regulator: regulator.id, sector: sector.id });
  if (organizations.length > 0 && others.length > 1) {
    throw conflict(
      `${sector.id} is also supervised by ${others.map((r) => r.nameEn).join(' and ')}: move ${regulator.nameEn}'s ${organizations.length} organizations in it with updateOrganization first`,
      { sectorId: sector.id },
    );
  }
  for (const organization of organizations) organization.regulator = others[0];
  return organizations;
}

/**
 * NCSA renames a regulator or changes the sectors it supervises. Organizations in a sector it gives
 * up follow the sector to its other regulator, with their supervision events in the same
 * transaction, so every subgraph's row scope moves with them.
 */
export async function updateRegulator(
  em: EntityManager,
  id: string,
  expectedVersion: number,
  input: UpdateRegulatorInput,
): Promise<Regulator> {
  return em.transactional(async (tx) => {
    const regulator = await tx.findOne(Regulator, { id: requireUuid(id, 'id') }, { populate: ['sectors'] });
    if (!regulator) throw notFound('Regulator', id);
    assertVersion(regulator, expectedVersion, 'The regulator');
    if (input.nameTh !== undefined) regulator.nameTh = input.nameTh.trim();
    if (input.nameEn !== undefined) regulator.nameEn = input.nameEn.trim();
    const moved: Organization[] = [];
    if (input.sectorIds !== undefined) {
      const sectors = await findSectors(tx, input.sectorIds, 'input.sectorIds');
      const current = regulator.sectors.getItems();
      for (const sector of current.filter((s) => !sectors.includes(s))) {
        moved.push(...(await giveUpSector(tx, regulator, sector)));
      }
      if (sectors.length !== current.length || moved.length > 0 || sectors.some((s) => !current.includes(s))) touchSectors(regulator);
      regulator.sectors.set(sectors);
    }
    await tx.flush();
    for (const organization of moved) {
      await recordSupervision(tx, OrganizationEventType.ORGANIZATION_UPDATED, supervisionOf(organization));
    }
    return regulator;
  });
}
