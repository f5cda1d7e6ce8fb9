import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';

import { isNationalCentre, Role, type Caller } from '../../../../platform/caller.js';
import { paginate, type ConnectionShape, type PageArgs } from '../../../kit/connection.js';
import { SupervisedOrganization } from '../../../kit/supervision/supervised-organization.entity.js';
import { Acknowledgment } from './advisory-records.entity.js';
import type { Advisory } from './advisory.entity.js';

const NOBODY = { $in: [] as string[] };

/**
 * The organizations whose acknowledgments the caller may see, as SQL: every one for ThaiCERT and
 * NCSA, those it supervises now for a regulator. The same rule as mayReadAcknowledgment (which
 * judges one event at a time), stated over the supervision copy so a page is counted and cut in SQL.
 */
function organizationsInView(caller: Caller): FilterQuery<SupervisedOrganization> {
  if (isNationalCentre(caller)) return {};
  if (caller.role !== Role.REGULATOR) return { id: NOBODY };
  return { regulatorId: caller.regulatorId };
}

/** Read as plain values: a regulator may supervise hundreds of organizations. */
async function supervisedBy(em: EntityManager, regulatorId: string): Promise<string[]> {
  const rows = await em.createQueryBuilder(SupervisedOrganization).select('id').where({ regulatorId }).execute<{ id: string }[]>('all');
  return rows.map((row) => row.id);
}

/** Who acknowledged an advisory, first acknowledgment first, as far as the caller may see. */
export async function listAcknowledgments(
  em: EntityManager,
  caller: Caller,
  advisory: Advisory,
  page: PageArgs,
): Promise<ConnectionShape<Acknowledgment>> {
  const organizations = isNationalCentre(caller)
    ? {}
    : { organizationId: caller.role === Role.REGULATOR ? { $in: await supervisedBy(em, caller.regulatorId) } : NOBODY };
  const where: FilterQuery<Acknowledgment> = { advisory: advisory.id, ...organizations };
  return paginate(em, Acknowledgment, where, page, { acknowledgedAt: 'asc', id: 'asc' });
}

/**
 * The organizations an advisory is addressed to (its named recipients; else those in its target
 * sectors; no target sectors: every one) that have not acknowledged it, as far as the caller may
 * see, in a stable order (their ids).
 */
export async function listPendingAcknowledgments(
  em: EntityManager,
  caller: Caller,
  advisory: Advisory,
  page: PageArgs,
): Promise<ConnectionShape<SupervisedOrganization>> {
  const acknowledged = await em
    .createQueryBuilder(Acknowledgment)
    .select('organizationId')
    .where({ advisory: advisory.id })
    .execute<{ organizationId: string }[]>('all');
  const addressed: FilterQuery<SupervisedOrganization> = advisory.recipientOrganizationIds.length
    ? { id: { $in: advisory.recipientOrganizationIds } }
    : advisory.targetSectorIds.length
      ? { sectorId: { $in: advisory.targetSectorIds } }
      : {};
  const where: FilterQuery<SupervisedOrganization> = {
    $and: [addressed, organizationsInView(caller), { id: { $nin: acknowledged.map((row) => row.organizationId) } }],
  };
  return paginate(em, SupervisedOrganization, where, page, { id: 'asc' });
}
