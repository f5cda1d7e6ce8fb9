import type { EntityManager } from '@mikro-orm/postgresql';

import { conflictingField, ProblemCode } from '../../../../platform/errors.js';

/** A name as two people typing it would both mean it: any run of white space one space, trimmed, any case. */
const NORMALIZED = (column: string) => `lower(btrim(regexp_replace(${column}, '\\s+', ' ', 'g')))`;

export interface NameInSector {
  /** The names to check: both on registration, those that change on an update (both when the sector does). */
  nameTh?: string;
  nameEn?: string;
  sectorId: string | null;
  /** Allowed to share a name with a registered organization (a second registration that is intended). */
  allowDuplicateName?: boolean;
  /** The organization being renamed, which does not collide with itself. */
  organizationId?: string;
}

/**
 * Refuses a name (Thai or English) that an organization of the same sector already has, as
 * CONFLICT naming that organization, unless the caller says the duplicate is intended. The check
 * runs in the write's transaction under a lock on the sector's names, held until commit, so two
 * registrations of one name racing each other cannot both pass it (a unique index could not: an
 * intended duplicate must remain possible).
 */
export async function assertNameFree(tx: EntityManager, wanted: NameInSector): Promise<void> {
  const names = (['nameTh', 'nameEn'] as const).filter((field) => wanted[field] !== undefined);
  // Only a sector makes names collide: agencies outside every sector are not compared.
  if (wanted.allowDuplicateName || names.length === 0 || wanted.sectorId === null) return;
  const connection = tx.getConnection();
  const trx = tx.getTransactionContext();
  await connection.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`organization-name:${wanted.sectorId}`], 'all', trx);
  const column = { nameTh: '"name_th"', nameEn: '"name_en"' };
  const [existing] = await connection.execute<{ id: string; field: 'nameTh' | 'nameEn' }[]>(
    `select "id", case ${names.map((field) => `when ${NORMALIZED(column[field])} = ${NORMALIZED('?')} then '${field}'`).join(' ')} end as field
     from "organizations"."organization"
     where "sector_id" = ? and "id" is distinct from ?
       and (${names.map((field) => `${NORMALIZED(column[field])} = ${NORMALIZED('?')}`).join(' or ')})
     order by "id" limit 1`,
    [...names.map((field) => wanted[field]), wanted.sectorId, wanted.organizationId ?? null, ...names.map((field) => wanted[field])],
    'all',
    trx,
  );
  if (!existing) return;
  const { field } = existing;
  throw conflictingField(
    field,
    ProblemCode.DUPLICATE_NAME,
    `${field} is already the name of organization ${existing.id} in this sector; set allowDuplicateName if another registration is intended`,
    { existingOrganizationId: existing.id },
  );
}
