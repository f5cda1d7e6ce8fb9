import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';

import { AdvisoryStatus } from '../../../../contracts/advisory-vocabulary.js';
import { isNationalCentre, Role, type Caller } from '../../../../platform/caller.js';
import { addressedTo as addressedToTargets, tlpReadableBy } from '../tlp/tlp-scope.js';
import type { Advisory } from './advisory.entity.js';

/** Published, updated or withdrawn: what anyone but ThaiCERT and NCSA may ever see. */
export const RELEASED = [AdvisoryStatus.PUBLISHED, AdvisoryStatus.UPDATED, AdvisoryStatus.WITHDRAWN];

/**
 * An organization an advisory is addressed to: a named recipient; or, when none are named, one in
 * a target sector (no target sectors: every sector). The same rule as an indicator's (tlp-scope.ts).
 */
export function addressedTo(organizationId: string, sectorId: string | null | undefined): FilterQuery<Advisory> {
  return addressedToTargets<Advisory>(organizationId, sectorId);
}

/**
 * TLP 2.0 as row-level scope (SPEC §3), in SQL where the advisories are: the TLP rules every
 * record shared under TLP follows ({@link tlpReadableBy}), and only released advisories for anyone
 * but ThaiCERT and NCSA. Nobody else ever sees a draft.
 */
export async function readableBy(em: EntityManager, caller: Caller): Promise<FilterQuery<Advisory>> {
  if (isNationalCentre(caller)) return {};
  return { $and: [{ status: { $in: RELEASED } }, await tlpReadableBy<Advisory>(em, caller)] };
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
