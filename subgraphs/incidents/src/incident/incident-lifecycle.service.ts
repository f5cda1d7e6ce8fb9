import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

import { Continuity, ResponseSituation, type ThreatCategory } from '../../../../contracts/form-vocabulary.js';
import { requireUuid, Role, type Caller, type SignedInCaller } from '../../../../platform/caller.js';
import { canonicalJson } from '../../../../platform/canonical-json.js';
import { conflict, forbidden, invalidField, notFound, ProblemCode } from '../../../../platform/errors.js';
import { RegulatorDeadline, SupervisedOrganization } from '../../../kit/supervision/supervised-organization.entity.js';
import { openCase } from '../case-workflow/case.service.js';
import { recordIncidentEvent } from '../events/incident-events.js';
import { answerObservedCase } from '../observed-case/observed-case.service.js';
import type { ReportSignature } from '../signature/report-signature.js';
import { verifySubmissionSignature } from '../signature/verify-signature.js';
import { IncidentEventType, IncidentStatus, RevisionKind } from '../vocabulary/incident-vocabulary.js';
import { applyRegulatorReportDuty, applyReportDuty, DutyChange } from './deadlines.js';
import type { IncidentReport } from './incident-report.js';
import { IncidentRevision } from './incident-revision.entity.js';
import { Incident } from './incident.entity.js';
import type { CloseIncidentInput, DataUnavailableNoticeInput, NotifyIncidentInput, SubmitIncidentReportInput } from './incident.input.js';
import { findOwnIncident } from './own-incident.js';
import { dateOf, diffReports, mergeReport } from './report-content.js';
import { assertRules } from './report-rules.js';

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
  applyRegulatorReportDuty(incident);
  const hours = incident.regulatorDeadlineHours;
  incident.regulatorNotificationDueAt = hours == null ? null : new Date(incident.detectedAt.getTime() + hours * HOUR_MS);
}

/** The deadlines of the organization's regulator, as the incident keeps them from its notification on. */
async function regulatorDeadlinesOf(
  em: EntityManager,
  organization: SupervisedOrganization,
): Promise<Pick<Incident, 'regulatorDeadlineHours' | 'regulatorReportDeadlineHours'>> {
  const deadline = organization.regulatorId ? await em.findOne(RegulatorDeadline, { regulatorId: organization.regulatorId }) : null;
  return {
    regulatorDeadlineHours: deadline?.notificationDeadlineHours ?? null,
    regulatorReportDeadlineHours: deadline?.reportDeadlineHours ?? null,
  };
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

/** What a revision records of the submission that made it (and, for a notification, of the incident it started). */
interface SubmissionFacts {
  kind: RevisionKind;
  basedOnRevision: number | null;
  reason: string | null;
  content: IncidentReport;
  continuity?: Continuity;
  followUpOfIncidentId?: string | null;
}

const factsOf = (revision: IncidentRevision): SubmissionFacts => ({
  kind: revision.kind,
  basedOnRevision: revision.basedOnRevision ?? null,
  reason: revision.reason ?? null,
  content: revision.content,
});

/**
 * Every idempotency key's one comparison: a submission sent again under its key is answered with
 * what the first one made, but a different submission under a used key is refused with CONFLICT —
 * never answered as a success while its content is dropped.
 */
function assertSameSubmission(earlier: SubmissionFacts, retried: SubmissionFacts, incident: Incident, revision: number): void {
  if (canonicalJson(earlier) !== canonicalJson(retried)) {
    throw conflict(
      `This idempotencyKey was already used, for revision ${revision} of incident ${incident.id}, with other content: send new content with a new key`,
      {
        incidentId: incident.id,
        revision,
      },
    );
  }
}

/** What every submission is made with. */
export interface SubmissionContext {
  em: EntityManager;
  caller: Caller;
  now: Date;
  /** Brings the copies of the registry (supervision, contacts' keys) up to date. */
  syncRegistry: () => Promise<unknown>;
}

/**
 * The incident an earlier ก1 under the same idempotency key created, or `null` when the key is
 * new; refuses (CONFLICT) a key used before for another notification (see assertSameSubmission).
 */
async function earlierNotification(
  tx: EntityManager,
  input: NotifyIncidentInput,
  organizationId: string,
  content: IncidentReport,
  continuity: Continuity,
): Promise<Incident | null> {
  const existing = await tx.findOne(Incident, { organization: organizationId, idempotencyKey: input.idempotencyKey });
  if (!existing) return null;
  const first = await tx.findOneOrFail(IncidentRevision, { incident: existing, number: 1 });
  assertSameSubmission(
    { ...factsOf(first), continuity: existing.continuity, followUpOfIncidentId: existing.followUpOf?.id ?? null },
    {
      kind: RevisionKind.NOTIFICATION,
      basedOnRevision: null,
      reason: null,
      content,
      continuity,
      followUpOfIncidentId: input.followUpOfIncidentId ?? null,
    },
    existing,
    1,
  );
  return existing;
}

/**
 * The reporting organization from the supervision copy; one registered a moment ago may not have
 * reached the copy yet, so a miss syncs the registry and looks once more before NOT_FOUND.
 */
async function reportingOrganization(
  em: EntityManager,
  organizationId: string,
  syncRegistry: SubmissionContext['syncRegistry'],
): Promise<SupervisedOrganization> {
  const organization = await em.findOne(SupervisedOrganization, { id: organizationId });
  if (organization) return organization;
  await syncRegistry();
  const synced = await em.fork().findOne(SupervisedOrganization, { id: organizationId });
  if (!synced) throw notFound('Organization', organizationId);
  return synced;
}

/**
 * The earlier incident a FOLLOW_UP continues, which must be the same organization's: another
 * organization's incident is NOT_FOUND, as an unknown one. A NEW notification names none.
 */
async function followedUpIncident(
  tx: EntityManager,
  organizationId: string,
  continuity: Continuity,
  followUpOfIncidentId: string | null | undefined,
): Promise<Incident | null> {
  if (continuity !== Continuity.FOLLOW_UP) {
    if (followUpOfIncidentId) {
      throw invalidField(
        'followUpOfIncidentId',
        ProblemCode.NOT_ALLOWED_FOR_CONTINUITY,
        'A NEW incident does not follow up another: set continuity to FOLLOW_UP',
      );
    }
    return null;
  }
  if (!followUpOfIncidentId) {
    throw invalidField('followUpOfIncidentId', ProblemCode.REQUIRED, 'A FOLLOW_UP names the earlier incident in followUpOfIncidentId');
  }
  const earlierId = requireUuid(followUpOfIncidentId, 'followUpOfIncidentId');
  const followUpOf = await tx.findOne(Incident, { id: earlierId, organization: organizationId });
  if (!followUpOf) throw notFound('Incident', earlierId);
  return followUpOf;
}

/** Form ก1. A retry with the same idempotency key returns the incident the first attempt created. */
export async function notifyIncident({ em, caller, now, syncRegistry }: SubmissionContext, input: NotifyIncidentInput): Promise<Incident> {
  const organizationId = requireUuid(input.organizationId, 'organizationId');
  const reporter = reporterFor(caller, organizationId);
  const content = mergeReport({}, input.report);
  const continuity = input.continuity ?? Continuity.NEW;
  const earlier = await earlierNotification(em, input, organizationId, content, continuity);
  if (earlier) return earlier;

  assertRules(RevisionKind.NOTIFICATION, { content, sent: input.report, now });
  const organization = await reportingOrganization(em, organizationId, syncRegistry);
  try {
    return await em.transactional(async (tx) => {
      const followUpOf = await followedUpIncident(tx, organizationId, continuity, input.followUpOfIncidentId);
      const incident = tx.create(Incident, {
        organization: tx.getReference(SupervisedOrganization, organizationId),
        idempotencyKey: input.idempotencyKey,
        continuity,
        followUpOf,
        status: IncidentStatus.NOTIFIED,
        currentRevision: 1,
        ...(await regulatorDeadlinesOf(tx, organization)),
      } as never);
      applyContent(incident, content, now);
      const signature = await verifySubmissionSignature(tx, organizationId, input, now, syncRegistry);
      newRevision(tx, incident, RevisionKind.NOTIFICATION, reporter, now, {}, { idempotencyKey: input.idempotencyKey, signature });
      openCase(tx, incident, now);
      await tx.flush();
      if (input.observedCaseId) await answerObservedCase(tx, input.observedCaseId, incident, now);
      await recordIncidentEvent(tx, IncidentEventType.NOTIFIED, incident, now, { observedCaseId: input.observedCaseId ?? null });
      return incident;
    });
  } catch (error) {
    // The same notification sent twice at once: the second finds the first's incident.
    if (error instanceof UniqueConstraintViolationException) {
      const earlierConcurrent = await earlierNotification(em.fork(), input, organizationId, content, continuity);
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
  /** A data-unavailable notice's reason. */
  reason?: string;
}

/** How one kind of submission about an existing incident changes it. */
interface SubmissionKind<T extends Submission> {
  kind: RevisionKind;
  /** The report fields it sends (omitted: unchanged; null: cleared), or null when it sends none. */
  sent: (input: T) => object | null;
  /** The report as it stands after it. */
  contentAfter: (previous: IncidentReport, input: T) => IncidentReport;
  /** The incident's own columns, before its revision is written. */
  apply: (incident: Incident, content: IncidentReport, now: Date) => void;
  /** Its events and status change, after. */
  announce: (tx: EntityManager, incident: Incident, input: T, now: Date) => Promise<void>;
}

/** What a submission records, to check it against its kind's rules and against an earlier one under its key. */
const factsFor = <T extends Submission>(of: SubmissionKind<T>, input: T, previous: IncidentReport): SubmissionFacts => ({
  kind: of.kind,
  basedOnRevision: input.basedOnRevision,
  reason: input.reason?.trim() ?? null,
  content: of.contentAfter(previous, input),
});

/**
 * Runs one submission about an incident: locks it (revisions of one incident are made one at a
 * time), answers a retry under its idempotency key with what the first made (CONFLICT when it says
 * something else), refuses a stale one with CONFLICT and anything after closing, checks its kind's
 * rules, verifies its signature, then writes the revision.
 */
async function submit<T extends Submission>(
  { em, caller, now, syncRegistry }: SubmissionContext,
  input: T,
  of: SubmissionKind<T>,
): Promise<Incident> {
  return em.transactional(async (tx) => {
    const { incident, reporter } = await findOwnIncident(tx, caller, input.incidentId, {
      lockMode: LockMode.PESSIMISTIC_WRITE,
      populate: ['content'],
    });
    if (input.idempotencyKey) {
      const earlier = await tx.findOne(IncidentRevision, { incident, idempotencyKey: input.idempotencyKey });
      if (earlier) {
        const before = await tx.findOne(IncidentRevision, { incident, number: earlier.number - 1 });
        assertSameSubmission(factsOf(earlier), factsFor(of, input, before?.content ?? {}), incident, earlier.number);
        return incident;
      }
    }
    if (incident.status === IncidentStatus.CLOSED) {
      throw invalidField(
        'incidentId',
        ProblemCode.INCIDENT_CLOSED,
        'The incident is closed; report anything further as a FOLLOW_UP incident',
      );
    }
    if (input.basedOnRevision !== incident.currentRevision) {
      throw conflict(
        `The incident is at revision ${incident.currentRevision}, not ${input.basedOnRevision}: reload it and submit your changes again`,
        { currentRevision: incident.currentRevision },
      );
    }
    const previous = incident.content;
    const facts = factsFor(of, input, previous);
    assertRules(of.kind, { content: facts.content, sent: of.sent(input), now });
    incident.currentRevision += 1;
    const signature = await verifySubmissionSignature(tx, incident.organization.id, input, now, syncRegistry);
    of.apply(incident, facts.content, now);
    newRevision(tx, incident, of.kind, reporter, now, previous, { ...input, reason: facts.reason ?? undefined, signature });
    await tx.flush();
    await of.announce(tx, incident, input, now);
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

/** A report or closing report: its content becomes the incident's, and the ก2 report counts as filed. */
function applyReport(incident: Incident, content: IncidentReport, now: Date): void {
  applyContent(incident, content, now);
  incident.reportFiledAt ??= now;
}

/** A report (form ก2): its fields merged into the report as it stands. */
const REPORT: SubmissionKind<SubmitIncidentReportInput> = {
  kind: RevisionKind.REPORT,
  sent: (input) => input.report,
  contentAfter: (previous, input) => mergeReport(previous, input.report),
  apply: applyReport,
  announce: async (tx, incident, _input, now) => {
    await recordIncidentEvent(tx, IncidentEventType.REPORT_REVISED, incident, now);
    await changeStatus(tx, incident, IncidentStatus.REPORTED, now);
  },
};

/** The closing report: final categories, last changes, and the incident is closed for good. */
const CLOSING_REPORT: SubmissionKind<CloseIncidentInput> = {
  kind: RevisionKind.CLOSING_REPORT,
  sent: (input) => input.report ?? null,
  contentAfter: (previous, input) => {
    const merged = mergeReport(previous, input.report ?? {});
    const situations = new Set(merged.responseSituations ?? []);
    situations.add(ResponseSituation.CLOSING_REPORT_SUBMITTED);
    return mergeReport(merged, { categories: input.finalCategories as ThreatCategory[], responseSituations: [...situations] });
  },
  apply: (incident, content, now) => {
    applyReport(incident, content, now);
    incident.closedAt = now;
  },
  announce: async (tx, incident, _input, now) => {
    await recordIncidentEvent(tx, IncidentEventType.REPORT_REVISED, incident, now);
    await changeStatus(tx, incident, IncidentStatus.CLOSED, now);
    await recordIncidentEvent(tx, IncidentEventType.CLOSED, incident, now, { closedAt: now.toISOString() });
  },
};

/** The Announcement: if the data cannot be provided, say so promptly, with the reason. The report stays as it is. */
const DATA_UNAVAILABLE: SubmissionKind<DataUnavailableNoticeInput> = {
  kind: RevisionKind.DATA_UNAVAILABLE,
  sent: () => null,
  contentAfter: (previous) => previous,
  apply: () => undefined,
  announce: async (tx, incident, input, now) => {
    await recordIncidentEvent(tx, IncidentEventType.DATA_UNAVAILABLE, incident, now, { reason: input.reason.trim() });
  },
};

/** Form ก2, full or partial; every call is a revision. */
export const submitIncidentReport = (context: SubmissionContext, input: SubmitIncidentReportInput): Promise<Incident> =>
  submit(context, input, REPORT);

/** The closing report (clause 5). */
export const closeIncident = (context: SubmissionContext, input: CloseIncidentInput): Promise<Incident> =>
  submit(context, input, CLOSING_REPORT);

/** Tells NCSA and the regulator the report's data cannot be provided, and why. */
export const fileDataUnavailableNotice = (context: SubmissionContext, input: DataUnavailableNoticeInput): Promise<Incident> =>
  submit(context, input, DATA_UNAVAILABLE);
