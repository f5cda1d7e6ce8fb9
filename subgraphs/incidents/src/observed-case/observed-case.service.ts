import { LockMode } from '@mikro-orm/core';
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';

import { isNationalCentre, requireUuid, type Caller, type SignedInCaller } from '../../../../platform/caller.js';
import { conflict, forbidden, invalidField, notFound, ProblemCode } from '../../../../platform/errors.js';
import { paginate, type ConnectionShape, type PageArgs } from '../../../kit/connection.js';
import { SupervisedOrganization } from '../../../kit/supervision/supervised-organization.entity.js';
import { recordObservedCaseEvent } from '../events/incident-events.js';
import { scopeOf } from '../incident/incident-query.service.js';
import type { Incident } from '../incident/incident.entity.js';
import { ObservedCase } from './observed-case.entity.js';
import type { ObservedCaseFilter, RecordObservedIncidentInput } from './observed-case.input.js';

/**
 * ThaiCERT (or NCSA) records a threat it observed at a registered organization. Unlike a
 * notification it creates no incident, so no deadline of the organization starts and no figure
 * counts it as the organization's report; the OBSERVED event tells the organization and its
 * regulator at once and asks the organization to notify.
 */
export async function recordObservedIncident(
  em: EntityManager,
  caller: SignedInCaller,
  input: RecordObservedIncidentInput,
  now: Date,
  syncRegistry: () => Promise<unknown>,
): Promise<ObservedCase> {
  if (!isNationalCentre(caller)) throw forbidden('Only ThaiCERT and NCSA record what they observed');
  const organizationId = requireUuid(input.organizationId, 'input.organizationId');
  if (input.observedAt > now) throw invalidField('input.observedAt', ProblemCode.IN_THE_FUTURE, 'observedAt is in the future');
  if (!(await em.findOne(SupervisedOrganization, { id: organizationId }))) {
    await syncRegistry(); // registered a moment ago
    if (!(await em.fork().findOne(SupervisedOrganization, { id: organizationId }))) throw notFound('Organization', organizationId);
  }
  return em.transactional(async (tx) => {
    const observed = tx.create(ObservedCase, {
      organization: tx.getReference(SupervisedOrganization, organizationId),
      observedAt: input.observedAt,
      whatWasSeen: input.whatWasSeen.trim(),
      threatCategory: input.threatCategory ?? null,
      level: input.level ?? null,
      recordedAt: now,
      recordedBy: caller.subject,
    });
    await tx.flush();
    await recordObservedCaseEvent(
      tx,
      {
        observedCaseId: observed.id,
        organizationId,
        observedAt: observed.observedAt.toISOString(),
        severity: observed.level ?? null,
        categories: observed.threatCategory ? [observed.threatCategory] : [],
      },
      now,
    );
    return observed;
  });
}

/**
 * Links the organization's notification to the case ThaiCERT observed there, inside the
 * notification's transaction. Another organization's case is NOT_FOUND, as an unknown one; a
 * case already answered is CONFLICT.
 */
export async function answerObservedCase(tx: EntityManager, observedCaseId: string, notification: Incident, now: Date): Promise<void> {
  const id = requireUuid(observedCaseId, 'input.observedCaseId');
  const observed = await tx.findOne(
    ObservedCase,
    { id, organization: notification.organization.id },
    { lockMode: LockMode.PESSIMISTIC_WRITE },
  );
  if (!observed) throw notFound('ObservedCase', id);
  if (observed.notification) {
    throw conflict('This observed case is already answered by another notification', {
      observedCaseId: id,
      incidentId: observed.notification.id,
    });
  }
  observed.notification = notification;
  observed.notifiedAt = now;
}

/** The incidents' row scope (SPEC §3): it names only `organization`, which an observed case has as an incident does. */
export const observedCaseScopeOf = (caller: Caller): FilterQuery<ObservedCase> => scopeOf(caller) as FilterQuery<ObservedCase>;

function filterOf(filter: ObservedCaseFilter | undefined): FilterQuery<ObservedCase>[] {
  const where: FilterQuery<ObservedCase>[] = [];
  if (filter?.organizationId) where.push({ organization: requireUuid(filter.organizationId, 'filter.organizationId') });
  if (filter?.notificationPending === true) where.push({ notification: null });
  if (filter?.notificationPending === false) where.push({ notification: { $ne: null } });
  return where;
}

/** Observed cases in the caller's scope (as incidents are), newest observation first. */
export function listObservedCases(
  em: EntityManager,
  caller: Caller,
  filter: ObservedCaseFilter | undefined,
  page: PageArgs,
): Promise<ConnectionShape<ObservedCase>> {
  return paginate(em, ObservedCase, { $and: [observedCaseScopeOf(caller), ...filterOf(filter)] }, page, {
    observedAt: 'desc',
    id: 'desc',
  });
}

/** The observed case a notification answers, if any (the caller already reads the notification). */
export function observedCaseAnsweredBy(em: EntityManager, incidentId: string): Promise<ObservedCase | null> {
  return em.findOne(ObservedCase, { notification: incidentId });
}
