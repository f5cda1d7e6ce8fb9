import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';

import { AdvisoryStatus, Tlp } from '../../../../contracts/advisory-vocabulary.js';
import { isNationalCentre, Role, type Caller } from '../../../../platform/caller.js';
import { sectorsSupervisedBy, SupervisedOrganization } from '../../../kit/supervision/supervised-organization.entity.js';
import type { Advisory } from './advisory.entity.js';

/** Published, updated or withdrawn: what anyone but ThaiCERT and NCSA may ever see. */
export const RELEASED = [AdvisoryStatus.PUBLISHED, AdvisoryStatus.UPDATED, AdvisoryStatus.WITHDRAWN];

const NOTHING: FilterQuery<Advisory> = { id: { $in: [] } };
const noTargetSectors: FilterQuery<Advisory> = { targetSectorIds: { $eq: [] } };

/**
 * An organization an advisory is addressed to: a named recipient; or, when none are named, one in
 * a target sector (no target sectors: every sector).
 */
export function addressedTo(organizationId: string, sectorId: string | null | undefined): FilterQuery<Advisory> {
  return {
    $or: [
      { recipientOrganizationIds: { $contains: [organizationId] } },
      {
        recipientOrganizationIds: { $eq: [] },
        $or: [noTargetSectors, ...(sectorId ? [{ targetSectorIds: { $overlap: [sectorId] } }] : [])],
      },
    ],
  };
}

/**
 * TLP 2.0 as row-level scope (SPEC §3), in SQL where the advisories are:
 * CLEAR anyone, the public included; GREEN any signed-in user; AMBER organizations in the target
 * sectors and their regulators; AMBER_STRICT the target organizations; RED the named recipients;
 * ThaiCERT and NCSA everything, drafts included. Nobody else ever sees a draft.
 */
export async function readableBy(em: EntityManager, caller: Caller): Promise<FilterQuery<Advisory>> {
  if (isNationalCentre(caller)) return {};
  const released: FilterQuery<Advisory> = { status: { $in: RELEASED } };
  if (caller.role === 'PUBLIC') return { ...released, tlp: Tlp.CLEAR };
  const everyone: FilterQuery<Advisory> = { tlp: { $in: [Tlp.CLEAR, Tlp.GREEN] } };
  if (caller.role === Role.ORGANIZATION) {
    const sectorId = (await em.findOne(SupervisedOrganization, { id: caller.organizationId }))?.sectorId;
    const addressed = addressedTo(caller.organizationId, sectorId);
    const inTargetSectors: FilterQuery<Advisory> = {
      $or: [noTargetSectors, ...(sectorId ? [{ targetSectorIds: { $overlap: [sectorId] } }] : [])],
    };
    return {
      $and: [
        released,
        {
          $or: [
            everyone,
            { tlp: Tlp.AMBER, $or: [inTargetSectors, { recipientOrganizationIds: { $contains: [caller.organizationId] } }] },
            { $and: [{ tlp: { $in: [Tlp.AMBER_STRICT, Tlp.RED] } }, addressed] },
          ],
        },
      ],
    };
  }
  if (caller.role === Role.REGULATOR) {
    const sectors = await sectorsSupervisedBy(em, caller.regulatorId);
    return {
      $and: [
        released,
        {
          $or: [
            everyone,
            { tlp: Tlp.AMBER, $or: [noTargetSectors, ...(sectors.length ? [{ targetSectorIds: { $overlap: sectors } }] : [])] },
          ],
        },
      ],
    };
  }
  return NOTHING;
}

/**
 * Whether the caller may learn that an organization acknowledged an advisory: ThaiCERT and NCSA
 * always, a regulator for the organizations it supervises now. The acknowledgment list and the
 * ACKNOWLEDGED events both ask this, so the two cannot disagree.
 */
export async function mayReadAcknowledgment(
  caller: Caller,
  organizationId: string,
  regulatorIdOf: (organizationId: string) => Promise<string | null>,
): Promise<boolean> {
  if (isNationalCentre(caller)) return true;
  return caller.role === Role.REGULATOR && (await regulatorIdOf(organizationId)) === caller.regulatorId;
}
