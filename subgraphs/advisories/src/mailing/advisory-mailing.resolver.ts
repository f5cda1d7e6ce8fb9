import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, Directive, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';

import { Tlp } from '../../../../contracts/advisory-vocabulary.js';
import { isUuid, Role } from '../../../../platform/caller.js';
import { FeedArgs, FeedEventType, type FeedEventShape } from '../../../kit/events/feed.js';
import { readEvents } from '../../../kit/events/outbox.js';
import { SupervisedOrganization } from '../../../kit/supervision/supervised-organization.entity.js';
import { Audience, VisibleTo } from '../../../kit/visibility.js';
import { readableBy } from '../advisory/advisory-scope.js';
import { Advisory } from '../advisory/advisory.entity.js';
import type { AdvisoriesContext } from '../context.js';

export const AdvisoryFeedEvent = FeedEventType('AdvisoryFeedEvent');

/** What the mail subgraph sends about an advisory, and to which organizations: for our own services only. */
@ObjectType({ description: 'An advisory as the mail subgraph sends it, with the organizations that may read it.' })
@Directive('@inaccessible')
@VisibleTo(Audience.SERVICE)
export class AdvisoryMailing {
  @Field(() => ID) advisoryId!: string;
  @Field(() => String, { nullable: true }) identifier!: string | null;
  @Field(() => Tlp) tlp!: Tlp;
  @Field() status!: string;
  @Field(() => Int) revision!: number;
  @Field() titleTh!: string;
  @Field() titleEn!: string;
  @Field() summaryTh!: string;
  @Field() summaryEn!: string;
  @Field() recommendationsTh!: string;
  @Field() recommendationsEn!: string;
  @Field(() => [String]) cveIds!: string[];
  @Field(() => [ID], {
    description: 'Every registered organization that may read it now, by the same row scope as its readers (readableBy).',
  })
  audienceOrganizationIds!: string[];
}

/**
 * The registered organizations that may read the advisory: each asked through `readableBy`, the
 * one home of TLP's row scope, so a mail can never reach wider than the console would show. That
 * scope depends on an organization only through whether it is named and through its sector, so an
 * organization named in the advisory is asked alone and the others once per sector.
 */
export async function audienceOf(em: EntityManager, advisory: Advisory): Promise<string[]> {
  const organizations = await em.find(SupervisedOrganization, {}, { fields: ['id', 'sectorId'], orderBy: { id: 'asc' } });
  const named = new Set(advisory.recipientOrganizationIds);
  const verdicts = new Map<string, boolean>();
  const mayRead = async (organizationId: string) => {
    const scope = await readableBy(em, { role: Role.ORGANIZATION, subject: 'mail', organizationId });
    return (await em.count(Advisory, { $and: [{ id: advisory.id }, scope] })) > 0;
  };
  const audience: string[] = [];
  for (const organization of organizations) {
    let readable: boolean;
    if (named.has(organization.id)) readable = await mayRead(organization.id);
    else {
      const group = organization.sectorId ?? '';
      if (!verdicts.has(group)) verdicts.set(group, await mayRead(organization.id));
      readable = verdicts.get(group)!;
    }
    if (readable) audience.push(organization.id);
  }
  return audience;
}

@Resolver()
export class AdvisoryMailingResolver {
  @Query(() => [AdvisoryFeedEvent], { nullable: true, description: 'Advisory changes in sequence order, for our own services.' })
  @Directive('@inaccessible')
  @VisibleTo(Audience.SERVICE)
  advisoryFeed(@Args(() => FeedArgs) { afterSequence, first }: FeedArgs, @Ctx() { em }: AdvisoriesContext): Promise<FeedEventShape[]> {
    return readEvents(em, afterSequence, first);
  }

  @Query(() => AdvisoryMailing, { nullable: true, description: 'An advisory and its readers, for the mail subgraph.' })
  @Directive('@inaccessible')
  @VisibleTo(Audience.SERVICE)
  async advisoryMailing(@Arg('id', () => ID) id: string, @Ctx() { em }: AdvisoriesContext): Promise<AdvisoryMailing | null> {
    if (!isUuid(id)) return null;
    const advisory = await em.findOne(Advisory, { id });
    if (!advisory) return null;
    return Object.assign(new AdvisoryMailing(), {
      advisoryId: advisory.id,
      identifier: advisory.identifier ?? null,
      tlp: advisory.tlp,
      status: advisory.status,
      revision: advisory.currentRevision,
      titleTh: advisory.titleTh,
      titleEn: advisory.titleEn,
      summaryTh: advisory.summaryTh,
      summaryEn: advisory.summaryEn,
      recommendationsTh: advisory.recommendationsTh,
      recommendationsEn: advisory.recommendationsEn,
      cveIds: advisory.cveIds,
      audienceOrganizationIds: await audienceOf(em, advisory),
    });
  }
}
