import { Arg, Ctx, Directive, Field, ID, Int, ObjectType, Resolver, Root, Subscription } from 'type-graphql';

import { isNationalCentre, requireUuid } from '../../../../platform/caller.js';
import { outboxSubscription } from '../../../kit/events/outbox-subscription.js';
import { Audience, VisibleTo, type Scoped, type ScopeOwner } from '../../../kit/visibility.js';
import { CASE_EVENT_TYPES } from '../case-workflow/case.service.js';
import { renewUnitOfWork, type IncidentsContext } from '../context.js';
import { scopeOf } from '../incident/incident-query.service.js';
import { INCIDENT_READERS } from '../incident/incident-report.js';
import { Incident } from '../incident/incident.entity.js';
import { ObservedCase } from '../observed-case/observed-case.entity.js';
import { observedCaseScopeOf } from '../observed-case/observed-case.service.js';
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
  @Field(() => Incident, { nullable: true, description: 'The incident as it is now; null for an OBSERVED event, which has none yet.' })
  incident!: Incident | null;

  @Field(() => ObservedCase, { nullable: true, description: 'For an OBSERVED event: the case ThaiCERT observed, as it is now.' })
  observedCase!: ObservedCase | null;

  organizationId!: string;

  scopeOwner(): ScopeOwner {
    return { organizationId: this.organizationId };
  }
}

/** Whether the subscriber may read the event's incident, or its observed case, now: the same SQL scope as queries. */
async function inScope(context: IncidentsContext, event: { type: string; aggregateId: string }): Promise<boolean> {
  const em = context.orm.em.fork();
  const about = { id: event.aggregateId };
  if (event.type === IncidentEventType.OBSERVED)
    return (await em.count(ObservedCase, { $and: [about, observedCaseScopeOf(context.caller)] })) > 0;
  return (await em.count(Incident, { $and: [about, scopeOf(context.caller)] })) > 0;
}

/**
 * The events of the incidents (and observed cases) this subscriber may read now. The case
 * workflow's events are ThaiCERT's and NCSA's alone, as the case is.
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
      (await inScope(context, event)),
    renew: renewUnitOfWork,
    present: async (event) =>
      Object.assign(new IncidentEvent(), {
        sequence: event.sequence,
        type: event.type as IncidentEventType,
        occurredAt: event.occurredAt,
        organizationId: event.payload.organizationId as string,
        incident: event.type === IncidentEventType.OBSERVED ? null : await context.em.findOne(Incident, { id: event.aggregateId }),
        observedCase: event.type === IncidentEventType.OBSERVED ? await context.em.findOne(ObservedCase, { id: event.aggregateId }) : null,
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
