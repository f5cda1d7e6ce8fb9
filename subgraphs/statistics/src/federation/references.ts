import { Directive, Field, ID, ObjectType } from 'type-graphql';

import { Audience, VisibleTo } from '../../../kit/visibility.js';

/** The organizations subgraph's Regulator; its names are required for the printed form. */
@ObjectType('Regulator')
@Directive('@key(fields: "id")')
@VisibleTo(Audience.SIGNED_IN)
export class RegulatorRef {
  @Field(() => ID) id!: string;
  @Field() @Directive('@external') nameTh?: string;
  @Field() @Directive('@external') nameEn?: string;
}

/** The organizations subgraph's Organization (a government agency filing its own summary). */
@ObjectType('Organization')
@Directive('@key(fields: "id")')
@VisibleTo(Audience.SIGNED_IN)
export class OrganizationRef {
  @Field(() => ID) id!: string;
  @Field() @Directive('@external') nameTh?: string;
  @Field() @Directive('@external') nameEn?: string;
}

/** The organizations subgraph's Sector, by code; public statistics count by it. */
@ObjectType('Sector')
@Directive('@key(fields: "id", resolvable: false)')
@VisibleTo(Audience.PUBLIC)
export class SectorRef {
  @Field(() => ID) id!: string;
}
