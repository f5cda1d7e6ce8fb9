import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * A subgraph's own copy of who supervises each organization, kept current from the organizations
 * subgraph's event feed (see supervisionFeed). Row-level scope that follows supervision (a
 * regulator sees what concerns the organizations it supervises now) and sector filters read it;
 * it is never edited by hand.
 */
@Entity({ tableName: 'supervised_organization' })
export class SupervisedOrganization {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ length: 20 })
  kind!: string;

  @Property({ length: 40, nullable: true, index: true })
  sectorId?: string | null;

  @Property({ type: 'uuid', nullable: true, index: true })
  regulatorId?: string | null;
}

/** A subgraph's copy of each regulator's notification deadline. */
@Entity({ tableName: 'regulator_deadline' })
export class RegulatorDeadline {
  @PrimaryKey({ type: 'uuid' })
  regulatorId!: string;

  @Property({ type: 'smallint' })
  notificationDeadlineHours!: number;
}

/**
 * The sectors of the organizations a regulator supervises now. Read as plain values: a regulator
 * may supervise hundreds of organizations, and this runs on every request it makes.
 */
export async function sectorsSupervisedBy(em: EntityManager, regulatorId: string): Promise<string[]> {
  const rows = await em
    .createQueryBuilder(SupervisedOrganization)
    .select('sectorId', true)
    .where({ regulatorId, sectorId: { $ne: null } })
    .execute<{ sectorId: string }[]>('all');
  return rows.map((row) => row.sectorId);
}
