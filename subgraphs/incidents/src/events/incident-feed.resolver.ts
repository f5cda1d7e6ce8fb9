import { Args, Ctx, Directive, Query, Resolver } from 'type-graphql';

import { FeedArgs, type FeedEventShape } from '../../../kit/events/feed.js';
import { readEvents } from '../../../kit/events/outbox.js';
import { Audience, VisibleTo } from '../../../kit/visibility.js';
import type { IncidentsContext } from '../context.js';
import { IncidentFeedEvent } from './incident-events.js';

@Resolver()
export class IncidentFeedResolver {
  @Query(() => [IncidentFeedEvent], { nullable: true, description: 'Incident changes in sequence order, for our own services.' })
  @Directive('@inaccessible')
  @VisibleTo(Audience.SERVICE)
  incidentFeed(@Args(() => FeedArgs) { afterSequence, first }: FeedArgs, @Ctx() { em }: IncidentsContext): Promise<FeedEventShape[]> {
    return readEvents(em, afterSequence, first);
  }
}
