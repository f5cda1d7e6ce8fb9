import { Directive, Field, ID, ObjectType } from 'type-graphql';

import { Audience, VisibleTo, type Scoped, type ScopeOwner } from '../../../kit/visibility.js';

/** The organizations subgraph's Organization, which this subgraph extends with `incidents`. */
@ObjectType('Organization')
@Directive('@key(fields: "id")')
@VisibleTo(Audience.SIGNED_IN)
export class OrganizationRef implements Scoped {
  @Field(() => ID) id!: string;

  static of(id: string): OrganizationRef {
    return Object.assign(new OrganizationRef(), { id });
  }

  scopeOwner(): ScopeOwner {
    return { organizationId: this.id };
  }
}

/** The organizations subgraph's PointOfContact, named as an incident's contact. */
@ObjectType('PointOfContact')
@Directive('@key(fields: "id", resolvable: false)')
@VisibleTo(Audience.SIGNED_IN)
export class PointOfContactRef {
  @Field(() => ID) id!: string;
}
