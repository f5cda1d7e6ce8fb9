import { MaxLength } from 'class-validator';
import { Arg, Args, ArgsType, Ctx, Field, ID, Mutation, Resolver } from 'type-graphql';

import { signedIn } from '../../../../platform/caller.js';
import { NotBlank } from '../../../kit/validators.js';
import { Audience, NATIONAL_CENTRE, VisibleTo } from '../../../kit/visibility.js';
import type { IncidentsContext } from '../context.js';
import { LONG_TEXT } from '../incident/incident-report.js';
import { Incident } from '../incident/incident.entity.js';
import { AssessIncidentSeverityInput } from '../incident/incident.input.js';
import { addAnalystNote, assessIncidentSeverity, assignReferenceNumber } from './assessment.service.js';
import { AnalystNote } from './severity-assessment.entity.js';

@ArgsType()
class AnalystNoteArgs {
  @Field(() => ID) incidentId!: string;
  @Field() @NotBlank() @MaxLength(LONG_TEXT) text!: string;
}

@Resolver()
export class AssessmentResolver {
  @Mutation(() => Incident, {
    nullable: true,
    description: 'ThaiCERT keeps or redefines the threat level, with recommendations (ThaiCERT 2.2).',
  })
  @VisibleTo(...NATIONAL_CENTRE)
  assessIncidentSeverity(
    @Arg('input', () => AssessIncidentSeverityInput) input: AssessIncidentSeverityInput,
    @Ctx() ctx: IncidentsContext,
  ): Promise<Incident> {
    return assessIncidentSeverity(ctx.em, signedIn(ctx.caller), input, new Date());
  }

  @Mutation(() => Incident, { nullable: true, description: 'NCSA assigns its reference number (once, unique).' })
  @VisibleTo(Audience.NCSA)
  assignReferenceNumber(
    @Arg('incidentId', () => ID) incidentId: string,
    @Arg('referenceNumber') referenceNumber: string,
    @Ctx() ctx: IncidentsContext,
  ): Promise<Incident> {
    return assignReferenceNumber(ctx.em, incidentId, referenceNumber, new Date());
  }

  @Mutation(() => AnalystNote, { nullable: true, description: 'A working note, seen by ThaiCERT and NCSA only.' })
  @VisibleTo(...NATIONAL_CENTRE)
  addAnalystNote(@Args(() => AnalystNoteArgs) { incidentId, text }: AnalystNoteArgs, @Ctx() ctx: IncidentsContext): Promise<AnalystNote> {
    return addAnalystNote(ctx.em, signedIn(ctx.caller), incidentId, text, new Date());
  }
}
