import { Arg, Ctx, Directive, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';

import { Audience, VisibleTo } from '../../../kit/visibility.js';
import type { AdvisoriesContext } from '../context.js';
import { auditRestrictedReads } from '../tlp/tlp-audit.js';
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
  async mispFeed(@Ctx() context: AdvisoriesContext): Promise<MispFeed> {
    const events = await mispEvents(context.em, context.caller);
    auditRestrictedReads(
      context,
      events.flatMap((e) => e.records),
    );
    return { manifest: JSON.stringify(manifestOf(events.map((e) => e.event))), hashes: hashesOf(events.map((e) => e.event)) };
  }

  @Query(() => String, {
    nullable: true,
    description: 'One event of the MISP feed as its <uuid>.json file; null when the caller may not read it.',
  })
  @VisibleTo(Audience.PUBLIC)
  @Directive('@cost(weight: 20)')
  async mispEvent(@Arg('uuid', () => ID) uuid: string, @Ctx() context: AdvisoriesContext): Promise<string | null> {
    const found = (await mispEvents(context.em, context.caller)).find((candidate) => candidate.event.uuid === uuid.toLowerCase());
    if (!found) return null;
    auditRestrictedReads(context, found.records);
    return JSON.stringify({ Event: found.event });
  }
}
