import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, Directive, Field, ID, Int, ObjectType, Resolver, Root, Subscription } from 'type-graphql';

import { isNationalCentre, requireUuid, Role, type Caller } from '../../../../platform/caller.js';
import { mapStream, streamEvents } from '../../../kit/events/event-stream.js';
import type { OutboxEvent } from '../../../kit/events/outbox.js';
import { SupervisedOrganization } from '../../../kit/supervision/supervised-organization.entity.js';
import { Audience, VisibleTo, type Scoped, type ScopeOwner } from '../../../kit/visibility.js';
import { renewUnitOfWork, type IncidentsContext } from '../context.js';
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

/** Who supervises each event's organization when the event is dispatched (row scope follows supervision). */
const supervisingRegulator = new WeakMap<OutboxEvent, string | null>();

/** Looks up the current regulator of every organization in a batch, once for all subscribers. */
export function enrichWithSupervision(em: () => EntityManager) {
  return async (events: OutboxEvent[]): Promise<void> => {
    const ids = [...new Set(events.map((e) => e.payload.organizationId as string))];
    const rows = await em().find(SupervisedOrganization, { id: { $in: ids } });
    const regulatorOf = new Map(rows.map((row) => [row.id, row.regulatorId ?? null]));
    for (const event of events) supervisingRegulator.set(event, regulatorOf.get(event.payload.organizationId as string) ?? null);
  };
}

/** Row-level scope for events, the same as for incidents. */
function mayReceive(caller: Caller, event: OutboxEvent): boolean {
  if (isNationalCentre(caller)) return true;
  if (caller.role === Role.ORGANIZATION) return event.payload.organizationId === caller.organizationId;
  if (caller.role === Role.REGULATOR) return supervisingRegulator.get(event) === caller.regulatorId;
  return false;
}

async function incidentEventStream(
  context: IncidentsContext,
  args: { afterSequence?: number | null; untilSequence?: number | null; incidentId?: string | null },
) {
  const onlyIncident = args.incidentId ? requireUuid(args.incidentId, 'incidentId') : undefined;
  const events = await streamEvents({
    listener: context.events,
    em: () => context.orm.em.fork(),
    afterSequence: args.afterSequence,
    untilSequence: args.untilSequence,
    enrich: enrichWithSupervision(() => context.orm.em.fork()),
    accept: (event) => (!onlyIncident || event.aggregateId === onlyIncident) && mayReceive(context.caller, event),
  });
  return mapStream(events, async (event) => {
    renewUnitOfWork(context);
    return Object.assign(new IncidentEvent(), {
      sequence: event.sequence,
      type: event.type as IncidentEventType,
      occurredAt: event.occurredAt,
      organizationId: event.payload.organizationId as string,
      incident: await context.em.findOne(Incident, { id: event.aggregateId }),
    });
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
