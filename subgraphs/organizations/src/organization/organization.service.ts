import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';

import { OrganizationKind } from '../../../../contracts/organization-kind.js';
import { requireUuid } from '../../../../platform/caller.js';
import { badUserInput, invalidField, notFound, ProblemCode } from '../../../../platform/errors.js';
import { paginate, type ConnectionShape, type PageArgs } from '../../../kit/connection.js';
import { assertVersion } from '../../../kit/record.entity.js';
import { OrganizationEventType, recordSupervision } from '../events/organization-events.js';
import { Regulator } from '../regulator/regulator.entity.js';
import { Sector } from '../sector/sector.entity.js';
import { Address } from './address.js';
import { assertNameFree } from './organization-name.js';
import { Organization } from './organization.entity.js';
import type { AddressInput, OrganizationFilter, RegisterOrganizationInput, UpdateOrganizationInput } from './organization.input.js';

/** Escapes LIKE wildcards so a search for "100%" means the text, not a pattern. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listOrganizations(
  em: EntityManager,
  filter: OrganizationFilter | undefined,
  page: PageArgs,
): Promise<ConnectionShape<Organization>> {
  const where: FilterQuery<Organization> = {};
  if (filter?.sectorId) where.sector = filter.sectorId;
  if (filter?.regulatorId) where.regulator = requireUuid(filter.regulatorId, 'filter.regulatorId');
  if (filter?.kind) where.kind = filter.kind;
  if (filter?.nameContains?.trim()) {
    const pattern = likePattern(filter.nameContains.trim());
    where.$or = [{ nameTh: { $ilike: pattern } }, { nameEn: { $ilike: pattern } }];
  }
  return paginate(em, Organization, where, page, { nameEn: 'asc', id: 'asc' });
}

export async function findOrganization(em: EntityManager, id: string): Promise<Organization> {
  const organization = await em.findOne(Organization, { id: requireUuid(id, 'id') });
  if (!organization) throw notFound('Organization', id);
  return organization;
}

interface Supervision {
  kind: OrganizationKind;
  sectorId: string | null;
  regulatorId: string | null;
}

/**
 * A CII organization belongs to a sector and is supervised by a regulator of that sector; a
 * government agency may have neither, but any regulator it has must supervise its sector.
 */
async function resolveSupervision(em: EntityManager, wanted: Supervision): Promise<{ sector: Sector | null; regulator: Regulator | null }> {
  if (wanted.kind === OrganizationKind.CII_ORGANIZATION && (!wanted.sectorId || !wanted.regulatorId)) {
    throw badUserInput('A CII organization needs a sectorId and a regulatorId');
  }
  if (wanted.regulatorId && !wanted.sectorId)
    throw invalidField('sectorId', ProblemCode.REQUIRED, 'An organization with a regulator needs a sectorId');
  const sector = wanted.sectorId ? await em.findOne(Sector, { id: wanted.sectorId }) : null;
  if (wanted.sectorId && !sector)
    throw invalidField('sectorId', ProblemCode.UNKNOWN_REFERENCE, `Unknown sector ${wanted.sectorId}`, { argument: 'sectorId' });
  if (!wanted.regulatorId) return { sector, regulator: null };
  const regulator = await em.findOne(Regulator, { id: requireUuid(wanted.regulatorId, 'regulatorId') }, { populate: ['sectors'] });
  if (!regulator)
    throw invalidField('regulatorId', ProblemCode.UNKNOWN_REFERENCE, `Unknown regulator ${wanted.regulatorId}`, {
      argument: 'regulatorId',
    });
  if (!regulator.sectors.getItems().some((s) => s.id === wanted.sectorId)) {
    throw invalidField(
      'regulatorId',
      ProblemCode.CONTRADICTS_OTHER_FIELD,
      `${regulator.nameEn} does not supervise the sector ${wanted.sectorId}`,
      {
        argument: 'regulatorId',
      },
    );
  }
  return { sector, regulator };
}

/** What the registry's feed carries of an organization: who supervises it now. */
export const supervisionOf = (organization: Organization) => ({
  organizationId: organization.id,
  kind: organization.kind,
  sectorId: organization.sector?.id ?? null,
  regulatorId: organization.regulator?.id ?? null,
});

function toAddress(input: AddressInput | null | undefined): Address | null {
  if (!input) return null;
  return Object.assign(new Address(), {
    line: input.line.trim(),
    subdistrict: input.subdistrict.trim(),
    district: input.district.trim(),
    province: input.province.trim(),
    postalCode: input.postalCode,
  });
}

export async function registerOrganization(em: EntityManager, input: RegisterOrganizationInput): Promise<Organization> {
  return em.transactional(async (tx) => {
    const { sector, regulator } = await resolveSupervision(tx, {
      kind: input.kind,
      sectorId: input.sectorId ?? null,
      regulatorId: input.regulatorId ?? null,
    });
    await assertNameFree(tx, {
      nameTh: input.nameTh,
      nameEn: input.nameEn,
      sectorId: sector?.id ?? null,
      allowDuplicateName: input.allowDuplicateName,
    });
    const organization = tx.create(Organization, {
      nameTh: input.nameTh.trim(),
      nameEn: input.nameEn.trim(),
      kind: input.kind,
      sector,
      regulator,
      missionDescription: input.missionDescription?.trim() || null,
      address: toAddress(input.address),
    });
    await tx.flush();
    await recordSupervision(tx, OrganizationEventType.ORGANIZATION_REGISTERED, supervisionOf(organization));
    return organization;
  });
}

export async function updateOrganization(
  em: EntityManager,
  id: string,
  expectedVersion: number,
  input: UpdateOrganizationInput,
): Promise<Organization> {
  return em.transactional(async (tx) => {
    const organization = await findOrganization(tx, id);
    assertVersion(organization, expectedVersion, 'The organization');
    const { sector, regulator } = await resolveSupervision(tx, {
      kind: input.kind ?? organization.kind,
      sectorId: input.sectorId !== undefined ? input.sectorId : (organization.sector?.id ?? null),
      regulatorId: input.regulatorId !== undefined ? input.regulatorId : (organization.regulator?.id ?? null),
    });
    const sectorChanged = (sector?.id ?? null) !== (organization.sector?.id ?? null);
    await assertNameFree(tx, {
      nameTh: input.nameTh ?? (sectorChanged ? organization.nameTh : undefined),
      nameEn: input.nameEn ?? (sectorChanged ? organization.nameEn : undefined),
      sectorId: sector?.id ?? null,
      allowDuplicateName: input.allowDuplicateName,
      organizationId: organization.id,
    });
    if (input.nameTh !== undefined) organization.nameTh = input.nameTh.trim();
    if (input.nameEn !== undefined) organization.nameEn = input.nameEn.trim();
    if (input.kind !== undefined) organization.kind = input.kind;
    organization.sector = sector;
    organization.regulator = regulator;
    if (input.missionDescription !== undefined) organization.missionDescription = input.missionDescription?.trim() || null;
    if (input.address !== undefined) organization.address = toAddress(input.address);
    await tx.flush();
    await recordSupervision(tx, OrganizationEventType.ORGANIZATION_UPDATED, supervisionOf(organization));
    return organization;
  });
}
