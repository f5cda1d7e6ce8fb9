import { IsOptional, MaxLength } from 'class-validator';
import {
  Arg,
  Args,
  ArgsType,
  Ctx,
  Directive,
  Field,
  FieldResolver,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';

import { signedIn } from '../../../../platform/caller.js';
import { Connection, PageArgs, type ConnectionShape } from '../../../kit/connection.js';
import { NotBlank } from '../../../kit/validators.js';
import { NATIONAL_CENTRE, VisibleTo } from '../../../kit/visibility.js';
import type { IncidentsContext } from '../context.js';
import { Incident } from '../incident/incident.entity.js';
import { HandlingStatus } from '../vocabulary/incident-vocabulary.js';
import { firstResponseAt, timeInStatus } from './case-durations.js';
import { assignCase, changeCaseStatus, findCase, listCases, listTransitions, type CaseFilter } from './case.service.js';
import { CaseTransition, IncidentCase } from './incident-case.entity.js';

const SUBJECT = 200;

export const IncidentCaseConnection = Connection(IncidentCase, 'IncidentCase');
export const CaseTransitionConnection = Connection(CaseTransition, 'CaseTransition');

@ObjectType({ description: 'How long a case has been in one handling status, in all.' })
@VisibleTo(...NATIONAL_CENTRE)
class HandlingStatusTime {
  @Field(() => HandlingStatus) status!: HandlingStatus;
  @Field(() => Int) seconds!: number;
}

@InputType({ description: 'Narrows the national list of cases: an analyst’s queue, the unassigned queue, a status.' })
class IncidentCaseFilter implements CaseFilter {
  @Field(() => String, { nullable: true, description: 'The analyst’s token subject.' })
  @IsOptional()
  @MaxLength(SUBJECT)
  assignee?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true: the unassigned queue; false: assigned cases only.' })
  unassigned?: boolean | null;

  @Field(() => HandlingStatus, { nullable: true }) status?: HandlingStatus | null;
}

@ArgsType()
class CaseChangeArgs {
  @Field(() => ID, { description: 'The incident (its case has the same id).' }) incidentId!: string;
  @Field(() => Int) expectedVersion!: number;
}

@ArgsType()
class AssignArgs extends CaseChangeArgs {
  @Field({ description: 'The analyst: the token subject of a ThaiCERT or NCSA user.' })
  @NotBlank()
  @MaxLength(SUBJECT)
  assignee!: string;
}

@ArgsType()
class StatusArgs extends CaseChangeArgs {
  @Field(() => HandlingStatus) status!: HandlingStatus;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

@Resolver(() => IncidentCase)
export class IncidentCaseResolver {
  @Query(() => IncidentCaseConnection, { nullable: true, description: 'Every incident’s case, oldest report first; filter for a queue.' })
  @VisibleTo(...NATIONAL_CENTRE)
  incidentCases(
    @Arg('filter', () => IncidentCaseFilter, { nullable: true }) filter: IncidentCaseFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() { em }: IncidentsContext,
  ): Promise<ConnectionShape<IncidentCase>> {
    return listCases(em, filter, page);
  }

  @Query(() => IncidentCase, { nullable: true, description: 'One case, by its incident’s id.' })
  @VisibleTo(...NATIONAL_CENTRE)
  incidentCase(@Arg('id', () => ID) id: string, @Ctx() { em }: IncidentsContext): Promise<IncidentCase> {
    return findCase(em, id);
  }

  @Mutation(() => IncidentCase, { nullable: true, description: 'Assigns an incident’s case to an analyst (ThaiCERT 3.4(4)).' })
  @VisibleTo(...NATIONAL_CENTRE)
  assignIncidentCase(@Args(() => AssignArgs) args: AssignArgs, @Ctx() ctx: IncidentsContext): Promise<IncidentCase> {
    return assignCase(ctx.em, signedIn(ctx.caller), args.incidentId, args.assignee, args.expectedVersion, new Date());
  }

  @Mutation(() => IncidentCase, { nullable: true, description: 'Takes an incident’s case off its analyst, back to the unassigned queue.' })
  @VisibleTo(...NATIONAL_CENTRE)
  unassignIncidentCase(@Args(() => CaseChangeArgs) args: CaseChangeArgs, @Ctx() ctx: IncidentsContext): Promise<IncidentCase> {
    return assignCase(ctx.em, signedIn(ctx.caller), args.incidentId, null, args.expectedVersion, new Date());
  }

  @Mutation(() => IncidentCase, {
    nullable: true,
    description: 'Moves an incident’s case to another handling status; one it cannot go to from where it stands is CONFLICT.',
  })
  @VisibleTo(...NATIONAL_CENTRE)
  changeIncidentCaseStatus(@Args(() => StatusArgs) args: StatusArgs, @Ctx() ctx: IncidentsContext): Promise<IncidentCase> {
    return changeCaseStatus(ctx.em, signedIn(ctx.caller), args.incidentId, args.status, args.expectedVersion, new Date());
  }

  @FieldResolver(() => Incident)
  async incident(@Root() incidentCase: IncidentCase, @Ctx() { loaders }: IncidentsContext): Promise<Incident> {
    return (await loaders.incidentById.load(incidentCase.id))!;
  }

  @FieldResolver(() => CaseTransitionConnection, { description: 'Every assignment and change of status, oldest first.' })
  transitions(
    @Root() incidentCase: IncidentCase,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() { em }: IncidentsContext,
  ): Promise<ConnectionShape<CaseTransition>> {
    return listTransitions(em, incidentCase.id, page);
  }

  @FieldResolver(() => Date, { nullable: true, description: 'The first assignment or change of status; null while nobody has touched it.' })
  async firstResponseAt(@Root() incidentCase: IncidentCase, @Ctx() { loaders }: IncidentsContext): Promise<Date | null> {
    return firstResponseAt(await loaders.transitionsByCase.load(incidentCase.id));
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Seconds from the report’s arrival to the first response.' })
  async timeToFirstResponseSeconds(@Root() incidentCase: IncidentCase, @Ctx() { loaders }: IncidentsContext): Promise<number | null> {
    const first = firstResponseAt(await loaders.transitionsByCase.load(incidentCase.id));
    return first ? seconds(first.getTime() - incidentCase.reportedAt.getTime()) : null;
  }

  @FieldResolver(() => [HandlingStatusTime], { description: 'Time spent in each status so far, every status listed.' })
  @Directive('@listSize(assumedSize: 4)')
  async timeInStatus(@Root() incidentCase: IncidentCase, @Ctx() { loaders }: IncidentsContext): Promise<HandlingStatusTime[]> {
    const spent = timeInStatus(incidentCase.reportedAt, await loaders.transitionsByCase.load(incidentCase.id), new Date());
    return Object.values(HandlingStatus).map((status) => ({ status, seconds: seconds(spent[status]) }));
  }
}

@Resolver(() => Incident)
export class IncidentCaseFieldResolver {
  @FieldResolver(() => IncidentCase, { nullable: true, description: 'ThaiCERT’s case for it: assignee, handling status, response times.' })
  @VisibleTo(...NATIONAL_CENTRE)
  case(@Root() incident: Incident, @Ctx() { loaders }: IncidentsContext): Promise<IncidentCase | null> {
    return loaders.caseById.load(incident.id);
  }
}
