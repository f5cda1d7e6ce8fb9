import { ArrayMaxSize, IsOptional, IsUrl, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';

import { AdvisoryStatus, Tlp } from '../../../../contracts/advisory-vocabulary.js';
import { ContainsThai } from '../../../kit/validators.js';
import { AffectedProduct } from './advisory-content.js';

export const CVE_ID = /^CVE-\d{4}-\d{4,7}$/;
const LONG = 20_000;

@InputType({
  description: 'An advisory’s content. On a draft, omitted fields stay as they are; everything is required before publication.',
})
export class AdvisoryInput {
  @Field(() => Tlp, { nullable: true }) @IsOptional() tlp?: Tlp;
  @Field({ nullable: true }) @IsOptional() @ContainsThai() @Length(1, 500) titleTh?: string;
  @Field({ nullable: true }) @IsOptional() @Length(1, 500) titleEn?: string;
  @Field({ nullable: true }) @IsOptional() @ContainsThai() @Length(1, LONG) summaryTh?: string;
  @Field({ nullable: true }) @IsOptional() @Length(1, LONG) summaryEn?: string;
  @Field({ nullable: true }) @IsOptional() @ContainsThai() @Length(1, LONG) recommendationsTh?: string;
  @Field({ nullable: true }) @IsOptional() @Length(1, LONG) recommendationsEn?: string;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(100)
  @Matches(CVE_ID, { each: true, message: 'each of cveIds must be a CVE id such as CVE-2024-3400' })
  cveIds?: string[];

  @Field(() => String, { nullable: true, description: 'CVSS 3.0, 3.1 or 4.0 vector; null removes it.' })
  @IsOptional()
  @MaxLength(200)
  cvssVector?: string | null;

  @Field(() => [AffectedProduct], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(200)
  @ValidateNested()
  affectedProducts?: AffectedProduct[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true }, { each: true, message: 'each of references must be an http(s) URL' })
  references?: string[];

  @Field(() => [ID], { nullable: true, description: 'Sector codes; empty means all sectors.' })
  @IsOptional()
  @ArrayMaxSize(20)
  targetSectorIds?: string[];
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(1000) recipientOrganizationIds?: string[];
}

@InputType({ description: 'Which advisories to list; all given conditions apply.' })
export class AdvisoryFilter {
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(CVE_ID, { message: 'filter.cveId must be a CVE id' }) cveId?:
    string | null;
  @Field(() => String, { nullable: true, description: 'Vendor or product name, any case.' }) @IsOptional() @MaxLength(200) product?:
    string | null;
  @Field(() => ID, { nullable: true }) sectorId?: string | null;
  @Field(() => Tlp, { nullable: true }) tlp?: Tlp | null;
  @Field(() => AdvisoryStatus, { nullable: true }) status?: AdvisoryStatus | null;
  @Field(() => Date, { nullable: true }) publishedFrom?: Date | null;
  @Field(() => Date, { nullable: true }) publishedTo?: Date | null;
}
