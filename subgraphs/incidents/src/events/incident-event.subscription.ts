import { Arg, Ctx, Directive, Field, ID, Int, ObjectType, Resolver, Root, Subscription } from 'type-graphql';

import { isNationalCentre, requireUuid } from '../../../../platform/caller.js';
import { outboxSubscription } from '../../../kit/events/outbox-subscription.js';
import { Audience, VisibleTo, type Scoped, type ScopeOwner } from '../../../kit/visibility.js';
import { CASE_EVENT_TYPES } from '../case-workflow/case.service.js';
import { renewUnitOfWork, type IncidentsContext } from '../context.js';
import { scopeOf } from '../incident/incident-query.service.js';
import { INCIDENT_READERS } from '../incident/incident-report.js';
import { Incident } from '../incident/incident.entity.js';
import { IncidentEventType } from '../vocabulary/incident-vocabulary.js';

/** Something that happened to an incident, as subscribers receive it. */
@ObjectType({
  description: 'A change to an incident: notified, revised, status changed, assessed, closed, deadline approaching, overdue, …',
})
@VisibleTo(...INCIDENT_READERS)
export class IncidentEvent implements Scoped {
  @Field(() => Int, { description: 'Strictly increasing; resume with `afterSequence` set to the last one received.' })
  sequence!: number;

  @Field(() => IncidentEventType) type!: IncidentEventType;
  @Field() occurredAt!: Date;
  @Field(() => Incident, { nullable: true, description: 'The incident as it is now.' }) incident!: Incident | null;

  organizationId!: string;

  scopeOwner(): ScopeOwner {
    return { organizationId: this.organizationId };
  }
}

/**
 * The events of the incidents this subscriber may read now: row scope is checked with the same SQL
 * as queries. The case workflow's events are ThaiCERT's and NCSA's alone, as the case is.
 */
function incidentEventStream(
  context: IncidentsContext,
  args: { afterSequence?: number | null; untilSequence?: number | null; incidentId?: string | null },
) {
  const onlyIncident = args.incidentId ? requireUuid(args.incidentId, 'incidentId') : undefined;
  return outboxSubscription(context, args, {
    accept: async (event) =>
      (!onlyIncident || event.aggregateId === onlyIncident) &&
      (!CASE_EVENT_TYPES.has(event.type) || isNationalCentre(context.caller)) &&
      (await context.orm.em.fork().count(Incident, { $and: [{ id: event.aggregateId }, scopeOf(context.caller)] })) > 0,
    renew: renewUnitOfWork,
    present: async (event) =>
      Object.assign(new IncidentEvent(), {
        sequence: event.sequence,
        type: event.type as IncidentEventType,
        occurredAt: event.occurredAt,
        organizationId: event.payload.organizationId as string,
        incident: await context.em.findOne(Incident, { id: event.aggregateId }),
      }),
  });
}

@Resolver(() => IncidentEvent)
export class IncidentEventSubscription {
  @Subscription(() => IncidentEvent, {
    nullable: true,
    description:
      'Every change to an incident the caller may see, in sequence order. With afterSequence, first every event after it that was missed, then live ones; without, from the newest event now. An afterSequence beyond the newest event is refused (BAD_USER_INPUT with `headSequence`).',
    subscribe: ({ args, context }) => incidentEventStream(context as IncidentsContext, args),
  })
  @VisibleTo(Audience.SIGNED_IN)
  incidentEvents(
    @Root() event: IncidentEvent,
    @Arg('afterSequence', () => Int, { nullable: true }) _afterSequence: number | null,
    @Arg('incidentId', () => ID, { nullable: true, description: 'Only this incident’s events.' }) _incidentId: string | null,
    @Arg('untilSequence', () => Int, { nullable: true, description: 'Replay up to this sequence, then end (for the gateway).' })
    @Directive('@inaccessible')
    _untilSequence: number | null,
    @Ctx() _context: IncidentsContext,
  ): IncidentEvent {
    return event;
  }
}
