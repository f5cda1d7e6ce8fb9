import { ArrayMaxSize, ArrayMinSize, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';

import { NotBlank } from '../../../kit/validators.js';
import { LONG_TEXT } from '../incident/incident-report.js';
import { AssistanceKind, AssistanceMode, AssistanceStatus } from '../vocabulary/incident-vocabulary.js';

@InputType({ description: 'Asks ThaiCERT for help with an incident (ThaiCERT 2.4).' })
export class AssistanceRequestInput {
  @Field(() => ID) incidentId!: string;
  @Field(() => [AssistanceKind]) @ArrayMinSize(1) @ArrayMaxSize(4) kinds!: AssistanceKind[];
  @Field(() => AssistanceMode) mode!: AssistanceMode;
  @Field() @NotBlank() @MaxLength(LONG_TEXT) description!: string;
}

@InputType({ description: 'ThaiCERT’s answer to an assistance request.' })
export class AssistanceAnswerInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) expectedVersion!: number;
  @Field(() => AssistanceStatus) status!: AssistanceStatus;
  @Field() @NotBlank() @MaxLength(LONG_TEXT) response!: string;
}
