import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';

/**
 * A submission the system refused (invalid, stale, not permitted), kept as it arrived: nothing a
 * user submitted is ever lost, even when it could not be accepted.
 */
@Entity({ tableName: 'refused_submission' })
export class RefusedSubmission {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ length: 60 })
  operation!: string;

  @Property({ type: 'uuid', nullable: true, index: true })
  organizationId?: string | null;

  @Property({ type: 'uuid', nullable: true, index: true })
  incidentId?: string | null;

  @Property({ length: 200 })
  submittedBy!: string;

  @Property({ length: 20 })
  submitterRole!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  submittedAt: Date = new Date();

  @Property({ type: 'jsonb' })
  arguments!: Record<string, unknown>;

  @Property({ length: 40 })
  errorCode!: string;

  @Property({ type: 'text' })
  errorMessage!: string;
}
