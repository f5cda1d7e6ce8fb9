import { Arg, Ctx, Mutation, Resolver, UseMiddleware } from 'type-graphql';

import { signedIn } from '../../../../platform/caller.js';
import { Audience, NATIONAL_CENTRE, VisibleTo } from '../../../kit/visibility.js';
import type { IncidentsContext } from '../context.js';
import { KeepRefusedSubmissions } from '../refusals/keep-refused-submissions.js';
import { AssistanceRequest } from './assistance-request.entity.js';
import { AssistanceAnswerInput, AssistanceRequestInput } from './assistance.input.js';
import { answerAssistanceRequest, requestAssistance } from './assistance.service.js';

@Resolver(() => AssistanceRequest)
export class AssistanceResolver {
  @Mutation(() => AssistanceRequest, { nullable: true, description: 'An organization asks ThaiCERT for help with its incident.' })
  @VisibleTo(Audience.ORGANIZATION)
  @UseMiddleware(KeepRefusedSubmissions)
  requestAssistance(
    @Arg('input', () => AssistanceRequestInput) input: AssistanceRequestInput,
    @Ctx() ctx: IncidentsContext,
  ): Promise<AssistanceRequest> {
    return requestAssistance(ctx.em, ctx.caller, input, new Date());
  }

  @Mutation(() => AssistanceRequest, { nullable: true, description: 'ThaiCERT answers an assistance request.' })
  @VisibleTo(...NATIONAL_CENTRE)
  answerAssistanceRequest(
    @Arg('input', () => AssistanceAnswerInput) input: AssistanceAnswerInput,
    @Ctx() ctx: IncidentsContext,
  ): Promise<AssistanceRequest> {
    return answerAssistanceRequest(ctx.em, signedIn(ctx.caller), input, new Date());
  }
}
