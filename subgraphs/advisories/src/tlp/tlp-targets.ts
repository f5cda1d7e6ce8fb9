import type { EntityManager } from '@mikro-orm/postgresql';

import { Tlp } from '../../../../contracts/advisory-vocabulary.js';
import { CII_SECTOR_CODES } from '../../../../contracts/sectors.js';
import { isUuid } from '../../../../platform/caller.js';
import { invalidField, ProblemCode } from '../../../../platform/errors.js';
import { SupervisedOrganization } from '../../../kit/supervision/supervised-organization.entity.js';
import type { TlpTargeted } from './tlp-scope.js';

/**
 * Sector codes neither of the Act nor of a sector NCSA added since (§49(8)): this subgraph learns
 * of an added sector through its supervision copy, once an organization is registered in it.
 */
async function unknownSectors(em: EntityManager, ids: string[]): Promise<string[]> {
  const beyondTheAct = ids.filter((id) => !CII_SECTOR_CODES.includes(id));
  if (beyondTheAct.length === 0) return [];
  const added = await em
    .createQueryBuilder(SupervisedOrganization)
    .select('sectorId', true)
    .where({ sectorId: { $in: beyondTheAct } })
    .execute<{ sectorId: string }[]>('all');
  return beyondTheAct.filter((id) => !added.some((row) => row.sectorId === id));
}

/** Normalizes a record's targets in place: each sector and recipient once, recipient ids in lower case. */
export function normalizeTargets(record: TlpTargeted): void {
  record.targetSectorIds = [...new Set(record.targetSectorIds)];
  record.recipientOrganizationIds = [...new Set(record.recipientOrganizationIds.map((id) => id.toLowerCase()))];
}

/**
 * What the targeting of a record shared under TLP must be (advisories and indicators alike): known
 * sectors; registered recipients, by id; and for TLP:RED at least one named recipient.
 */
export async function assertSoundTargets(em: EntityManager, record: TlpTargeted, what: string): Promise<void> {
  const unknown = await unknownSectors(em, record.targetSectorIds);
  if (unknown.length > 0)
    throw invalidField('targetSectorIds', ProblemCode.UNKNOWN_REFERENCE, `targetSectorIds: unknown sectors ${unknown.join(', ')}`);
  if (record.tlp === Tlp.RED && record.recipientOrganizationIds.length === 0) {
    throw invalidField(
      'recipientOrganizationIds',
      ProblemCode.REQUIRED,
      `A TLP:RED ${what} names its recipients in recipientOrganizationIds`,
    );
  }
  const malformed = record.recipientOrganizationIds.filter((id) => !isUuid(id));
  if (malformed.length > 0)
    throw invalidField('recipientOrganizationIds', ProblemCode.NOT_AN_ID, 'recipientOrganizationIds must be organization ids');
  if (record.recipientOrganizationIds.length > 0) {
    const known = await em.count(SupervisedOrganization, { id: { $in: record.recipientOrganizationIds } });
    if (known !== record.recipientOrganizationIds.length) {
      throw invalidField(
        'recipientOrganizationIds',
        ProblemCode.UNKNOWN_REFERENCE,
        'recipientOrganizationIds names an organization that is not registered',
      );
    }
  }
}
