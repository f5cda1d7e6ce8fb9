import { IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';

import { ThreatCategory, ThreatLevel } from '../../../../contracts/form-vocabulary.js';
import { NotBlank } from '../../../kit/validators.js';
import { LONG_TEXT } from '../incident/incident-report.js';

@InputType({ description: 'A threat ThaiCERT observed at a registered organization (ThaiCERT 2.5).' })
export class RecordObservedIncidentInput {
  @Field(() => ID) organizationId!: string;
  @Field({ description: 'When ThaiCERT observed it; not in the future.' }) observedAt!: Date;
  @Field({ description: 'What was seen, as the organization is told it.' }) @NotBlank() @MaxLength(LONG_TEXT) whatWasSeen!: string;
  @Field(() => ThreatCategory, { nullable: true }) @IsOptional() threatCategory?: ThreatCategory | null;
  @Field(() => ThreatLevel, { nullable: true }) @IsOptional() level?: ThreatLevel | null;
}

@InputType({ description: 'Which observed cases to list.' })
export class ObservedCaseFilter {
  @Field(() => ID, { nullable: true }) organizationId?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'true: still waiting for the organization’s notification; false: notified.' })
  notificationPending?: boolean | null;
}
