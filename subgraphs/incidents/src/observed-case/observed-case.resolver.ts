import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';

import { signedIn } from '../../../../platform/caller.js';
import { Connection, PageArgs, type ConnectionShape } from '../../../kit/connection.js';
import { Audience, NATIONAL_CENTRE, VisibleTo } from '../../../kit/visibility.js';
import type { IncidentsContext } from '../context.js';
import { OrganizationRef } from '../federation/references.js';
import { INCIDENT_READERS } from '../incident/incident-report.js';
import { Incident } from '../incident/incident.entity.js';
import { ObservedCase } from './observed-case.entity.js';
import { ObservedCaseFilter, RecordObservedIncidentInput } from './observed-case.input.js';
import { listObservedCases, observedCaseAnsweredBy, recordObservedIncident } from './observed-case.service.js';

export const ObservedCaseConnection = Connection(ObservedCase, 'ObservedCase');

@Resolver(() => ObservedCase)
export class ObservedCaseResolver {
  @Mutation(() => ObservedCase, {
    nullable: true,
    description:
      'ThaiCERT or NCSA records a threat it observed at a registered organization (ThaiCERT 2.5); the organization and its regulator are told live and the organization is asked to notify. Starts none of the organization’s deadlines.',
  })
  @VisibleTo(...NATIONAL_CENTRE)
  recordObservedIncident(
    @Arg('input', () => RecordObservedIncidentInput) input: RecordObservedIncidentInput,
    @Ctx() ctx: IncidentsContext,
  ): Promise<ObservedCase> {
    return recordObservedIncident(ctx.em, signedIn(ctx.caller), input, new Date(), ctx.syncRegistry);
  }

  @Query(() => ObservedCaseConnection, {
    nullable: true,
    description:
      'Cases ThaiCERT observed, newest first: all for ThaiCERT and NCSA, an organization’s own, a regulator’s supervised organizations’.',
  })
  @VisibleTo(Audience.ORGANIZATION, Audience.REGULATOR, ...NATIONAL_CENTRE)
  observedCases(
    @Arg('filter', () => ObservedCaseFilter, { nullable: true }) filter: ObservedCaseFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() { em, caller }: IncidentsContext,
  ): Promise<ConnectionShape<ObservedCase>> {
    return listObservedCases(em, caller, filter, page);
  }

  @FieldResolver(() => OrganizationRef, { description: 'The organization where it was observed.' })
  organization(@Root() observed: ObservedCase): OrganizationRef {
    return OrganizationRef.of(observed.organization.id);
  }

  @FieldResolver(() => Boolean, { description: 'The organization is asked to notify and has not yet (no notification linked).' })
  notificationPending(@Root() observed: ObservedCase): boolean {
    return !observed.notification;
  }

  @FieldResolver(() => Incident, { nullable: true, description: 'The organization’s notification that answers it, once filed.' })
  notification(@Root() observed: ObservedCase, @Ctx() { loaders }: IncidentsContext): Promise<Incident | null> | null {
    return observed.notification ? loaders.incidentById.load(observed.notification.id) : null;
  }
}

@Resolver(() => Incident)
export class IncidentObservedCaseResolver {
  @FieldResolver(() => ObservedCase, { nullable: true, description: 'The case ThaiCERT observed that this notification answers, if any.' })
  @VisibleTo(...INCIDENT_READERS)
  observedCase(@Root() incident: Incident, @Ctx() { em }: IncidentsContext): Promise<ObservedCase | null> {
    return observedCaseAnsweredBy(em, incident.id);
  }
}
