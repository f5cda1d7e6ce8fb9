import { MaxLength } from 'class-validator';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';

import { requireUuid, signedIn } from '../../../../platform/caller.js';
import { notFound } from '../../../../platform/errors.js';
import { Connection, PageArgs, type ConnectionShape } from '../../../kit/connection.js';
import { NotBlank } from '../../../kit/validators.js';
import { Audience, NATIONAL_CENTRE, VisibleTo } from '../../../kit/visibility.js';
import type { AdvisoriesContext } from '../context.js';
import { IncidentRef, OrganizationRef } from '../federation/references.js';
import { auditRestrictedReads } from '../tlp/tlp-audit.js';
import { Indicator, IndicatorRevision } from './indicator.entity.js';
import { IndicatorChanges, IndicatorFilter, IndicatorInput } from './indicator.input.js';
import { addIndicator, findIndicator, listIndicators, reviseIndicator, revokeIndicator } from './indicator.service.js';

export const IndicatorConnection = Connection(Indicator, 'Indicator');

/** Reading an indicator under a restricted TLP label is audited (tlp-audit.ts); CLEAR and GREEN ones are not. */
const indicatorRef = (indicator: Indicator) => ({ type: 'Indicator' as const, id: indicator.id, tlp: indicator.tlp });

@ArgsType()
class VersionedArgs {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'The version you read; a stale one is refused with CONFLICT.' }) expectedVersion!: number;
}

@ArgsType()
class ReviseArgs extends VersionedArgs {
  @Field(() => IndicatorChanges) changes!: IndicatorChanges;
  @Field({ description: 'What changed, for the revision history.' }) @NotBlank() @MaxLength(2000) changeSummary!: string;
}

@ArgsType()
class RevokeArgs extends VersionedArgs {
  @Field() @NotBlank() @MaxLength(2000) reason!: string;
}

@Resolver(() => Indicator)
export class IndicatorResolver {
  @Query(() => IndicatorConnection, { nullable: true, description: 'Indicators the caller may read under TLP, newest first.' })
  @VisibleTo(Audience.PUBLIC)
  async indicators(
    @Arg('filter', () => IndicatorFilter, { nullable: true }) filter: IndicatorFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() context: AdvisoriesContext,
  ): Promise<ConnectionShape<Indicator>> {
    const connection = await listIndicators(context.em, context.caller, filter, page);
    auditRestrictedReads(
      context,
      connection.edges.map((edge) => indicatorRef(edge.node)),
    );
    return connection;
  }

  @Query(() => Indicator, { nullable: true, description: 'One indicator; NOT_FOUND when TLP does not let the caller read it.' })
  @VisibleTo(Audience.PUBLIC)
  async indicator(@Arg('id', () => ID) id: string, @Ctx() context: AdvisoriesContext): Promise<Indicator> {
    const indicator = await findIndicator(context.em, context.caller, id);
    auditRestrictedReads(context, [indicatorRef(indicator)]);
    return indicator;
  }

  @Mutation(() => Indicator, { nullable: true, description: 'Records an indicator of compromise seen in an incident (ThaiCERT/NCSA).' })
  @VisibleTo(...NATIONAL_CENTRE)
  async addIndicator(
    @Arg('input', () => IndicatorInput) input: IndicatorInput,
    @Ctx() { em, caller, incidentExists }: AdvisoriesContext,
  ): Promise<Indicator> {
    const incidentId = requireUuid(input.incidentId, 'input.incidentId');
    if (!(await incidentExists(signedIn(caller), incidentId))) throw notFound('Incident', incidentId);
    return addIndicator(em, signedIn(caller), input, new Date());
  }

  @Mutation(() => Indicator, { nullable: true, description: 'Revises an indicator; the earlier state stays in its revisions.' })
  @VisibleTo(...NATIONAL_CENTRE)
  reviseIndicator(@Args(() => ReviseArgs) args: ReviseArgs, @Ctx() { em, caller }: AdvisoriesContext): Promise<Indicator> {
    return reviseIndicator(em, signedIn(caller), args.id, args.expectedVersion, args.changes, args.changeSummary, new Date());
  }

  @Mutation(() => Indicator, { nullable: true, description: 'Revokes an indicator, with the reason: it stays, marked revoked.' })
  @VisibleTo(...NATIONAL_CENTRE)
  revokeIndicator(@Args(() => RevokeArgs) args: RevokeArgs, @Ctx() { em, caller }: AdvisoriesContext): Promise<Indicator> {
    return revokeIndicator(em, signedIn(caller), args.id, args.expectedVersion, args.reason, new Date());
  }

  @FieldResolver(() => IncidentRef, {
    nullable: true,
    description: 'The incident it was seen in (the incidents subgraph decides who reads it).',
  })
  incident(@Root() indicator: Indicator): IncidentRef {
    return Object.assign(new IncidentRef(), { id: indicator.incidentId });
  }

  @FieldResolver(() => OrganizationRef, {
    nullable: true,
    description: 'The organization that reported the incident: ThaiCERT and NCSA only (shared in STIX only at TLP:RED).',
  })
  @VisibleTo(...NATIONAL_CENTRE)
  affectedOrganization(@Root() indicator: Indicator): OrganizationRef | null {
    return indicator.affectedOrganizationId ? OrganizationRef.of(indicator.affectedOrganizationId) : null;
  }

  @FieldResolver(() => [IndicatorRevision], { nullable: true, description: 'Every revision, oldest first.' })
  @VisibleTo(...NATIONAL_CENTRE)
  revisions(@Root() indicator: Indicator, @Ctx() { loaders }: AdvisoriesContext): Promise<IndicatorRevision[]> {
    return loaders.revisionsByIndicator.load(indicator.id);
  }
}

@Resolver(() => IncidentRef)
export class IncidentIndicatorsResolver {
  @FieldResolver(() => [Indicator], {
    nullable: true,
    description:
      'Indicators of compromise ThaiCERT recorded on the incident, as far as TLP lets the caller read them (advisories subgraph).',
  })
  async indicators(@Root() incident: IncidentRef, @Ctx() context: AdvisoriesContext): Promise<Indicator[]> {
    const indicators = await context.loaders.indicatorsByIncident.load(incident.id);
    auditRestrictedReads(context, indicators.map(indicatorRef));
    return indicators;
  }
}
