import { Arg, Ctx, Field, Int, ObjectType, Resolver, Root, Subscription } from 'type-graphql';
import { mapStream, streamEvents } from '../../../shared/events/event-stream.js';
import { Audience, VisibleTo } from '../../../shared/visibility.js';
import { readableBy } from '../advisory/advisory-scope.js';
import { Advisory } from '../advisory/advisory.entity.js';
import { renewUnitOfWork, type AdvisoriesContext } from '../context.js';
import { AdvisoryEventType } from '../vocabulary.js';

@ObjectType({ description: 'An advisory was published, updated, withdrawn or acknowledged.' })
@VisibleTo(Audience.PUBLIC)
export class AdvisoryEvent {
  @Field(() => Int, { description: 'Strictly increasing; resume with afterSequence set to the last one received.' }) sequence!: number;
  @Field(() => AdvisoryEventType) type!: AdvisoryEventType;
  @Field() occurredAt!: Date;
  @Field(() => Advisory, { nullable: true }) advisory!: Advisory | null;
}

/**
 * Events of the advisories the subscriber may read now: each event is checked against TLP with the
 * same SQL scope as queries, so nobody receives an advisory they may not read. Acknowledgments
 * only go to ThaiCERT, NCSA and regulators (to whom acknowledgment lists are visible).
 */
function advisoryEventStream(context: AdvisoriesContext, afterSequence: number | null | undefined) {
  const events = streamEvents({
    listener: context.events,
    em: () => context.orm.em.fork(),
    afterSequence,
    accept: async (event) => {
      if (event.type === AdvisoryEventType.ACKNOWLEDGED && !['THAICERT', 'NCSA', 'REGULATOR'].includes(context.caller.role)) return false;
      const em = context.orm.em.fork();
      return (await em.count(Advisory, { $and: [{ id: event.aggregateId }, await readableBy(em, context.caller)] })) > 0;
    },
  });
  return mapStream(events, async (event) => {
    renewUnitOfWork(context);
    return Object.assign(new AdvisoryEvent(), {
      sequence: event.sequence,
      type: event.type as AdvisoryEventType,
      occurredAt: event.occurredAt,
      advisory: await context.em.findOne(Advisory, { id: event.aggregateId }),
    });
  });
}

@Resolver(() => AdvisoryEvent)
export class AdvisoryEventSubscription {
  @Subscription(() => AdvisoryEvent, {
    nullable: true,
    description: 'Advisories published, updated or withdrawn that the caller may read (TLP), in sequence order; with afterSequence, missed ones first.',
    subscribe: ({ args, context }) => advisoryEventStream(context as AdvisoriesContext, args.afterSequence),
  })
  @VisibleTo(Audience.PUBLIC)
  advisoryEvents(
    @Root() event: AdvisoryEvent,
    @Arg('afterSequence', () => Int, { nullable: true }) _afterSequence: number | null,
    @Ctx() _context: AdvisoriesContext,
  ): AdvisoryEvent {
    return event;
  }
}
