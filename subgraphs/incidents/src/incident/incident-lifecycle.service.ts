import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { requireUuid, Role, type Caller, type SignedInCaller } from '../../../shared/caller.js';
import { badUserInput, conflict, forbidden, notFound } from '../../../shared/errors.js';
import { recordIncidentEvent } from '../events/incident-events.js';
import { RegulatorDeadline, SupervisedOrganization } from '../../../shared/supervision/supervised-organization.entity.js';
import { Continuity, ResponseSituation, type ThreatCategory } from '../../../shared/form-vocabulary.js';
import type { ReportSignature } from '../signature/report-signature.js';
import { verifySubmissionSignature } from '../signature/verify-signature.js';
import { IncidentEventType, IncidentStatus, RevisionKind } from '../vocabulary/incident-vocabulary.js';
import { applyReportDuty, DutyChange } from './deadlines.js';
import type { IncidentReport } from './incident-report.js';
import { IncidentRevision } from './incident-revision.entity.js';
import { Incident } from './incident.entity.js';
import type { CloseIncidentInput, DataUnavailableNoticeInput, NotifyIncidentInput, SubmitIncidentReportInput } from './incident.input.js';
import { canonicalJson, dateOf, diffReports, mergeReport } from './report-content.js';
import { assertEssentials, assertFinalCategories, assertTimeline } from './report-rules.js';

const HOUR_MS = 3_600_000;

/** Only an organization files its own reports (SPEC §3 writes). */
function reporterFor(caller: Caller, organizationId: string): SignedInCaller {
  if (caller.role !== Role.ORGANIZATION || caller.organizationId !== organizationId) {
    throw forbidden('An organization reports only for itself');
  }
  return caller;
}

/**
 * Brings the incident row in line with a report's content: the columns that are filtered on,
 * and the deadlines, which follow the detection time (and the ก2 one the level, see applyReportDuty).
 */
function applyContent(incident: Incident, content: IncidentReport, now: Date): void {
  incident.content = content;
  incident.reportedSeverity = content.severity!;
  incident.severity = incident.assessedSeverity ?? content.severity!;
  incident.categories = [...(content.categories ?? [])];
  incident.affectedAssetTypes = [...(content.affectedAssetTypes ?? [])];
  incident.cveIds = [...(content.partTwo?.cveIds ?? [])];
  incident.occurredAt = dateOf(content.occurredAt);
  incident.detectedAt = dateOf(content.detectedAt)!;
  incident.regulatorNotifiedAt = dateOf(content.regulatorNotifiedAt);
  incident.partTwoRestricted = content.partTwoRestricted ?? false;
  applyReportDuty(incident, DutyChange.SUBMISSION, now);
  const hours = incident.regulatorDeadlineHours;
  incident.regulatorNotificationDueAt = hours == null ? null : new Date(incident.detectedAt.getTime() + hours * HOUR_MS);
}

async function deadlineHoursOf(em: EntityManager, organization: SupervisedOrganization): Promise<number | null> {
  if (!organization.regulatorId) return null;
  const deadline = await em.findOne(RegulatorDeadline, { regulatorId: organization.regulatorId });
  return deadline?.notificationDeadlineHours ?? null;
}

function newRevision(
  em: EntityManager,
  incident: Incident,
  kind: RevisionKind,
  by: SignedInCaller,
  at: Date,
  previous: IncidentReport,
  extra: { basedOnRevision?: number; idempotencyKey?: string | null; reason?: string; signature?: ReportSignature | null },
): IncidentRevision {
  return em.create(IncidentRevision, {
    incident,
    number: incident.currentRevision,
    kind,
    submittedAt: at,
    submittedBy: by.subject,
    basedOnRevision: extra.basedOnRevision ?? null,
    idempotencyKey: extra.idempotencyKey ?? null,
    reason: extra.reason ?? null,
    content: incident.content,
    changes: diffReports(previous, incident.content),
    signature: extra.signature ?? null,
  });
}

/** What every submission is made with. */
export interface SubmissionContext {
  em: EntityManager;
  caller: Caller;
  now: Date;
  /** Brings the copies of the registry (supervision, contacts' keys) up to date. */
  syncRegistry: () => Promise<unknown>;
}

/** Form ก1. A retry with the same idempotency key returns the incident the first attempt created. */
export async function notifyIncident({ em, caller, now, syncRegistry }: SubmissionContext, input: NotifyIncidentInput): Promise<Incident> {
  const organizationId = requireUuid(input.organizationId, 'organizationId');
  const reporter = reporterFor(caller, organizationId);
  const content = mergeReport({}, input.report);
  const continuity = input.continuity ?? Continuity.NEW;
  const replay = async (tx: EntityManager) => {
    const existing = await tx.findOne(Incident, { organization: organizationId, idempotencyKey: input.idempotencyKey });
    if (!existing) return null;
    const first = await tx.findOneOrFail(IncidentRevision, { incident: existing, number: 1 });
    if (canonicalJson(first.content) !== canonicalJson(content) || existing.continuity !== continuity) {
      throw conflict('This idempotencyKey was already used for a different notification', { incidentId: existing.id });
    }
    return existing;
  };
  const earlier = await replay(em);
  if (earlier) return earlier;

  assertEssentials(content);
  assertTimeline(content, now);
  let organization = await em.findOne(SupervisedOrganization, { id: organizationId });
  if (!organization) {
    await syncRegistry(); // registered a moment ago: the copy may not have caught up yet
    organization = await em.fork().findOne(SupervisedOrganization, { id: organizationId });
    if (!organization) throw notFound('Organization', organizationId);
  }
  try {
    return await em.transactional(async (tx) => {
      let followUpOf: Incident | null = null;
      if (continuity === Continuity.FOLLOW_UP) {
        if (!input.followUpOfIncidentId) throw badUserInput('A FOLLOW_UP names the earlier incident in followUpOfIncidentId', { field: 'followUpOfIncidentId' });
        followUpOf = await tx.findOne(Incident, { id: requireUuid(input.followUpOfIncidentId, 'followUpOfIncidentId'), organization: organizationId });
        if (!followUpOf) throw badUserInput('followUpOfIncidentId: no earlier incident of this organization has that id', { field: 'followUpOfIncidentId' });
      } else if (input.followUpOfIncidentId) {
        throw badUserInput('A NEW incident does not follow up another: set continuity to FOLLOW_UP', { field: 'followUpOfIncidentId' });
      }
      const incident = tx.create(Incident, {
        organization: tx.getReference(SupervisedOrganization, organizationId),
        idempotencyKey: input.idempotencyKey,
        continuity,
        followUpOf,
        status: IncidentStatus.NOTIFIED,
        currentRevision: 1,
        regulatorDeadlineHours: await deadlineHoursOf(tx, organization!),
      } as never);
      applyContent(incident, content, now);
      const signature = await verifySubmissionSignature(tx, organizationId, input, now, syncRegistry);
      newRevision(tx, incident, RevisionKind.NOTIFICATION, reporter, now, {}, { idempotencyKey: input.idempotencyKey, signature });
      await tx.flush();
      await recordIncidentEvent(tx, IncidentEventType.NOTIFIED, incident, now);
      return incident;
    });
  } catch (error) {
    // The same notification sent twice at once: the second finds the first's incident.
    if (error instanceof UniqueConstraintViolationException) {
      const earlierConcurrent = await replay(em.fork());
      if (earlierConcurrent) return earlierConcurrent;
    }
    throw error;
  }
}

interface Submission {
  incidentId: string;
  basedOnRevision: number;
  idempotencyKey?: string | null;
  signature?: string | null;
}

type Change = (tx: EntityManager, incident: Incident, reporter: SignedInCaller, signature: ReportSignature | null) => Promise<void>;

/**
 * Runs one submission about an incident: locks it (revisions of one incident are made one at a
 * time), replays a retried submission, refuses a stale one with CONFLICT and anything after
 * closing, verifies its signature, then lets `change` build the new revision.
 */
async function submit({ em, caller, now, syncRegistry }: SubmissionContext, submission: Submission, change: Change): Promise<Incident> {
  const id = requireUuid(submission.incidentId, 'incidentId');
  return em.transactional(async (tx) => {
    const incident = await tx.findOne(Incident, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['content'] });
    if (!incident) throw notFound('Incident', id);
    const reporter = reporterFor(caller, incident.organization.id);
    if (submission.idempotencyKey) {
      const done = await tx.count(IncidentRevision, { incident, idempotencyKey: submission.idempotencyKey });
      if (done > 0) return incident;
    }
    if (incident.status === IncidentStatus.CLOSED) {
      throw badUserInput('The incident is closed; report anything further as a FOLLOW_UP incident', { field: 'incidentId' });
    }
    if (submission.basedOnRevision !== incident.currentRevision) {
      throw conflict(
        `The incident is at revision ${incident.currentRevision}, not ${submission.basedOnRevision}: reload it and submit your changes again`,
        { currentRevision: incident.currentRevision },
      );
    }
    incident.currentRevision += 1;
    const signature = await verifySubmissionSignature(tx, incident.organization.id, submission, now, syncRegistry);
    await change(tx, incident, reporter, signature);
    await tx.flush();
    return incident;
  });
}

async function changeStatus(tx: EntityManager, incident: Incident, status: IncidentStatus, at: Date): Promise<void> {
  if (incident.status === status) return;
  const from = incident.status;
  incident.status = status;
  await recordIncidentEvent(tx, IncidentEventType.STATUS_CHANGED, incident, at, { previousStatus: from });
}

/** Form ก2, full or partial; every call is a revision. */
export function submitIncidentReport(context: SubmissionContext, input: SubmitIncidentReportInput): Promise<Incident> {
  const { now } = context;
  return submit(context, input, async (tx, incident, reporter, signature) => {
    const previous = incident.content;
    const content = mergeReport(previous, input.report);
    assertEssentials(content);
    assertTimeline(content, now);
    applyContent(incident, content, now);
    incident.reportFiledAt ??= now;
    newRevision(tx, incident, RevisionKind.REPORT, reporter, now, previous, { ...input, signature });
    await tx.flush();
    await recordIncidentEvent(tx, IncidentEventType.REPORT_REVISED, incident, now);
    await changeStatus(tx, incident, IncidentStatus.REPORTED, now);
  });
}

/** The closing report: final categories, last changes, and the incident is closed for good. */
export function closeIncident(context: SubmissionContext, input: CloseIncidentInput): Promise<Incident> {
  const { now } = context;
  assertFinalCategories(input.finalCategories);
  return submit(context, input, async (tx, incident, reporter, signature) => {
    const previous = incident.content;
    const merged = mergeReport(previous, input.report ?? {});
    const situations = new Set(merged.responseSituations ?? []);
    situations.add(ResponseSituation.CLOSING_REPORT_SUBMITTED);
    const content = mergeReport(merged, { categories: input.finalCategories as ThreatCategory[], responseSituations: [...situations] });
    assertTimeline(content, now);
    applyContent(incident, content, now);
    incident.reportFiledAt ??= now;
    incident.closedAt = now;
    newRevision(tx, incident, RevisionKind.CLOSING_REPORT, reporter, now, previous, { ...input, signature });
    await tx.flush();
    await recordIncidentEvent(tx, IncidentEventType.REPORT_REVISED, incident, now);
    await changeStatus(tx, incident, IncidentStatus.CLOSED, now);
    await recordIncidentEvent(tx, IncidentEventType.CLOSED, incident, now, { closedAt: now.toISOString() });
  });
}

/** The Announcement: if the data cannot be provided, say so promptly, with the reason. */
export function fileDataUnavailableNotice(context: SubmissionContext, input: DataUnavailableNoticeInput): Promise<Incident> {
  const { now } = context;
  return submit(context, input, async (tx, incident, reporter, signature) => {
    newRevision(tx, incident, RevisionKind.DATA_UNAVAILABLE, reporter, now, incident.content, { ...input, reason: input.reason.trim(), signature });
    await tx.flush();
    await recordIncidentEvent(tx, IncidentEventType.DATA_UNAVAILABLE, incident, now, { reason: input.reason.trim() });
  });
}
