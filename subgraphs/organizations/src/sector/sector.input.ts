import { Length, Matches } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';

import { ContainsThai, NotBlank } from '../../../kit/validators.js';

@InputType({ description: 'A sector the Committee prescribes under §49(8) (NCSA), and the regulator that supervises it.' })
export class AddSectorInput {
  @Field({ description: 'Its stable code: capital letters, digits and underscores, e.g. SPACE_SERVICES.' })
  @Matches(/^[A-Z][A-Z0-9_]{1,39}$/, {
    message: 'code must be 2–40 capital letters, digits or underscores, starting with a letter, e.g. SPACE_SERVICES',
  })
  code!: string;

  @Field({ description: 'Name in Thai, as the Committee prescribes it.' }) @NotBlank() @ContainsThai() @Length(1, 200) nameTh!: string;
  @Field({ description: 'Name in English.' }) @NotBlank() @Length(1, 200) nameEn!: string;

  @Field(() => ID, { description: 'The regulator that supervises it.' })
  regulatorId!: string;
}
