import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { Field, InputType, ObjectType } from 'type-graphql';

import type { Tlp } from '../../../../contracts/advisory-vocabulary.js';
import { NotBlank } from '../../../kit/validators.js';
import { Audience, VisibleTo } from '../../../kit/visibility.js';

/** A vendor's product and the versions an advisory concerns. */
@ObjectType({ description: 'An affected product and its versions.' })
@InputType('AffectedProductInput')
@VisibleTo(Audience.PUBLIC)
export class AffectedProduct {
  @Field() @NotBlank() @MaxLength(200) vendor!: string;
  @Field() @NotBlank() @MaxLength(200) product!: string;

  @Field(() => [String], { description: 'Affected versions or ranges, e.g. "< 10.2.9", "11.0.0 – 11.0.3".' })
  @ArrayMaxSize(50)
  @MaxLength(100, { each: true })
  @IsOptional()
  versions: string[] = [];
}

/** What an advisory says, as kept in every revision. */
export interface AdvisoryContent {
  tlp: Tlp;
  titleTh: string;
  titleEn: string;
  summaryTh: string;
  summaryEn: string;
  recommendationsTh: string;
  recommendationsEn: string;
  cveIds: string[];
  cvssVector?: string | null;
  affectedProducts: AffectedProduct[];
  references: string[];
  targetSectorIds: string[];
  recipientOrganizationIds: string[];
}

export const CONTENT_FIELDS: readonly (keyof AdvisoryContent)[] = [
  'tlp',
  'titleTh',
  'titleEn',
  'summaryTh',
  'summaryEn',
  'recommendationsTh',
  'recommendationsEn',
  'cveIds',
  'cvssVector',
  'affectedProducts',
  'references',
  'targetSectorIds',
  'recipientOrganizationIds',
];
