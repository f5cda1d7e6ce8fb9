import { ArrayMaxSize, IsOptional, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';

import { Continuity, ThreatCategory, ThreatLevel } from '../../../../contracts/form-vocabulary.js';
import { NotBlank } from '../../../kit/validators.js';
import { IncidentStatus } from '../vocabulary/incident-vocabulary.js';
import { IncidentReport, LONG_TEXT } from './incident-report.js';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,100}$/;
const IdempotencyKey = (required: boolean) => (target: object, key: string | symbol) => {
  Field(() => String, {
    nullable: !required,
    description: 'Chosen by the client (e.g. a UUID) and sent again on retry: a retried submission is not applied twice.',
  })(target, key);
  if (!required) IsOptional()(target, key);
  Matches(IDEMPOTENCY_KEY, { message: 'idempotencyKey must be 8–100 letters, digits or . _ : -' })(target, key);
};

/** An optional OpenPGP signature over the submission (see `signedDocument` for exactly what is signed). */
const Signature = () => (target: object, key: string | symbol) => {
  Field(() => String, {
    nullable: true,
    description:
      'ASCII-armored detached OpenPGP signature, by a registered point of contact’s key, over this input without `signature` as RFC 8785 canonical JSON (keys sorted, no whitespace, DateTime as 2026-01-31T17:00:00.000Z).',
  })(target, key);
  IsOptional()(target, key);
};

@InputType({ description: 'Form ก1: notify a cyber threat (clause 4). Any ก2 data already known may be included.' })
export class NotifyIncidentInput {
  @Field(() => ID, { description: 'The organization reporting; an organization reports only for itself.' })
  organizationId!: string;

  @IdempotencyKey(true) idempotencyKey!: string;

  @Field(() => Continuity, { nullable: true, description: 'NEW when not given.' })
  @IsOptional()
  continuity?: Continuity | null;

  @Field(() => ID, { nullable: true, description: 'For a FOLLOW_UP: the earlier incident it continues.' })
  @IsOptional()
  followUpOfIncidentId?: string | null;

  @Field(() => IncidentReport, { description: 'Must give severity, categories (2–8) and detectedAt.' })
  @ValidateNested()
  report!: IncidentReport;

  @Signature() signature?: string | null;

  @Field(() => ID, { nullable: true, description: 'The case ThaiCERT observed here that this notification answers (ObservedCase.id).' })
  @IsOptional()
  observedCaseId?: string | null;
}

@InputType({ description: 'Form ก2: file or update the report. Each submission is a new revision.' })
export class SubmitIncidentReportInput {
  @Field(() => ID) incidentId!: string;
  @Field(() => Int, { description: 'The revision this submission was made against (Incident.currentRevision).' }) basedOnRevision!: number;
  @IdempotencyKey(false) idempotencyKey?: string | null;
  @Field(() => IncidentReport) @ValidateNested() report!: IncidentReport;
  @Signature() signature?: string | null;
}

@InputType({ description: 'The closing report (clause 5): the final categories and any last changes to the report.' })
export class CloseIncidentInput {
  @Field(() => ID) incidentId!: string;
  @Field(() => Int) basedOnRevision!: number;
  @IdempotencyKey(false) idempotencyKey?: string | null;

  @Field(() => [ThreatCategory], { description: 'Final categories: 2–7, or 9 when it proved not to be a threat.' })
  @ArrayMaxSize(10)
  finalCategories!: ThreatCategory[];

  @Field(() => IncidentReport, { nullable: true }) @IsOptional() @ValidateNested() report?: IncidentReport | null;
  @Signature() signature?: string | null;
}

@InputType({ description: 'Tells NCSA and the regulator that the report’s data cannot be provided, and why.' })
export class DataUnavailableNoticeInput {
  @Field(() => ID) incidentId!: string;
  @Field(() => Int) basedOnRevision!: number;
  @IdempotencyKey(false) idempotencyKey?: string | null;
  @Field() @NotBlank() @Length(1, LONG_TEXT) reason!: string;
  @Signature() signature?: string | null;
}

@InputType({ description: 'Which incidents to list; all given conditions apply.' })
export class IncidentFilter {
  @Field(() => ID, { nullable: true }) sectorId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Organizations this regulator supervises now.' }) regulatorId?: string | null;
  @Field(() => ID, { nullable: true }) organizationId?: string | null;
  @Field(() => ThreatLevel, { nullable: true, description: 'The effective level (assessed, else reported).' })
  severity?: ThreatLevel | null;
  @Field(() => ThreatCategory, { nullable: true }) category?: ThreatCategory | null;
  @Field(() => IncidentStatus, { nullable: true }) status?: IncidentStatus | null;
  @Field(() => Boolean, { nullable: true, description: 'true: not closed yet; false: closed.' }) open?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'true: the ก2 report is past due and not filed.' }) overdue?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'true: the ก2 report is past the regulator’s report deadline and not filed.' })
  regulatorReportOverdue?: boolean | null;
  @Field(() => Date, { nullable: true }) detectedFrom?: Date | null;
  @Field(() => Date, { nullable: true }) detectedTo?: Date | null;
}

@InputType({ description: 'ThaiCERT’s reassessment of the threat level (ThaiCERT 2.2).' })
export class AssessIncidentSeverityInput {
  @Field(() => ID) incidentId!: string;
  @Field(() => ThreatLevel) severity!: ThreatLevel;
  @Field() @NotBlank() @MaxLength(LONG_TEXT) reason!: string;
  @Field({ description: 'Recommendations to limit the damage, shown to the organization.' })
  @NotBlank()
  @MaxLength(LONG_TEXT)
  recommendations!: string;
}
