import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, Field, ID, InputType, Query, Resolver } from 'type-graphql';

import { AuditKind } from '../../../../contracts/audit-line.js';
import { badUserInput } from '../../../../platform/errors.js';
import { AuditEntry } from '../../../kit/audit/audit-entry.entity.js';
import { Connection, PageArgs, paginate, type ConnectionShape } from '../../../kit/connection.js';
import { Audience, VisibleTo } from '../../../kit/visibility.js';
import type { StatisticsContext } from '../context.js';

const AuditEntryConnection = Connection(AuditEntry, 'AuditEntry');

@InputType({ description: 'Narrows the audit trail; every condition given must hold.' })
class AuditFilter {
  @Field(() => String, { nullable: true, description: 'The token subject (a person or system).' }) subject?: string | null;
  @Field(() => String, { nullable: true, description: 'ORGANIZATION, REGULATOR, THAICERT, NCSA, SERVICE or PUBLIC.' }) role?: string | null;
  @Field(() => ID, { nullable: true, description: 'The organization an ORGANIZATION caller acted for.' }) organizationId?: string | null;
  @Field(() => AuditKind, { nullable: true }) kind?: AuditKind | null;
  @Field(() => String, { nullable: true, description: 'A mutation name or a kind of restricted read.' }) action?: string | null;
  @Field(() => ID, { nullable: true, description: 'The record concerned.' }) targetId?: string | null;
  @Field(() => String, { nullable: true, description: 'One request, across every service it reached.' }) requestId?: string | null;
  @Field(() => Date, { nullable: true }) from?: Date | null;
  @Field(() => Date, { nullable: true }) to?: Date | null;
}

@Resolver()
export class AuditTrailResolver {
  @Query(() => AuditEntryConnection, {
    nullable: true,
    description: 'Who changed what, and who read restricted data, in every subgraph, newest first (NCSA only).',
  })
  @VisibleTo(Audience.NCSA)
  auditTrail(
    @Arg('filter', () => AuditFilter, { nullable: true }) filter: AuditFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() { em }: StatisticsContext,
  ): Promise<ConnectionShape<AuditEntry>> {
    const where: FilterQuery<AuditEntry>[] = [];
    for (const key of ['subject', 'role', 'organizationId', 'kind', 'action', 'targetId', 'requestId'] as const) {
      if (filter?.[key]) where.push({ [key]: filter[key] });
    }
    if (filter?.from && filter.to && filter.from > filter.to) throw badUserInput('filter.from is after filter.to');
    if (filter?.from) where.push({ recordedAt: { $gte: filter.from } });
    if (filter?.to) where.push({ recordedAt: { $lte: filter.to } });
    return paginate(em, AuditEntry, { $and: where }, page, { recordedAt: 'desc', service: 'asc', sequence: 'desc' });
  }
}
