import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';

import { sameNames } from '../../../../contracts/feeds/feed-contract.js';
import type { HandlingFeedStatus } from '../../../../contracts/feeds/incident-feed.js';
import { requireUuid, type SignedInCaller } from '../../../../platform/caller.js';
import { conflict, invalidField, notFound, ProblemCode } from '../../../../platform/errors.js';
import { paginate, type ConnectionShape, type PageArgs } from '../../../kit/connection.js';
import { assertVersion } from '../../../kit/record.entity.js';
import { recordIncidentEvent } from '../events/incident-events.js';
import type { Incident } from '../incident/incident.entity.js';
import { CaseTransitionKind, HandlingStatus, IncidentEventType } from '../vocabulary/incident-vocabulary.js';
import { CaseTransition, IncidentCase } from './incident-case.entity.js';

// The feed carries the handling status as the contract names it.
sameNames<`${HandlingStatus}`, HandlingFeedStatus>(true);

/** The event types of the case workflow: ThaiCERT and NCSA receive them, organizations and regulators never. */
export const CASE_EVENT_TYPES: ReadonlySet<string> = new Set([IncidentEventType.CASE_ASSIGNED, IncidentEventType.CASE_STATUS_CHANGED]);

/** Where a case may go next. A resolved case can be reopened, when the organization reports more. */
const NEXT: Record<HandlingStatus, readonly HandlingStatus[]> = {
  [HandlingStatus.TRIAGE]: [HandlingStatus.IN_PROGRESS, HandlingStatus.WAITING_FOR_ORGANIZATION, HandlingStatus.RESOLVED],
  [HandlingStatus.IN_PROGRESS]: [HandlingStatus.WAITING_FOR_ORGANIZATION, HandlingStatus.RESOLVED],
  [HandlingStatus.WAITING_FOR_ORGANIZATION]: [HandlingStatus.IN_PROGRESS, HandlingStatus.RESOLVED],
  [HandlingStatus.RESOLVED]: [HandlingStatus.IN_PROGRESS],
};

/** Opens the case of a newly notified incident, in the notification's transaction: in triage, unassigned. */
export function openCase(em: EntityManager, incident: Incident, now: Date): IncidentCase {
  return em.create(IncidentCase, { id: incident.id, incident, statusSince: now, reportedAt: now });
}

async function caseToChange(em: EntityManager, incidentId: string, expectedVersion: number): Promise<IncidentCase> {
  const id = requireUuid(incidentId, 'incidentId');
  const found = await em.findOne(IncidentCase, { id }, { populate: ['incident'] });
  if (!found) throw notFound('Incident', id);
  assertVersion(found, expectedVersion, 'The case');
  return found;
}

/** Records a step of the case's history with who and when, then applies it. */
function step(
  em: EntityManager,
  incidentCase: IncidentCase,
  by: SignedInCaller,
  now: Date,
  kind: CaseTransitionKind,
  to: { assignee: string | null; status: HandlingStatus },
): void {
  em.create(CaseTransition, {
    incidentCase,
    kind,
    by: by.subject,
    at: now,
    fromStatus: incidentCase.status,
    toStatus: to.status,
    fromAssignee: incidentCase.assignee,
    toAssignee: to.assignee,
  });
  if (to.status !== incidentCase.status) incidentCase.statusSince = now;
  Object.assign(incidentCase, to);
}

/** Assigns the case to an analyst (`assignee` the subject of a ThaiCERT/NCSA token), or with null takes it off whoever had it. */
export function assignCase(
  em: EntityManager,
  caller: SignedInCaller,
  incidentId: string,
  assignee: string | null,
  expectedVersion: number,
  now: Date,
): Promise<IncidentCase> {
  return em.transactional(async (tx) => {
    const incidentCase = await caseToChange(tx, incidentId, expectedVersion);
    const previousAssignee = incidentCase.assignee;
    const to = assignee?.trim() || null;
    if (to === previousAssignee)
      throw conflict(to ? `The case is already assigned to ${to}` : 'The case is not assigned', { assignee: to });
    step(tx, incidentCase, caller, now, to ? CaseTransitionKind.ASSIGNED : CaseTransitionKind.UNASSIGNED, {
      assignee: to,
      status: incidentCase.status,
    });
    await tx.flush();
    await recordIncidentEvent(tx, IncidentEventType.CASE_ASSIGNED, incidentCase.incident, now, { assignee: to, previousAssignee });
    return incidentCase;
  });
}

/** Moves the case to another handling status; one the case cannot go to from where it stands is CONFLICT. */
export function changeCaseStatus(
  em: EntityManager,
  caller: SignedInCaller,
  incidentId: string,
  status: HandlingStatus,
  expectedVersion: number,
  now: Date,
): Promise<IncidentCase> {
  return em.transactional(async (tx) => {
    const incidentCase = await caseToChange(tx, incidentId, expectedVersion);
    const previous = incidentCase.status;
    if (!NEXT[previous].includes(status)) {
      throw conflict(`A case cannot go from ${previous} to ${status}`, { status: previous, allowed: NEXT[previous] });
    }
    step(tx, incidentCase, caller, now, CaseTransitionKind.STATUS_CHANGED, { assignee: incidentCase.assignee, status });
    await tx.flush();
    await recordIncidentEvent(tx, IncidentEventType.CASE_STATUS_CHANGED, incidentCase.incident, now, {
      handlingStatus: status,
      previousHandlingStatus: previous,
    });
    return incidentCase;
  });
}

/** What the national list can be narrowed to: an analyst's queue, the unassigned queue, a status. */
export interface CaseFilter {
  assignee?: string | null;
  unassigned?: boolean | null;
  status?: HandlingStatus | null;
}

function whereOf(filter: CaseFilter | undefined): FilterQuery<IncidentCase> {
  if (!filter) return {};
  if (filter.assignee && filter.unassigned)
    throw invalidField('filter', ProblemCode.CONTRADICTS_OTHER_FIELD, 'filter: give assignee or unassigned: true, not both');
  const where: FilterQuery<IncidentCase>[] = [];
  if (filter.assignee) where.push({ assignee: filter.assignee.trim() });
  if (filter.unassigned === true) where.push({ assignee: null });
  if (filter.unassigned === false) where.push({ assignee: { $ne: null } });
  if (filter.status) where.push({ status: filter.status });
  return { $and: where };
}

/** Every incident's case, the oldest report first, as a queue is worked. */
export function listCases(em: EntityManager, filter: CaseFilter | undefined, page: PageArgs): Promise<ConnectionShape<IncidentCase>> {
  return paginate(em, IncidentCase, whereOf(filter), page, { reportedAt: 'asc', id: 'asc' });
}

export async function findCase(em: EntityManager, id: string): Promise<IncidentCase> {
  const found = await em.findOne(IncidentCase, { id: requireUuid(id, 'id') });
  if (!found) throw notFound('IncidentCase', id);
  return found;
}

/** A case's history, oldest first. */
export function listTransitions(em: EntityManager, caseId: string, page: PageArgs): Promise<ConnectionShape<CaseTransition>> {
  return paginate(em, CaseTransition, { incidentCase: caseId }, page, { at: 'asc', id: 'asc' });
}
