import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { v7 as uuidv7 } from 'uuid';

import { Audience, NATIONAL_CENTRE, VisibleTo, type Scoped, type ScopeOwner } from '../../../kit/visibility.js';

/**
 * A submission the system refused (invalid, stale, not permitted), kept as it arrived: nothing a
 * user submitted is ever lost, even when it could not be accepted.
 */
@ObjectType({ description: 'A submission that was refused, kept exactly as it arrived.' })
@VisibleTo(Audience.OWN_ORGANIZATION, ...NATIONAL_CENTRE)
@Entity({ tableName: 'refused_submission' })
export class RefusedSubmission implements Scoped {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Field({ description: 'The mutation, e.g. submitIncidentReport.' })
  @Property({ length: 60 })
  operation!: string;

  @Property({ type: 'uuid', nullable: true, index: true })
  organizationId?: string | null;

  @Field(() => ID, { nullable: true })
  @Property({ type: 'uuid', nullable: true, index: true })
  incidentId?: string | null;

  @Field()
  @Property({ length: 200 })
  submittedBy!: string;

  @Property({ length: 20 })
  submitterRole!: string;

  @Field()
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  submittedAt: Date = new Date();

  @Field(() => GraphQLJSONObject, { description: 'The arguments as submitted.' })
  @Property({ type: 'jsonb' })
  arguments!: Record<string, unknown>;

  @Field()
  @Property({ length: 40 })
  errorCode!: string;

  @Field()
  @Property({ type: 'text' })
  errorMessage!: string;

  scopeOwner(): ScopeOwner {
    return { organizationId: this.organizationId ?? null };
  }
}
