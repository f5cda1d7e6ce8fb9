import { IsBoolean, IsEmail, IsOptional, Length, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';

import { IsThaiMobileNumber, IsThaiPhoneNumber, NotBlank, Omittable } from '../../../kit/validators.js';

@InputType({ description: 'A point of contact for the directory. Email and at least one telephone are required.' })
export class PointOfContactInput {
  @Field() @NotBlank() @Length(1, 200) fullName!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) position?: string | null;
  @Field() @IsEmail({}, { message: 'email must be an e-mail address' }) @MaxLength(254) email!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsThaiPhoneNumber() officePhone?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsThaiMobileNumber() mobilePhone?: string | null;

  @Field(() => String, { nullable: true, description: 'ASCII-armored OpenPGP public key.' })
  @IsOptional()
  pgpPublicKey?: string | null;

  @Field({ defaultValue: false }) isPrimary: boolean = false;
  @Field({ defaultValue: false }) available24x7: boolean = false;
}

@InputType({ description: 'Changes to a point of contact; omitted fields stay as they are, null clears an optional one.' })
export class UpdatePointOfContactInput {
  @Field({ nullable: true }) @Omittable() @NotBlank() @Length(1, 200) fullName?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) position?: string | null;
  @Field({ nullable: true }) @Omittable() @IsEmail({}, { message: 'email must be an e-mail address' }) @MaxLength(254) email?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsThaiPhoneNumber() officePhone?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsThaiMobileNumber() mobilePhone?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() pgpPublicKey?: string | null;
  @Field({ nullable: true }) @Omittable() @IsBoolean() isPrimary?: boolean;
  @Field({ nullable: true }) @Omittable() @IsBoolean() available24x7?: boolean;
}
