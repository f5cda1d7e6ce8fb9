import { Arg, Ctx, Directive, ID, Query, Resolver } from 'type-graphql';

import { isUuid } from '../../../../platform/caller.js';
import { Audience, VisibleTo } from '../../../kit/visibility.js';
import type { OrganizationsContext } from '../context.js';

/**
 * Whether an organization or regulator is registered, for the gateway: a user token names the
 * organization or regulator its holder acts for, and the gateway refuses one naming neither
 * (it would otherwise sign in to a silently empty dashboard). Not part of the API.
 */
@Resolver()
export class RegistrationResolver {
  @Query(() => Boolean, { nullable: true, description: 'Whether an organization with this id is registered, for our own services.' })
  @Directive('@inaccessible')
  @VisibleTo(Audience.SERVICE)
  async organizationRegistered(@Arg('id', () => ID) id: string, @Ctx() { loaders }: OrganizationsContext): Promise<boolean> {
    return isUuid(id) && (await loaders.organizationById.load(id.toLowerCase())) !== null;
  }

  @Query(() => Boolean, { nullable: true, description: 'Whether a regulator with this id is registered, for our own services.' })
  @Directive('@inaccessible')
  @VisibleTo(Audience.SERVICE)
  async regulatorRegistered(@Arg('id', () => ID) id: string, @Ctx() { loaders }: OrganizationsContext): Promise<boolean> {
    return isUuid(id) && (await loaders.regulatorById.load(id.toLowerCase())) !== null;
  }
}
