import { Embeddable, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';

import { Audience, VisibleTo } from '../../../kit/visibility.js';

/** A Thai postal address. */
@ObjectType({ description: 'A Thai postal address.' })
@VisibleTo(Audience.SIGNED_IN)
@Embeddable()
export class Address {
  @Field({ description: 'House number, building, road (เลขที่ อาคาร ถนน).' })
  @Property({ length: 300 })
  line!: string;

  @Field({ description: 'Sub-district (ตำบล/แขวง).' })
  @Property({ length: 100 })
  subdistrict!: string;

  @Field({ description: 'District (อำเภอ/เขต).' })
  @Property({ length: 100 })
  district!: string;

  @Field({ description: 'Province (จังหวัด).' })
  @Property({ length: 100 })
  province!: string;

  @Field({ description: 'Five-digit postal code.' })
  @Property({ length: 5 })
  postalCode!: string;
}
