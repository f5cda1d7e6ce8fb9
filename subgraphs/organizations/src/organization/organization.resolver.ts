import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';

import { Connection, PageArgs, type ConnectionShape } from '../../../kit/connection.js';
import { Audience, NATIONAL_CENTRE, VisibleTo } from '../../../kit/visibility.js';
import type { OrganizationsContext } from '../context.js';
import { PointOfContact } from '../point-of-contact/point-of-contact.entity.js';
import { Regulator } from '../regulator/regulator.entity.js';
import { Sector } from '../sector/sector.entity.js';
import { Address } from './address.js';
import { Organization } from './organization.entity.js';
import { OrganizationFilter, RegisterOrganizationInput, UpdateOrganizationInput } from './organization.input.js';
import { findOrganization, listOrganizations, registerOrganization, updateOrganization } from './organization.service.js';

export const OrganizationConnection = Connection(Organization, 'Organization');

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => OrganizationConnection, { nullable: true, description: 'Registered organizations, by English name.' })
  @VisibleTo(Audience.SIGNED_IN)
  organizations(
    @Arg('filter', () => OrganizationFilter, { nullable: true }) filter: OrganizationFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() { em }: OrganizationsContext,
  ): Promise<ConnectionShape<Organization>> {
    return listOrganizations(em, filter, page);
  }

  @Query(() => Organization, { nullable: true })
  @VisibleTo(Audience.SIGNED_IN)
  organization(@Arg('id', () => ID) id: string, @Ctx() { em }: OrganizationsContext): Promise<Organization> {
    return findOrganization(em, id);
  }

  @Mutation(() => Organization, { nullable: true, description: 'Registers an organization that must report (ThaiCERT/NCSA).' })
  @VisibleTo(...NATIONAL_CENTRE)
  registerOrganization(
    @Arg('input', () => RegisterOrganizationInput) input: RegisterOrganizationInput,
    @Ctx() { em }: OrganizationsContext,
  ): Promise<Organization> {
    return registerOrganization(em, input);
  }

  @Mutation(() => Organization, { nullable: true, description: 'Changes an organization’s registration (ThaiCERT/NCSA).' })
  @VisibleTo(...NATIONAL_CENTRE)
  updateOrganization(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('input', () => UpdateOrganizationInput) input: UpdateOrganizationInput,
    @Ctx() { em }: OrganizationsContext,
  ): Promise<Organization> {
    return updateOrganization(em, id, expectedVersion, input);
  }

  @FieldResolver(() => Address, { nullable: true })
  address(@Root() organization: Organization): Address | null {
    // A copy: the id is not a column, and the entity's own embeddable stays as loaded.
    return organization.address ? Object.assign(new Address(), organization.address, { id: organization.id }) : null;
  }

  @FieldResolver(() => Sector, { nullable: true })
  sector(@Root() organization: Organization, @Ctx() { loaders }: OrganizationsContext): Promise<Sector | null> | null {
    return organization.sector ? loaders.sectorById.load(organization.sector.id) : null;
  }

  @FieldResolver(() => Regulator, { nullable: true, description: 'The regulator that currently supervises it.' })
  regulator(@Root() organization: Organization, @Ctx() { loaders }: OrganizationsContext): Promise<Regulator | null> | null {
    return organization.regulator ? loaders.regulatorById.load(organization.regulator.id) : null;
  }

  @FieldResolver(() => [PointOfContact], { description: 'Its registered points of contact, primary first.' })
  pointsOfContact(@Root() organization: Organization, @Ctx() { loaders }: OrganizationsContext): Promise<PointOfContact[]> {
    return loaders.pointsOfContactByOrganization.load(organization.id);
  }

  // The contact flagged isPrimary (one at most: addPointOfContact and updatePointOfContact demote
  // the previous one in their transaction, and a partial unique index holds it), from the same list
  // as pointsOfContact: the same contact, its details under the same audiences and audited alike.
  @FieldResolver(() => PointOfContact, { nullable: true, description: 'Its primary point of contact, if it named one.' })
  async primaryContact(@Root() organization: Organization, @Ctx() { loaders }: OrganizationsContext): Promise<PointOfContact | null> {
    return (await loaders.pointsOfContactByOrganization.load(organization.id)).find((contact) => contact.isPrimary) ?? null;
  }
}
