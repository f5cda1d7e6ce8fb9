import { Args, Ctx, Directive, Query, Resolver } from 'type-graphql';

import { FeedArgs, type FeedEventShape } from '../../../kit/events/feed.js';
import { readEvents } from '../../../kit/events/outbox.js';
import { Audience, VisibleTo } from '../../../kit/visibility.js';
import type { OrganizationsContext } from '../context.js';
import { OrganizationFeedEvent } from './organization-events.js';

@Resolver()
export class OrganizationFeedResolver {
  @Query(() => [OrganizationFeedEvent], { nullable: true, description: 'Registry changes, for our own services.' })
  @Directive('@inaccessible')
  @VisibleTo(Audience.SERVICE)
  organizationEvents(
    @Args(() => FeedArgs) { afterSequence, first }: FeedArgs,
    @Ctx() { em }: OrganizationsContext,
  ): Promise<FeedEventShape[]> {
    return readEvents(em, afterSequence, first);
  }
}
