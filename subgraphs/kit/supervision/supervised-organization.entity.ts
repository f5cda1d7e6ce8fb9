import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
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

/** A subgraph's copy of each regulator's deadlines: for being notified, and for the ก2 report (null: none set). */
@Entity({ tableName: 'regulator_deadline' })
export class RegulatorDeadline {
  @PrimaryKey({ type: 'uuid' })
  regulatorId!: string;

  @Property({ type: 'smallint' })
  notificationDeadlineHours!: number;

  @Property({ type: 'smallint', nullable: true })
  reportDeadlineHours?: number | null;
}

/** The copy's report deadline, in each subgraph that keeps one: none (null) for every regulator so far, as none could set one before. */
export function regulatorReportDeadlineMigration(schema: string): new (...args: ConstructorParameters<typeof Migration>) => Migration {
  return class RegulatorReportDeadlineMigration extends Migration {
    override async up(): Promise<void> {
      this.addSql(`alter table "${schema}"."regulator_deadline" add column "report_deadline_hours" smallint null;`);
    }

    override async down(): Promise<void> {
      this.addSql(`alter table "${schema}"."regulator_deadline" drop column "report_deadline_hours";`);
    }
  };
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
