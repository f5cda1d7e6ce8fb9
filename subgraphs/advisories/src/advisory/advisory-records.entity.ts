import { Entity, Enum, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { v7 as uuidv7 } from 'uuid';

import { AdvisoryStatus } from '../../../../contracts/advisory-vocabulary.js';
import { Audience, NATIONAL_CENTRE, VisibleTo, type Scoped, type ScopeOwner } from '../../../kit/visibility.js';
import type { AdvisoryContent } from './advisory-content.js';
import { Advisory } from './advisory.entity.js';

/** One published state of an advisory: publication, each update, withdrawal. Never changed. */
@ObjectType({ description: 'One published revision of an advisory.' })
@VisibleTo(Audience.PUBLIC)
@Entity({ tableName: 'advisory_revision' })
@Unique({ name: 'advisory_revision_number_uniq', properties: ['advisory', 'number'] })
export class AdvisoryRevision {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Advisory)
  advisory!: Advisory;

  @Field(() => Int) @Property() number!: number;
  @Field(() => AdvisoryStatus) @Enum({ items: () => AdvisoryStatus }) status!: AdvisoryStatus;
  @Field() @Property({ type: 'datetime' }) date!: Date;
  @Field({ description: 'What changed, for the revision history.' }) @Property({ type: 'text' }) summary!: string;
  @Field() @Property({ length: 200 }) revisedBy!: string;

  @Property({ type: 'jsonb' })
  content!: AdvisoryContent;
}

/** An organization's acknowledgment that it received an advisory addressed to it. */
@ObjectType({ description: 'An organization acknowledged an advisory.' })
@VisibleTo(Audience.OWN_ORGANIZATION, Audience.SUPERVISING_REGULATOR, ...NATIONAL_CENTRE)
@Entity({ tableName: 'acknowledgment' })
@Unique({ name: 'acknowledgment_advisory_organization_uniq', properties: ['advisory', 'organizationId'] })
export class Acknowledgment implements Scoped {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Advisory)
  advisory!: Advisory;

  @Field(() => ID) @Property({ type: 'uuid', index: true }) organizationId!: string;
  @Field() @Property({ length: 200 }) acknowledgedBy!: string;
  @Field() @Property({ type: 'datetime' }) acknowledgedAt!: Date;

  scopeOwner(): ScopeOwner {
    return { organizationId: this.organizationId };
  }
}

/** The last identifier number given in each year; locked while the next is given, so numbers are gap-free. */
@Entity({ tableName: 'advisory_identifier_counter' })
export class AdvisoryIdentifierCounter {
  @PrimaryKey({ autoincrement: false }) year!: number;
  @Property() last!: number;
}
