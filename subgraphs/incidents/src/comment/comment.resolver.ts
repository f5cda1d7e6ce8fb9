import { MaxLength } from 'class-validator';
import { Args, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';

import { signedIn } from '../../../../platform/caller.js';
import { Connection, PageArgs, type ConnectionShape } from '../../../kit/connection.js';
import { NotBlank } from '../../../kit/validators.js';
import { Audience, NATIONAL_CENTRE, VisibleTo } from '../../../kit/visibility.js';
import type { IncidentsContext } from '../context.js';
import { LONG_TEXT } from '../incident/incident-report.js';
import { Incident } from '../incident/incident.entity.js';
import { addIncidentComment, listIncidentComments } from './comment.service.js';
import { IncidentComment } from './incident-comment.entity.js';

export const IncidentCommentConnection = Connection(IncidentComment, 'IncidentComment');

@ArgsType()
class IncidentCommentArgs {
  @Field(() => ID) incidentId!: string;
  @Field() @NotBlank() @MaxLength(LONG_TEXT) text!: string;
}

@Resolver(() => Incident)
export class IncidentCommentResolver {
  @Mutation(() => IncidentComment, {
    nullable: true,
    description:
      'The supervising regulator, ThaiCERT or NCSA comments on an incident; the organization sees it. Comments are never changed.',
  })
  @VisibleTo(Audience.REGULATOR, ...NATIONAL_CENTRE)
  addIncidentComment(
    @Args(() => IncidentCommentArgs) { incidentId, text }: IncidentCommentArgs,
    @Ctx() ctx: IncidentsContext,
  ): Promise<IncidentComment> {
    return addIncidentComment(ctx.em, signedIn(ctx.caller), incidentId, text, new Date());
  }

  @FieldResolver(() => IncidentCommentConnection, { description: 'Comments of the regulator, ThaiCERT and NCSA, oldest first.' })
  comments(
    @Root() incident: Incident,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() { em }: IncidentsContext,
  ): Promise<ConnectionShape<IncidentComment>> {
    return listIncidentComments(em, incident.id, page);
  }
}
