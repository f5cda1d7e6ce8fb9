import { Arg, Ctx, Directive, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';

import { Audience, VisibleTo } from '../../../kit/visibility.js';
import type { AdvisoriesContext } from '../context.js';
import { hashesOf, manifestOf, mispEvents } from './misp-feed.js';

@ObjectType({ description: 'The advisories and indicators the caller may read, as a MISP feed’s index files.' })
@VisibleTo(Audience.PUBLIC)
export class MispFeed {
  @Field({ description: 'manifest.json: each event’s uuid → its metadata (Orgc, Tag, info, date, analysis, threat_level_id, timestamp).' })
  manifest!: string;

  @Field({ description: 'hashes.csv: the MD5 of each attribute value, with its event’s uuid.' })
  hashes!: string;
}

@Resolver()
export class MispFeedResolver {
  @Query(() => MispFeed, { description: 'The MISP feed of what the caller may read under TLP (served at /misp/ by the gateway).' })
  @VisibleTo(Audience.PUBLIC)
  @Directive('@cost(weight: 20)')
  async mispFeed(@Ctx() { em, caller }: AdvisoriesContext): Promise<MispFeed> {
    const events = await mispEvents(em, caller);
    return { manifest: JSON.stringify(manifestOf(events)), hashes: hashesOf(events) };
  }

  @Query(() => String, {
    nullable: true,
    description: 'One event of the MISP feed as its <uuid>.json file; null when the caller may not read it.',
  })
  @VisibleTo(Audience.PUBLIC)
  @Directive('@cost(weight: 20)')
  async mispEvent(@Arg('uuid', () => ID) uuid: string, @Ctx() { em, caller }: AdvisoriesContext): Promise<string | null> {
    const event = (await mispEvents(em, caller)).find((candidate) => candidate.uuid === uuid.toLowerCase());
    return event ? JSON.stringify({ Event: event }) : null;
  }
}
