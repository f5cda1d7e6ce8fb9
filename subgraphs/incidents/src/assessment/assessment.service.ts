import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

import { requireUuid, type SignedInCaller } from '../../../../platform/caller.js';
import { conflict, invalidField, notFound, ProblemCode } from '../../../../platform/errors.js';
import { recordIncidentEvent } from '../events/incident-events.js';
import { applyRegulatorReportDuty, applyReportDuty, DutyChange } from '../incident/deadlines.js';
import { Incident } from '../incident/incident.entity.js';
import type { AssessIncidentSeverityInput } from '../incident/incident.input.js';
import { IncidentEventType } from '../vocabulary/incident-vocabulary.js';
import { AnalystNote, SeverityAssessment } from './severity-assessment.entity.js';

/**
 * The incident, locked for the change: other writers of the row (the reporter's revisions, the
 * deadline watcher) wait or skip it instead of colliding on its version.
 */
async function incidentOf(em: EntityManager, id: string): Promise<Incident> {
  const incident = await em.findOne(Incident, { id: requireUuid(id, 'incidentId') }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!incident) throw notFound('Incident', id);
  return incident;
}

/**
 * ThaiCERT 2.2: keep the reported level, add the assessed one with who, when, why and what to do.
 * The assessed level is the effective one from now on, so the ก2 duty follows it (clause 5).
 */
export function assessIncidentSeverity(
  em: EntityManager,
  caller: SignedInCaller,
  input: AssessIncidentSeverityInput,
  now: Date,
): Promise<Incident> {
  return em.transactional(async (tx) => {
    const incident = await incidentOf(tx, input.incidentId);
    tx.create(SeverityAssessment, {
      incident,
      severity: input.severity,
      reason: input.reason.trim(),
      recommendations: input.recommendations.trim(),
      assessedBy: caller.subject,
      assessedAt: now,
    });
    incident.assessedSeverity = input.severity;
    incident.severity = input.severity;
    applyReportDuty(incident, DutyChange.ASSESSMENT, now);
    applyRegulatorReportDuty(incident);
    await tx.flush();
    await recordIncidentEvent(tx, IncidentEventType.SEVERITY_ASSESSED, incident, now, { assessedSeverity: input.severity });
    return incident;
  });
}

/** NCSA's reference number (หมายเลขอ้างอิง): unique, and given once. */
const REFERENCE_NUMBER = /^[A-Z0-9][A-Z0-9/-]{2,59}$/;

export function assignReferenceNumber(em: EntityManager, incidentId: string, referenceNumber: string, now: Date): Promise<Incident> {
  const reference = referenceNumber.trim().toUpperCase();
  if (!REFERENCE_NUMBER.test(reference)) {
    throw invalidField('referenceNumber', ProblemCode.BAD_FORMAT, 'referenceNumber: 3–60 letters, digits, / or -, e.g. NCSA-2026-000123');
  }
  return em.transactional(async (tx) => {
    const incident = await incidentOf(tx, incidentId);
    if (incident.referenceNumber) {
      throw conflict(`The incident already has the reference number ${incident.referenceNumber}`, {
        referenceNumber: incident.referenceNumber,
      });
    }
    if ((await tx.count(Incident, { referenceNumber: reference })) > 0) {
      throw conflict(`The reference number ${reference} is already assigned to another incident`);
    }
    incident.referenceNumber = reference;
    await tx.flush();
    await recordIncidentEvent(tx, IncidentEventType.REFERENCE_ASSIGNED, incident, now, { referenceNumber: reference });
    return incident;
  });
}

export function addAnalystNote(
  em: EntityManager,
  caller: SignedInCaller,
  incidentId: string,
  text: string,
  now: Date,
): Promise<AnalystNote> {
  return em.transactional(async (tx) => {
    const incident = await incidentOf(tx, incidentId);
    const note = tx.create(AnalystNote, { incident, text: text.trim(), author: caller.subject, writtenAt: now });
    await tx.flush();
    return note;
  });
}
