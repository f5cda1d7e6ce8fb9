import { Arg, Ctx, Directive, Field, Int, ObjectType, Resolver, Root, Subscription } from 'type-graphql';

import { AdvisoryEventType } from '../../../../contracts/advisory-vocabulary.js';
import { outboxSubscription } from '../../../kit/events/outbox-subscription.js';
import { SupervisedOrganization } from '../../../kit/supervision/supervised-organization.entity.js';
import { Audience, VisibleTo } from '../../../kit/visibility.js';
import { mayReadAcknowledgment, readableBy } from '../advisory/advisory-scope.js';
import { Advisory } from '../advisory/advisory.entity.js';
import { renewUnitOfWork, type AdvisoriesContext } from '../context.js';

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
 * same SQL scope as queries, so nobody receives an advisory they may not read. An acknowledgment
 * goes to whoever may see it in the advisory's acknowledgment list.
 */
function advisoryEventStream(context: AdvisoriesContext, args: { afterSequence?: number | null; untilSequence?: number | null }) {
  return outboxSubscription(context, args, {
    accept: async (event) => {
      const em = context.orm.em.fork();
      if (event.type === AdvisoryEventType.ACKNOWLEDGED) {
        const regulatorIdOf = async (id: string) => (await em.findOne(SupervisedOrganization, { id }))?.regulatorId ?? null;
        if (!(await mayReadAcknowledgment(context.caller, event.payload.organizationId as string, regulatorIdOf))) return false;
      }
      return (await em.count(Advisory, { $and: [{ id: event.aggregateId }, await readableBy(em, context.caller)] })) > 0;
    },
    renew: renewUnitOfWork,
    present: async (event) =>
      Object.assign(new AdvisoryEvent(), {
        sequence: event.sequence,
        type: event.type as AdvisoryEventType,
        occurredAt: event.occurredAt,
        advisory: await context.em.findOne(Advisory, { id: event.aggregateId }),
      }),
  });
}

@Resolver(() => AdvisoryEvent)
export class AdvisoryEventSubscription {
  @Subscription(() => AdvisoryEvent, {
    nullable: true,
    description:
      'Advisories published, updated or withdrawn that the caller may read (TLP), and acknowledgments it may see, in sequence order; with afterSequence, missed ones first. An afterSequence beyond the newest event is refused (BAD_USER_INPUT with `headSequence`).',
    subscribe: ({ args, context }) => advisoryEventStream(context as AdvisoriesContext, args),
  })
  @VisibleTo(Audience.PUBLIC)
  advisoryEvents(
    @Root() event: AdvisoryEvent,
    @Arg('afterSequence', () => Int, { nullable: true }) _afterSequence: number | null,
    @Arg('untilSequence', () => Int, { nullable: true, description: 'Replay up to this sequence, then end (for the gateway).' })
    @Directive('@inaccessible')
    _untilSequence: number | null,
    @Ctx() _context: AdvisoriesContext,
  ): AdvisoryEvent {
    return event;
  }
}
