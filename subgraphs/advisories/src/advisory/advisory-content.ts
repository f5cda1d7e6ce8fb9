import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { Field, Float, InputType, ObjectType } from 'type-graphql';

import { CvssSeverity, type Tlp } from '../../../../contracts/advisory-vocabulary.js';
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

/** Every score of the advisory's CVSS vector, each under the name FIRST gives it (see cvss.ts). */
@ObjectType({
  description:
    'The scores of a CVSS vector, named as FIRST names them. CVSS v3.x: Base, Temporal and Environmental Score (v3.1 specification §7). ' +
    'CVSS v4.0: one formula whose result is named by the metric groups it was computed from (v4.0 specification §1.3) — ' +
    'CVSS-B (base metrics only), CVSS-BT (base and threat), CVSS-BE (base and environmental), CVSS-BTE (all three). ' +
    'A score of a group the vector does not set (or sets only to X) is null.',
})
@VisibleTo(Audience.PUBLIC)
export class CvssScores {
  @Field({ description: 'The CVSS version: 3.0, 3.1 or 4.0.' }) version!: string;
  @Field(() => Float, {
    description: 'The base score from the base metrics alone: v3.x Base Score, v4.0 CVSS-B. As Advisory.cvssBaseScore.',
  })
  base!: number;
  @Field(() => CvssSeverity, { description: 'The qualitative rating of the base score.' }) baseSeverity!: CvssSeverity;
  @Field(() => Float, { nullable: true, description: 'v3.x Temporal Score, when the vector sets E, RL or RC; null for v4.0.' })
  temporal!: number | null;
  @Field(() => Float, {
    nullable: true,
    description:
      'v3.x Environmental Score (which includes the temporal metrics), when the vector sets an environmental metric; null for v4.0.',
  })
  environmental!: number | null;
  @Field(() => Float, { nullable: true, description: 'v4.0 CVSS-BT, when the vector sets the threat metric E; null for v3.x.' })
  baseThreat!: number | null;
  @Field(() => Float, { nullable: true, description: 'v4.0 CVSS-BE, when the vector sets an environmental metric; null for v3.x.' })
  baseEnvironmental!: number | null;
  @Field(() => Float, { nullable: true, description: 'v4.0 CVSS-BTE, when the vector sets both; null for v3.x.' })
  baseThreatEnvironmental!: number | null;
  @Field(() => Float, { description: 'The score of every metric the vector sets: the most specific of the scores above.' })
  overall!: number;
  @Field({
    description: 'FIRST’s name of the overall score: CVSS-B, CVSS-BT, CVSS-BE or CVSS-BTE (v4.0); Base, Temporal or Environmental (v3.x).',
  })
  nomenclature!: string;
  @Field(() => CvssSeverity, { description: 'The qualitative rating of the overall score.' }) severity!: CvssSeverity;
}
