import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { v7 as uuidv7 } from 'uuid';

import { VisibleTo, type Scoped, type ScopeOwner } from '../../../kit/visibility.js';
import { INCIDENT_READERS } from '../incident/incident-report.js';
import { Incident } from '../incident/incident.entity.js';
import { CommentAuthorRole } from '../vocabulary/incident-vocabulary.js';

/**
 * A comment on an incident by its supervising regulator, ThaiCERT or NCSA (SPEC §3), read by all
 * who read the incident. Append-only: a trigger refuses any update or delete, so what was said
 * to the organization stays as it was said.
 */
@ObjectType({ description: 'A comment on an incident by its supervising regulator, ThaiCERT or NCSA; never changed or deleted.' })
@VisibleTo(...INCIDENT_READERS)
@Entity({ tableName: 'incident_comment' })
@Index({ name: 'incident_comment_incident_written_at_idx', properties: ['incident', 'writtenAt', 'id'] })
export class IncidentComment implements Scoped {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Incident)
  incident!: Incident;

  @Field()
  @Property({ type: 'text' })
  text!: string;

  @Field(() => CommentAuthorRole)
  @Enum({ items: () => CommentAuthorRole })
  authorRole!: CommentAuthorRole;

  @Field({ description: 'The token subject of the author.' })
  @Property({ length: 200 })
  authorSubject!: string;

  @Field(() => ID, { nullable: true, description: 'The regulator the author wrote for; null for ThaiCERT and NCSA.' })
  @Property({ type: 'uuid', nullable: true })
  authorRegulatorId?: string | null;

  @Field()
  @Property({ type: 'datetime' })
  writtenAt!: Date;

  scopeOwner(): ScopeOwner {
    return this.incident.scopeOwner();
  }
}
