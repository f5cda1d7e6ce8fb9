import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';

import { Tlp } from '../../../../contracts/advisory-vocabulary.js';
import { isNationalCentre, Role, type Caller } from '../../../../platform/caller.js';
import { sectorsSupervisedBy, SupervisedOrganization } from '../../../kit/supervision/supervised-organization.entity.js';

/**
 * What a record shared under TLP carries to say who it is for: advisories and indicators alike
 * (ThaiCERT targets both the same way). One home for the TLP rules of both.
 */
export interface TlpTargeted {
  tlp: Tlp;
  /** CII sectors addressed; empty means all. */
  targetSectorIds: string[];
  /** Organizations named as recipients. */
  recipientOrganizationIds: string[];
}

const NOTHING = { tlp: { $in: [] } } as FilterQuery<TlpTargeted>;
const noTargetSectors: FilterQuery<TlpTargeted> = { targetSectorIds: { $eq: [] } };

/**
 * An organization a record is addressed to: a named recipient; or, when none are named, one in
 * a target sector (no target sectors: every sector).
 */
export function addressedTo<T extends TlpTargeted>(organizationId: string, sectorId: string | null | undefined): FilterQuery<T> {
  return {
    $or: [
      { recipientOrganizationIds: { $contains: [organizationId] } },
      {
        recipientOrganizationIds: { $eq: [] },
        $or: [noTargetSectors, ...(sectorId ? [{ targetSectorIds: { $overlap: [sectorId] } }] : [])],
      },
    ],
  } as FilterQuery<T>;
}

/**
 * TLP 2.0 as row-level scope (SPEC §3), in SQL where the records are:
 * CLEAR anyone, the public included; GREEN any signed-in user; AMBER organizations in the target
 * sectors (or named) and the regulators of those sectors; AMBER_STRICT and RED the organizations
 * addressed ({@link addressedTo}); ThaiCERT and NCSA everything (`{}`). Anyone else: nothing.
 * Says nothing of a record's own life cycle (an advisory's drafts): its caller adds that.
 */
export async function tlpReadableBy<T extends TlpTargeted>(em: EntityManager, caller: Caller): Promise<FilterQuery<T>> {
  if (isNationalCentre(caller)) return {} as FilterQuery<T>;
  if (caller.role === 'PUBLIC') return { tlp: Tlp.CLEAR } as FilterQuery<T>;
  const everyone: FilterQuery<TlpTargeted> = { tlp: { $in: [Tlp.CLEAR, Tlp.GREEN] } };
  if (caller.role === Role.ORGANIZATION) {
    const sectorId = (await em.findOne(SupervisedOrganization, { id: caller.organizationId }))?.sectorId;
    const inTargetSectors: FilterQuery<TlpTargeted> = {
      $or: [noTargetSectors, ...(sectorId ? [{ targetSectorIds: { $overlap: [sectorId] } }] : [])],
    };
    return {
      $or: [
        everyone,
        { tlp: Tlp.AMBER, $or: [inTargetSectors, { recipientOrganizationIds: { $contains: [caller.organizationId] } }] },
        { $and: [{ tlp: { $in: [Tlp.AMBER_STRICT, Tlp.RED] } }, addressedTo(caller.organizationId, sectorId)] },
      ],
    } as FilterQuery<T>;
  }
  if (caller.role === Role.REGULATOR) {
    const sectors = await sectorsSupervisedBy(em, caller.regulatorId);
    return {
      $or: [everyone, { tlp: Tlp.AMBER, $or: [noTargetSectors, ...(sectors.length ? [{ targetSectorIds: { $overlap: sectors } }] : [])] }],
    } as FilterQuery<T>;
  }
  return NOTHING as FilterQuery<T>;
}

/**
 * The TLP labels of which the caller may read at least some records: the TAXII collections it is
 * shown. Which records of a label it reads is still {@link tlpReadableBy}'s answer, row by row.
 */
export function tlpLabelsReadableBy(caller: Caller): Tlp[] {
  if (isNationalCentre(caller)) return Object.values(Tlp);
  if (caller.role === 'PUBLIC') return [Tlp.CLEAR];
  if (caller.role === Role.ORGANIZATION) return Object.values(Tlp);
  if (caller.role === Role.REGULATOR) return [Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER];
  return [];
}
