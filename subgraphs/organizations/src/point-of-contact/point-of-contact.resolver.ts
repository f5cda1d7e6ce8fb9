import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';

import { Audience, NATIONAL_CENTRE, VisibleTo } from '../../../kit/visibility.js';
import type { OrganizationsContext } from '../context.js';
import { Organization } from '../organization/organization.entity.js';
import { PointOfContact } from './point-of-contact.entity.js';
import { PointOfContactInput, UpdatePointOfContactInput } from './point-of-contact.input.js';
import { addPointOfContact, removePointOfContact, updatePointOfContact } from './point-of-contact.service.js';

/** ThaiCERT and NCSA keep the directory; an organization keeps its own entries (checked per row). */
const DIRECTORY_KEEPERS = [Audience.ORGANIZATION, ...NATIONAL_CENTRE] as const;

@Resolver(() => PointOfContact)
export class PointOfContactResolver {
  @Mutation(() => PointOfContact, { nullable: true })
  @VisibleTo(...DIRECTORY_KEEPERS)
  addPointOfContact(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('input', () => PointOfContactInput) input: PointOfContactInput,
    @Ctx() { em, caller }: OrganizationsContext,
  ): Promise<PointOfContact> {
    return addPointOfContact(em, caller, organizationId, input);
  }

  @Mutation(() => PointOfContact, { nullable: true })
  @VisibleTo(...DIRECTORY_KEEPERS)
  updatePointOfContact(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('input', () => UpdatePointOfContactInput) input: UpdatePointOfContactInput,
    @Ctx() { em, caller }: OrganizationsContext,
  ): Promise<PointOfContact> {
    return updatePointOfContact(em, caller, id, expectedVersion, input);
  }

  @Mutation(() => PointOfContact, { nullable: true, description: 'Takes a contact out of the directory (the record is kept).' })
  @VisibleTo(...DIRECTORY_KEEPERS)
  removePointOfContact(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Ctx() { em, caller }: OrganizationsContext,
  ): Promise<PointOfContact> {
    return removePointOfContact(em, caller, id, expectedVersion);
  }

  @FieldResolver(() => Organization)
  organization(@Root() contact: PointOfContact, @Ctx() { loaders }: OrganizationsContext): Promise<Organization | null> {
    return loaders.organizationById.load(contact.organization.id);
  }
}
