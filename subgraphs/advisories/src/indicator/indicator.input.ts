import { ArrayMaxSize, IsOptional, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';

import { IndicatorKind, IndicatorStatus, Tlp } from '../../../../contracts/advisory-vocabulary.js';
import { ContainsThai } from '../../../kit/validators.js';

/** What an indicator says besides what it is and its TLP label. */
@InputType()
abstract class IndicatorDetails {
  @Field(() => String, { nullable: true }) @IsOptional() @ContainsThai() @Length(1, 5000) descriptionTh?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 5000) descriptionEn?: string | null;
  @Field(() => Date, { nullable: true, description: 'Default: when it is added.' }) @IsOptional() validFrom?: Date;
  @Field(() => Date, { nullable: true }) @IsOptional() validUntil?: Date | null;
  @Field(() => Date, { nullable: true }) @IsOptional() firstSeenAt?: Date | null;
  @Field(() => Date, { nullable: true }) @IsOptional() lastSeenAt?: Date | null;
  @Field(() => [ID], { nullable: true, description: 'Sector codes; empty means all sectors.' })
  @IsOptional()
  @ArrayMaxSize(20)
  targetSectorIds?: string[];
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(1000) recipientOrganizationIds?: string[];
}

@InputType({ description: 'A revision of an indicator: omitted fields stay as they are; null clears an optional one.' })
export class IndicatorChanges extends IndicatorDetails {
  @Field(() => IndicatorKind, { nullable: true }) @IsOptional() kind?: IndicatorKind;
  @Field({ nullable: true, description: 'Checked and normalized for its kind.' }) @IsOptional() @MaxLength(2048) value?: string;
  @Field(() => Tlp, { nullable: true }) @IsOptional() tlp?: Tlp;
}

@InputType({ description: 'A new indicator on an incident (ThaiCERT/NCSA).' })
export class IndicatorInput extends IndicatorDetails {
  @Field(() => ID, { description: 'The incident it was seen in.' }) incidentId!: string;
  @Field(() => ID, {
    nullable: true,
    description: 'The organization that reported the incident: shared (in STIX) only at TLP:RED.',
  })
  @IsOptional()
  affectedOrganizationId?: string | null;
  @Field(() => IndicatorKind) kind!: IndicatorKind;
  @Field({ description: 'Checked and normalized for its kind.' }) @MaxLength(2048) value!: string;
  @Field(() => Tlp) tlp!: Tlp;
}

@InputType({ description: 'Which indicators to list; all given conditions apply.' })
export class IndicatorFilter {
  @Field(() => ID, { nullable: true }) incidentId?: string | null;
  @Field(() => IndicatorKind, { nullable: true }) kind?: IndicatorKind | null;
  @Field(() => String, { nullable: true, description: 'The value, as it would be normalized for `kind` (or exactly, without kind).' })
  @IsOptional()
  @MaxLength(2048)
  value?: string | null;
  @Field(() => Tlp, { nullable: true }) tlp?: Tlp | null;
  @Field(() => IndicatorStatus, { nullable: true }) status?: IndicatorStatus | null;
}
