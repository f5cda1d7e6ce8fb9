import { Args, Ctx, Query, Resolver } from 'type-graphql';

import { isNationalCentre, ownOrganizationId } from '../../../../platform/caller.js';
import { Connection, PageArgs, paginate, type ConnectionShape } from '../../../kit/connection.js';
import { Audience, NATIONAL_CENTRE, VisibleTo } from '../../../kit/visibility.js';
import type { IncidentsContext } from '../context.js';
import { RefusedSubmission } from './refused-submission.entity.js';

const RefusedSubmissionConnection = Connection(RefusedSubmission, 'RefusedSubmission');

@Resolver(() => RefusedSubmission)
export class RefusedSubmissionResolver {
  @Query(() => RefusedSubmissionConnection, {
    nullable: true,
    description: 'Submissions that were refused, newest first: an organization its own, ThaiCERT and NCSA all.',
  })
  @VisibleTo(Audience.ORGANIZATION, ...NATIONAL_CENTRE)
  refusedSubmissions(
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() { em, caller }: IncidentsContext,
  ): Promise<ConnectionShape<RefusedSubmission>> {
    const where = isNationalCentre(caller) ? {} : { organizationId: ownOrganizationId(caller) ?? null };
    return paginate(em, RefusedSubmission, where, page, { submittedAt: 'desc', id: 'desc' });
  }
}
