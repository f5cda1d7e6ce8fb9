import { MaxLength } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import {
  Arg,
  Args,
  ArgsType,
  Ctx,
  Directive,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';

import { ownOrganizationId, Role, signedIn } from '../../../../platform/caller.js';
import { Connection, PageArgs, type ConnectionShape } from '../../../kit/connection.js';
import { NotBlank } from '../../../kit/validators.js';
import { Audience, NATIONAL_CENTRE, VisibleTo } from '../../../kit/visibility.js';
import type { AdvisoriesContext } from '../context.js';
import { IncidentRef, OrganizationRef } from '../federation/references.js';
import { listAcknowledgments, listPendingAcknowledgments } from './acknowledgment-lists.js';
import { CvssScores } from './advisory-content.js';
import { Acknowledgment, AdvisoryRevision } from './advisory-records.entity.js';
import { addressedTo } from './advisory-scope.js';
import { Advisory } from './advisory.entity.js';
import { AdvisoryFilter, AdvisoryInput } from './advisory.input.js';
import {
  acknowledgeAdvisory,
  draftAdvisory,
  findAdvisory,
  listAdvisories,
  publishAdvisory,
  reviseAdvisory,
  withdrawAdvisory,
} from './advisory.service.js';
import { toCsaf } from './csaf.js';
import { cvssScoresOf, severityOf } from './cvss.js';

export const AdvisoryConnection = Connection(Advisory, 'Advisory');
const AcknowledgmentConnection = Connection(Acknowledgment, 'Acknowledgment');
const PendingAcknowledgmentConnection = Connection(OrganizationRef, 'PendingAcknowledgment');

@ArgsType()
class VersionedArgs {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'The version you read; a stale one is refused with CONFLICT.' }) expectedVersion!: number;
}

@ArgsType()
class ReviseArgs extends VersionedArgs {
  @Field(() => AdvisoryInput) input!: AdvisoryInput;
  @Field(() => String, { nullable: true, description: 'For a published advisory: what changed (revision history).' })
  @MaxLength(2000)
  changeSummary?: string;
}

@ArgsType()
class WithdrawArgs extends VersionedArgs {
  @Field() @NotBlank() @MaxLength(2000) reason!: string;
}

@ObjectType({ description: 'An advisory addressed to an organization, and whether it acknowledged it.' })
@VisibleTo(Audience.OWN_ORGANIZATION, Audience.SUPERVISING_REGULATOR, ...NATIONAL_CENTRE)
export class AddressedAdvisory {
  @Field(() => Advisory) advisory!: Advisory;
  @Field(() => Date, { nullable: true }) acknowledgedAt!: Date | null;
}
const AddressedAdvisoryConnection = Connection(AddressedAdvisory, 'AddressedAdvisory');

@Resolver(() => Advisory)
export class AdvisoryResolver {
  @Query(() => AdvisoryConnection, { nullable: true, description: 'Advisories the caller may read under TLP, newest first.' })
  @VisibleTo(Audience.PUBLIC)
  advisories(
    @Arg('filter', () => AdvisoryFilter, { nullable: true }) filter: AdvisoryFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() { em, caller }: AdvisoriesContext,
  ): Promise<ConnectionShape<Advisory>> {
    return listAdvisories(em, caller, filter, page);
  }

  @Query(() => Advisory, { nullable: true, description: 'One advisory; NOT_FOUND when TLP does not let the caller read it.' })
  @VisibleTo(Audience.PUBLIC)
  advisory(@Arg('id', () => ID) id: string, @Ctx() { em, caller }: AdvisoriesContext): Promise<Advisory> {
    return findAdvisory(em, caller, id);
  }

  @Mutation(() => Advisory, { nullable: true, description: 'Starts an advisory as a draft (ThaiCERT/NCSA).' })
  @VisibleTo(...NATIONAL_CENTRE)
  draftAdvisory(@Arg('input', () => AdvisoryInput) input: AdvisoryInput, @Ctx() { em, caller }: AdvisoriesContext): Promise<Advisory> {
    return draftAdvisory(em, signedIn(caller), input);
  }

  @Mutation(() => Advisory, { nullable: true, description: 'Edits a draft, or publishes a new revision of a published advisory.' })
  @VisibleTo(...NATIONAL_CENTRE)
  reviseAdvisory(@Args(() => ReviseArgs) args: ReviseArgs, @Ctx() { em, caller }: AdvisoriesContext): Promise<Advisory> {
    return reviseAdvisory(em, signedIn(caller), args.id, args.expectedVersion, args.input, args.changeSummary, new Date());
  }

  @Mutation(() => Advisory, { nullable: true, description: 'Publishes a draft and gives it its TH-CERT identifier.' })
  @VisibleTo(...NATIONAL_CENTRE)
  publishAdvisory(@Args(() => VersionedArgs) args: VersionedArgs, @Ctx() { em, caller }: AdvisoriesContext): Promise<Advisory> {
    return publishAdvisory(em, signedIn(caller), args.id, args.expectedVersion, new Date());
  }

  @Mutation(() => Advisory, { nullable: true, description: 'Withdraws a published advisory, with the reason.' })
  @VisibleTo(...NATIONAL_CENTRE)
  withdrawAdvisory(@Args(() => WithdrawArgs) args: WithdrawArgs, @Ctx() { em, caller }: AdvisoriesContext): Promise<Advisory> {
    return withdrawAdvisory(em, signedIn(caller), args.id, args.expectedVersion, args.reason, new Date());
  }

  @Mutation(() => Acknowledgment, { nullable: true, description: 'An organization confirms it received an advisory addressed to it.' })
  @VisibleTo(Audience.ORGANIZATION)
  acknowledgeAdvisory(@Arg('advisoryId', () => ID) advisoryId: string, @Ctx() { em, caller }: AdvisoriesContext): Promise<Acknowledgment> {
    return acknowledgeAdvisory(em, caller, advisoryId, new Date());
  }

  @FieldResolver(() => [AdvisoryRevision], { description: 'Every published revision, oldest first.' })
  revisions(@Root() advisory: Advisory, @Ctx() { loaders }: AdvisoriesContext): Promise<AdvisoryRevision[]> {
    return loaders.revisionsByAdvisory.load(advisory.id);
  }

  @FieldResolver(() => CvssScores, {
    nullable: true,
    description:
      'Every score of cvssVector, named as FIRST names them (CVSS-B, CVSS-BT, CVSS-BE, CVSS-BTE for v4.0; Base, Temporal, Environmental for v3.x); null without a vector.',
  })
  cvssScores(@Root() advisory: Advisory): CvssScores | null {
    if (!advisory.cvssVector) return null;
    const scores = cvssScoresOf(advisory.cvssVector);
    return { ...scores, baseSeverity: severityOf(scores.base), severity: severityOf(scores.overall) };
  }

  @FieldResolver(() => GraphQLJSONObject, {
    description:
      'The advisory as a CSAF 2.0 document: csaf_security_advisory when it names affected products, csaf_informational_advisory when it names none.',
  })
  @Directive('@cost(weight: 5)') // a whole document built from every revision
  async csaf(@Root() advisory: Advisory, @Ctx() { loaders, csaf }: AdvisoriesContext): Promise<Record<string, unknown>> {
    // A released advisory's is the document the CSAF provider serves (csafDocument.text), its URL its `self` reference.
    return toCsaf(advisory, await loaders.revisionsByAdvisory.load(advisory.id), csaf.locationOf(advisory)?.url);
  }

  @FieldResolver(() => AcknowledgmentConnection, {
    nullable: true,
    description: 'Who acknowledged it, first acknowledgment first: all for ThaiCERT/NCSA, its own organizations for a regulator.',
  })
  @VisibleTo(Audience.REGULATOR, ...NATIONAL_CENTRE)
  acknowledgments(
    @Root() advisory: Advisory,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() { em, caller }: AdvisoriesContext,
  ): Promise<ConnectionShape<Acknowledgment>> {
    return listAcknowledgments(em, caller, advisory, page);
  }

  @FieldResolver(() => PendingAcknowledgmentConnection, {
    nullable: true,
    description: 'Organizations it is addressed to that have not acknowledged it (a regulator: of its own), by id.',
  })
  @VisibleTo(Audience.REGULATOR, ...NATIONAL_CENTRE)
  async pendingAcknowledgments(
    @Root() advisory: Advisory,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() { em, caller }: AdvisoriesContext,
  ): Promise<ConnectionShape<OrganizationRef>> {
    const connection = await listPendingAcknowledgments(em, caller, advisory, page);
    return { ...connection, edges: connection.edges.map((edge) => ({ cursor: edge.cursor, node: OrganizationRef.of(edge.node.id) })) };
  }

  @FieldResolver(() => Acknowledgment, { nullable: true, description: 'The caller’s organization’s acknowledgment, if it gave one.' })
  @VisibleTo(Audience.ORGANIZATION)
  async myAcknowledgment(@Root() advisory: Advisory, @Ctx() ctx: AdvisoriesContext): Promise<Acknowledgment | null> {
    const mine = ownOrganizationId(ctx.caller);
    return (await ctx.loaders.acknowledgmentsByAdvisory.load(advisory.id)).find((a) => a.organizationId === mine) ?? null;
  }
}

@Resolver(() => Acknowledgment)
export class AcknowledgmentResolver {
  @FieldResolver(() => OrganizationRef)
  organization(@Root() acknowledgment: Acknowledgment): OrganizationRef {
    return OrganizationRef.of(acknowledgment.organizationId);
  }
}

@Resolver(() => OrganizationRef)
export class OrganizationAdvisoriesResolver {
  @FieldResolver(() => AddressedAdvisoryConnection, {
    nullable: true,
    description: 'Advisories addressed to it, and whether it acknowledged each.',
  })
  async advisories(
    @Root() organization: OrganizationRef,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: AdvisoriesContext,
  ): Promise<ConnectionShape<AddressedAdvisory>> {
    const sectorId = (await ctx.loaders.supervisionById.load(organization.id))?.sectorId;
    // Addressed to it and readable by it: what the organization itself would see.
    const asOrganization = { role: Role.ORGANIZATION, subject: 'addressed', organizationId: organization.id } as const;
    const connection = await listAdvisories(ctx.em, asOrganization, undefined, page, [addressedTo(organization.id, sectorId)]);
    const acknowledgments = await ctx.loaders.acknowledgmentsByAdvisory.loadMany(connection.edges.map((e) => e.node.id));
    return {
      ...connection,
      edges: connection.edges.map((edge, i) => ({
        cursor: edge.cursor,
        node: Object.assign(new AddressedAdvisory(), {
          advisory: edge.node,
          acknowledgedAt:
            (acknowledgments[i] as Acknowledgment[]).find((a) => a.organizationId === organization.id)?.acknowledgedAt ?? null,
        }),
      })),
    };
  }
}

@Resolver(() => IncidentRef)
export class IncidentAdvisoriesResolver {
  @FieldResolver(() => [Advisory], {
    nullable: true,
    description: 'Advisories sharing a CVE id with the incident (contributed by the advisories subgraph).',
  })
  @Directive('@requires(fields: "cveIds")')
  relatedAdvisories(@Root() incident: IncidentRef, @Ctx() { loaders }: AdvisoriesContext): Promise<Advisory[]> {
    return loaders.relatedAdvisories.load(incident.cveIds ?? []);
  }
}
