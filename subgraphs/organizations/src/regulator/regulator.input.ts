import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';

import { ContainsThai, NotBlank, Omittable } from '../../../kit/validators.js';
import { MAX_NOTIFICATION_DEADLINE_HOURS } from './regulator.entity.js';

@InputType({ description: 'A new regulator (NCSA).' })
export class RegisterRegulatorInput {
  @Field() @NotBlank() @ContainsThai() @Length(1, 300) nameTh!: string;
  @Field() @NotBlank() @Length(1, 300) nameEn!: string;

  @Field(() => [ID], { description: 'Codes of the sectors it supervises.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  sectorIds!: string[];

  @Field(() => Int)
  @Min(1)
  @Max(MAX_NOTIFICATION_DEADLINE_HOURS)
  notificationDeadlineHours!: number;

  @Field(() => Int, { nullable: true, description: 'Hours from detection within which the ก2 report must reach it; none when left out.' })
  @IsOptional()
  @Min(1)
  @Max(MAX_NOTIFICATION_DEADLINE_HOURS)
  reportDeadlineHours?: number | null;
}

@InputType({ description: 'Changes to a regulator (NCSA); omitted fields stay as they are.' })
export class UpdateRegulatorInput {
  @Field({ nullable: true }) @Omittable() @NotBlank() @ContainsThai() @Length(1, 300) nameTh?: string;
  @Field({ nullable: true }) @Omittable() @NotBlank() @Length(1, 300) nameEn?: string;

  @Field(() => [ID], {
    nullable: true,
    description:
      'Codes of every sector it supervises from now on (the whole list). Its organizations in a sector it gives up pass to the other regulator of that sector.',
  })
  @Omittable()
  @ArrayMaxSize(20)
  sectorIds?: string[];
}
