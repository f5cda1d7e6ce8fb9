import { GraphQLJSON } from 'graphql-scalars';
import {
  Arg,
  Args,
  Ctx,
  Directive,
  Field,
  FieldResolver,
  ID,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
  UseMiddleware,
} from 'type-graphql';

import { ThreatLevel } from '../../../../contracts/form-vocabulary.js';
import { RestrictedRead } from '../../../kit/audit/audit-log.js';
import { AuditedRead } from '../../../kit/audit/audited-reads.js';
import { inBangkok } from '../../../kit/bangkok-time.js';
import { Connection, PageArgs, type ConnectionShape } from '../../../kit/connection.js';
import { Audience, NATIONAL_CENTRE, VisibleTo, type ScopeOwner } from '../../../kit/visibility.js';
import { AnalystNote, SeverityAssessment } from '../assessment/severity-assessment.entity.js';
import { AssistanceRequest } from '../assistance/assistance-request.entity.js';
import type { IncidentsContext } from '../context.js';
import { OrganizationRef, PointOfContactRef } from '../federation/references.js';
import { KeepRefusedSubmissions } from '../refusals/keep-refused-submissions.js';
import { ReportSignature } from '../signature/report-signature.js';
import { SignatureStatus } from '../signature/signature-status.js';
import {
  regulatorNotificationOnTime,
  regulatorNotificationOverdue,
  regulatorReportOnTime,
  regulatorReportOverdue,
  reportOnTime,
  reportOverdue,
} from './deadlines.js';
import {
  closeIncident,
  fileDataUnavailableNotice,
  notifyIncident,
  submitIncidentReport,
  type SubmissionContext,
} from './incident-lifecycle.service.js';
import { findIncident, listIncidents } from './incident-query.service.js';
import { INCIDENT_READERS, IncidentReport, PART_TWO_READERS } from './incident-report.js';
import { IncidentRevision, type FieldChangeShape } from './incident-revision.entity.js';
import { Incident } from './incident.entity.js';
import {
  CloseIncidentInput,
  DataUnavailableNoticeInput,
  IncidentFilter,
  NotifyIncidentInput,
  SubmitIncidentReportInput,
} from './incident.input.js';

export const IncidentConnection = Connection(Incident, 'Incident');

@ObjectType({ description: 'One changed field of a report, by path (e.g. affectedSystem.location).' })
@VisibleTo(...INCIDENT_READERS)
export class FieldChange {
  @Field() field!: string;
  @Field(() => GraphQLJSON, { nullable: true }) before!: unknown;
  @Field(() => GraphQLJSON, { nullable: true }) after!: unknown;
}

@ObjectType({ description: 'ThaiCERT’s latest assessment, as the organization and regulator see it.' })
@VisibleTo(...INCIDENT_READERS)
export class IncidentAssessment {
  @Field(() => ThreatLevel) severity!: ThreatLevel;
  @Field() recommendations!: string;
  @Field() assessedAt!: Date;
}

/**
 * A report's content carrying its incident's owner, so part 2 is checked against the right
 * reporter, and its incident, so reading part 2 is audited against it.
 */
function reportView(content: IncidentReport, owner: ScopeOwner, incidentId: string): IncidentReport {
  return Object.assign(Object.create(null), content, {
    scopeOwner: () => owner,
    auditTarget: () => ({ type: 'Incident', id: incidentId }),
  });
}

const isPartTwo = (change: FieldChangeShape) => change.field === 'partTwo' || change.field.startsWith('partTwo.');

const submissionContext = (ctx: IncidentsContext): SubmissionContext => ({
  em: ctx.em,
  caller: ctx.caller,
  now: new Date(),
  syncRegistry: ctx.syncRegistry,
});

@Resolver(() => Incident)
export class IncidentResolver {
  @Query(() => IncidentConnection, { nullable: true, description: 'Incidents the caller may see, newest detection first.' })
  @VisibleTo(Audience.SIGNED_IN)
  incidents(
    @Arg('filter', () => IncidentFilter, { nullable: true }) filter: IncidentFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() { em, caller }: IncidentsContext,
  ): Promise<ConnectionShape<Incident>> {
    return listIncidents(em, caller, filter, page, new Date());
  }

  @Query(() => Incident, { nullable: true })
  @VisibleTo(Audience.SIGNED_IN)
  incident(@Arg('id', () => ID) id: string, @Ctx() { em, caller }: IncidentsContext): Promise<Incident> {
    return findIncident(em, caller, id);
  }

  @Mutation(() => Incident, { nullable: true, description: 'Form ก1: notify NCSA of a cyber threat (clause 4).' })
  @VisibleTo(Audience.ORGANIZATION)
  @UseMiddleware(KeepRefusedSubmissions)
  notifyIncident(@Arg('input', () => NotifyIncidentInput) input: NotifyIncidentInput, @Ctx() ctx: IncidentsContext): Promise<Incident> {
    return notifyIncident(submissionContext(ctx), input);
  }

  @Mutation(() => Incident, {
    nullable: true,
    description: 'Form ก2: file or update the report (partial reports allowed); each call is a revision.',
  })
  @VisibleTo(Audience.ORGANIZATION)
  @UseMiddleware(KeepRefusedSubmissions)
  submitIncidentReport(
    @Arg('input', () => SubmitIncidentReportInput) input: SubmitIncidentReportInput,
    @Ctx() ctx: IncidentsContext,
  ): Promise<Incident> {
    return submitIncidentReport(submissionContext(ctx), input);
  }

  @Mutation(() => Incident, { nullable: true, description: 'The closing report (clause 5).' })
  @VisibleTo(Audience.ORGANIZATION)
  @UseMiddleware(KeepRefusedSubmissions)
  closeIncident(@Arg('input', () => CloseIncidentInput) input: CloseIncidentInput, @Ctx() ctx: IncidentsContext): Promise<Incident> {
    return closeIncident(submissionContext(ctx), input);
  }

  @Mutation(() => Incident, { nullable: true, description: 'Tells NCSA and the regulator the data cannot be provided, with the reason.' })
  @VisibleTo(Audience.ORGANIZATION)
  @UseMiddleware(KeepRefusedSubmissions)
  fileDataUnavailableNotice(
    @Arg('input', () => DataUnavailableNoticeInput) input: DataUnavailableNoticeInput,
    @Ctx() ctx: IncidentsContext,
  ): Promise<Incident> {
    return fileDataUnavailableNotice(submissionContext(ctx), input);
  }

  @FieldResolver(() => OrganizationRef, { description: 'The organization that reported it.' })
  organization(@Root() incident: Incident): OrganizationRef {
    return OrganizationRef.of(incident.organization.id);
  }

  @FieldResolver(() => PointOfContactRef, {
    nullable: true,
    description: 'The registered point of contact the report names (ก2 §ก2), with its directory details.',
  })
  async pointOfContact(@Root() incident: Incident, @Ctx() { loaders }: IncidentsContext): Promise<PointOfContactRef | null> {
    const id = (await loaders.contentOf.load(incident)).contact?.pointOfContactId;
    return id ? Object.assign(new PointOfContactRef(), { id }) : null;
  }

  @FieldResolver(() => Incident, { nullable: true, description: 'For a FOLLOW_UP: the earlier incident.' })
  followUpOf(@Root() incident: Incident, @Ctx() { loaders }: IncidentsContext): Promise<Incident | null> | null {
    return incident.followUpOf ? loaders.incidentById.load(incident.followUpOf.id) : null;
  }

  @FieldResolver(() => IncidentReport, { description: 'The ก2 content as of the latest revision.' })
  async report(@Root() incident: Incident, @Ctx() { loaders }: IncidentsContext): Promise<IncidentReport> {
    return reportView(await loaders.contentOf.load(incident), incident.scopeOwner(), incident.id);
  }

  @FieldResolver(() => [IncidentRevision], { description: 'Every submission, oldest first; nothing is ever overwritten.' })
  @Directive('@listSize(assumedSize: 20)') // ก1, ก2, every update and the closing report
  revisions(@Root() incident: Incident, @Ctx() { loaders }: IncidentsContext): Promise<IncidentRevision[]> {
    return loaders.revisionsByIncident.load(incident.id);
  }

  @FieldResolver(() => Boolean, { description: 'The ก2 report is past due and not filed (never for an incident without the duty).' })
  overdue(@Root() incident: Incident): boolean {
    return reportOverdue(incident, new Date());
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description: 'Report filed by reportDueAt: true; late or missing: false; still open, or no ก2 deadline: null.',
  })
  reportOnTime(@Root() incident: Incident): boolean | null {
    return reportOnTime(incident, new Date());
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'reportDueAt as Thai clocks show it (Asia/Bangkok, +07:00); null when there is no ก2 deadline.',
  })
  reportDueAtBangkok(@Root() incident: Incident): string | null {
    return incident.reportDueAt ? inBangkok(incident.reportDueAt) : null;
  }

  @FieldResolver(() => Boolean, { description: 'The regulator’s notification deadline passed without it being told.' })
  regulatorNotificationOverdue(@Root() incident: Incident): boolean {
    return regulatorNotificationOverdue(incident, new Date());
  }

  @FieldResolver(() => Boolean, { nullable: true })
  regulatorNotificationOnTime(@Root() incident: Incident): boolean | null {
    return regulatorNotificationOnTime(incident, new Date());
  }

  @FieldResolver(() => Boolean, {
    description: 'The ก2 report is past the regulator’s report deadline (regulatorReportDueAt) and not filed.',
  })
  regulatorReportOverdue(@Root() incident: Incident): boolean {
    return regulatorReportOverdue(incident, new Date());
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description:
      'The ก2 reached the regulator by regulatorReportDueAt: true; late or missing: false; still open, or no such deadline: null. It reaches the regulator when it is filed here (reportFiledAt).',
  })
  regulatorReportOnTime(@Root() incident: Incident): boolean | null {
    return regulatorReportOnTime(incident, new Date());
  }

  @FieldResolver(() => Boolean, {
    description:
      'The ก2 has been filed with part 2 (section ง) restricted to NCSA and ThaiCERT, by an organization with a regulator: the regulator received the report without its restricted part.',
  })
  regulatorReceivedWithoutPartTwo(@Root() incident: Incident): boolean {
    // Every regulator sets a notification deadline, so an incident has one exactly when its organization had a regulator.
    return !!incident.regulatorNotificationDueAt && !!incident.reportFiledAt && incident.partTwoRestricted;
  }

  @FieldResolver(() => IncidentAssessment, { nullable: true, description: 'ThaiCERT’s latest assessment and recommendations.' })
  async assessment(@Root() incident: Incident, @Ctx() { loaders }: IncidentsContext): Promise<IncidentAssessment | null> {
    const latest = (await loaders.assessmentsByIncident.load(incident.id)).at(-1);
    return latest ? { severity: latest.severity, recommendations: latest.recommendations, assessedAt: latest.assessedAt } : null;
  }

  @FieldResolver(() => [SeverityAssessment], { nullable: true, description: 'Every assessment with who made it and why.' })
  @VisibleTo(...NATIONAL_CENTRE)
  severityAssessments(@Root() incident: Incident, @Ctx() { loaders }: IncidentsContext): Promise<SeverityAssessment[]> {
    return loaders.assessmentsByIncident.load(incident.id);
  }

  @FieldResolver(() => [AnalystNote], { nullable: true })
  @Directive('@listSize(assumedSize: 20)')
  @VisibleTo(...NATIONAL_CENTRE)
  @AuditedRead(RestrictedRead.ANALYST_NOTES)
  analystNotes(@Root() incident: Incident, @Ctx() { loaders }: IncidentsContext): Promise<AnalystNote[]> {
    return loaders.notesByIncident.load(incident.id);
  }

  @FieldResolver(() => [AssistanceRequest])
  assistanceRequests(@Root() incident: Incident, @Ctx() { loaders }: IncidentsContext): Promise<AssistanceRequest[]> {
    return loaders.assistanceByIncident.load(incident.id);
  }
}

@Resolver(() => IncidentRevision)
export class IncidentRevisionResolver {
  @FieldResolver(() => IncidentReport, { description: 'The full ก2 content after this submission.' })
  report(@Root() revision: IncidentRevision): IncidentReport {
    return reportView(revision.content, revision.scopeOwner(), revision.incident.id);
  }

  @FieldResolver(() => [FieldChange], { description: 'Fields of sections ก–ค changed by this submission.' })
  @Directive('@listSize(assumedSize: 50)') // a first report changes every field it fills
  changes(@Root() revision: IncidentRevision): FieldChangeShape[] {
    return revision.changes.filter((c) => !isPartTwo(c));
  }

  @FieldResolver(() => SignatureStatus, {
    description: 'Whether it was signed, and whether the signature verified against a registered contact’s key.',
  })
  signatureStatus(@Root() revision: IncidentRevision): SignatureStatus {
    return revision.signature?.status ?? SignatureStatus.UNSIGNED;
  }

  @FieldResolver(() => [FieldChange], { nullable: true, description: 'Fields of part 2 (section ง) changed by this submission.' })
  @Directive('@listSize(assumedSize: 50)')
  @VisibleTo(...PART_TWO_READERS)
  @AuditedRead(RestrictedRead.INCIDENT_PART_TWO)
  partTwoChanges(@Root() revision: IncidentRevision): FieldChangeShape[] {
    return revision.changes.filter(isPartTwo);
  }
}

@Resolver(() => ReportSignature)
export class ReportSignatureResolver {
  @FieldResolver(() => PointOfContactRef, {
    nullable: true,
    description: 'The registered point of contact whose key made it, when one did.',
  })
  signedBy(@Root() signature: ReportSignature): PointOfContactRef | null {
    return signature.contactId ? Object.assign(new PointOfContactRef(), { id: signature.contactId }) : null;
  }
}

@Resolver(() => OrganizationRef)
export class OrganizationIncidentsResolver {
  @FieldResolver(() => IncidentConnection, {
    nullable: true,
    description: 'Its incidents, newest detection first (contributed by the incidents subgraph).',
  })
  incidents(
    @Root() organization: OrganizationRef,
    @Arg('filter', () => IncidentFilter, { nullable: true }) filter: IncidentFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() { em, caller }: IncidentsContext,
  ): Promise<ConnectionShape<Incident>> {
    return listIncidents(em, caller, filter, page, new Date(), [{ organization: organization.id }]);
  }
}
