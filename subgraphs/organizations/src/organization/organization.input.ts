import { IsBoolean, IsOptional, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';

import { OrganizationKind } from '../../../../contracts/organization-kind.js';
import { ContainsThai, NotBlank, Omittable } from '../../../kit/validators.js';

@InputType({ description: 'A Thai postal address.' })
export class AddressInput {
  @Field() @NotBlank() @MaxLength(300) line!: string;
  @Field() @NotBlank() @MaxLength(100) subdistrict!: string;
  @Field() @NotBlank() @MaxLength(100) district!: string;
  @Field() @NotBlank() @MaxLength(100) province!: string;
  @Field() @Matches(/^\d{5}$/, { message: 'postalCode must be five digits' }) postalCode!: string;
}

@InputType({ description: 'A new organization for the registry (ThaiCERT/NCSA).' })
export class RegisterOrganizationInput {
  @Field() @NotBlank() @ContainsThai() @Length(1, 300) nameTh!: string;
  @Field() @NotBlank() @Length(1, 300) nameEn!: string;
  @Field(() => OrganizationKind) kind!: OrganizationKind;

  @Field(() => ID, { nullable: true, description: 'Required for a CII organization.' })
  @IsOptional()
  sectorId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Required for a CII organization; must supervise the sector.' })
  @IsOptional()
  regulatorId?: string | null;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2000) missionDescription?: string | null;

  @Field(() => AddressInput, { nullable: true }) @IsOptional() @ValidateNested() address?: AddressInput | null;

  @Field({
    defaultValue: false,
    description: 'A name (Thai or English) another organization of the sector has is CONFLICT unless this says the duplicate is intended.',
  })
  @IsBoolean()
  allowDuplicateName: boolean = false;
}

@InputType({ description: 'Changes to an organization; omitted fields stay as they are, null clears an optional one.' })
export class UpdateOrganizationInput {
  @Field({ nullable: true }) @Omittable() @NotBlank() @ContainsThai() @Length(1, 300) nameTh?: string;
  @Field({ nullable: true }) @Omittable() @NotBlank() @Length(1, 300) nameEn?: string;
  @Field(() => OrganizationKind, { nullable: true }) @Omittable() kind?: OrganizationKind;
  @Field(() => ID, { nullable: true }) @IsOptional() sectorId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() regulatorId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2000) missionDescription?: string | null;
  @Field(() => AddressInput, { nullable: true }) @IsOptional() @ValidateNested() address?: AddressInput | null;

  @Field({
    defaultValue: false,
    description: 'A name (Thai or English) another organization of the sector has is CONFLICT unless this says the duplicate is intended.',
  })
  @IsBoolean()
  allowDuplicateName: boolean = false;
}

@InputType({ description: 'Which organizations to list.' })
export class OrganizationFilter {
  @Field(() => ID, { nullable: true }) sectorId?: string | null;
  @Field(() => ID, { nullable: true }) regulatorId?: string | null;
  @Field(() => OrganizationKind, { nullable: true }) kind?: OrganizationKind | null;

  @Field(() => String, { nullable: true, description: 'Part of the Thai or English name, any case.' })
  @IsOptional()
  @MaxLength(100)
  nameContains?: string | null;
}
