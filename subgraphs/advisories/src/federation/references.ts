import { Directive, Field, ID, ObjectType } from 'type-graphql';

import { Audience, VisibleTo, type Scoped, type ScopeOwner } from '../../../kit/visibility.js';

/** The organizations subgraph's Organization, extended here with the advisories addressed to it. */
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

/**
 * The incidents subgraph's Incident, extended with the advisories that share its CVE ids. The
 * gateway fetches `cveIds` from the incidents subgraph first (@requires), under the caller's own
 * identity, so an incident whose part 2 is withheld from a regulator reveals none to it here.
 */
@ObjectType('Incident')
@Directive('@key(fields: "id")')
@VisibleTo(Audience.SIGNED_IN)
export class IncidentRef {
  @Field(() => ID) id!: string;

  @Field(() => [String], { nullable: true })
  @Directive('@external')
  cveIds?: string[] | null;
}
