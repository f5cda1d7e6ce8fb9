import { Embeddable, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';

import { Audience, VisibleTo } from '../../../kit/visibility.js';

/** A Thai postal address. */
@ObjectType({ description: 'A Thai postal address: an organization’s, whose id it carries.' })
@VisibleTo(Audience.SIGNED_IN)
@Embeddable()
export class Address {
  /**
   * Client caches normalize an object by `__typename` and `id` with no configuration (Apollo
   * Client's default dataIdFromObject, urql Graphcache's default keys), and keep an object without
   * an id inside its parent, where Apollo Client warns that data may be lost when an address is
   * replaced and Graphcache warns of an entity without a key unless each application declares it
   * a value object (`keyFields: false`, `keys: { Address: () => null }`). An organization has one
   * address, so its id names that address for as long as the organization exists, and a changed
   * address reaches every query that showed it. Not stored: given when the address is read.
   */
  @Field(() => ID, { description: 'The id of the organization it is the address of, for client caches.' })
  id!: string;

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
