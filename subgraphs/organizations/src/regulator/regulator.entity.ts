import { Check, Collection, Entity, ManyToMany, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { v7 as uuidv7 } from 'uuid';

import { RecordEntity } from '../../../kit/record.entity.js';
import { Audience, VisibleTo, type Scoped, type ScopeOwner } from '../../../kit/visibility.js';
import { Sector } from '../sector/sector.entity.js';

/** Longest notification or report deadline a regulator may set: 30 days. */
export const MAX_NOTIFICATION_DEADLINE_HOURS = 720;

/**
 * A controlling or supervising agency of one or more CII sectors (หน่วยงานควบคุมหรือกำกับดูแล),
 * e.g. the Bank of Thailand for banking.
 */
@ObjectType({ description: 'A controlling or supervising agency of CII sectors (หน่วยงานควบคุมหรือกำกับดูแล).' })
@Directive('@key(fields: "id")')
@VisibleTo(Audience.SIGNED_IN)
@Entity({ tableName: 'regulator' })
@Check({
  name: 'regulator_notification_deadline_hours_check',
  expression: 'notification_deadline_hours >= 1 and notification_deadline_hours <= 720',
})
@Check({
  name: 'regulator_report_deadline_hours_check',
  expression: 'report_deadline_hours >= 1 and report_deadline_hours <= 720',
})
export class Regulator extends RecordEntity implements Scoped {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Field()
  @Property({ length: 300 })
  nameTh!: string;

  @Field()
  @Property({ length: 300 })
  nameEn!: string;

  @Field(() => Int, {
    description:
      'Hours within which its CII organizations must notify it of a cyber threat (the Announcement, clauses 4–5, leave this to the regulator).',
  })
  @Property({ type: 'smallint' })
  notificationDeadlineHours!: number;

  @Field(() => Int, {
    nullable: true,
    description:
      'Hours from detection within which the ก2 report must reach it (the Announcement, clause 5, second sentence: "within the time the regulator prescribes"); null: it has set none.',
  })
  @Property({ type: 'smallint', nullable: true })
  reportDeadlineHours?: number | null;

  @ManyToMany(() => Sector, undefined, {
    owner: true,
    pivotTable: 'regulator_sector',
    joinColumn: 'regulator_id',
    inverseJoinColumn: 'sector_id',
  })
  sectors = new Collection<Sector>(this);

  scopeOwner(): ScopeOwner {
    return { regulatorId: this.id };
  }
}
