import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';

import { isNationalCentre, requireUuid, Role, type Caller } from '../../../../platform/caller.js';
import { badUserInput, notFound } from '../../../../platform/errors.js';
import { paginate, type ConnectionShape, type PageArgs } from '../../../kit/connection.js';
import { IncidentStatus } from '../vocabulary/incident-vocabulary.js';
import { Incident } from './incident.entity.js';
import type { IncidentFilter } from './incident.input.js';

/**
 * Row-level scope (SPEC §3), applied in SQL where the data lives: an organization sees its own
 * incidents, a regulator those of the organizations it supervises now, ThaiCERT and NCSA all.
 * The observed cases follow the same scope (see observedCaseScopeOf).
 */
export function scopeOf(caller: Caller): FilterQuery<Incident> {
  if (isNationalCentre(caller)) return {};
  if (caller.role === Role.ORGANIZATION) return { organization: caller.organizationId };
  if (caller.role === Role.REGULATOR) return { organization: { regulatorId: caller.regulatorId } };
  return { id: { $in: [] } };
}

function filterOf(filter: IncidentFilter | undefined, now: Date): FilterQuery<Incident>[] {
  if (!filter) return [];
  const where: FilterQuery<Incident>[] = [];
  if (filter.organizationId) where.push({ organization: requireUuid(filter.organizationId, 'filter.organizationId') });
  if (filter.regulatorId) where.push({ organization: { regulatorId: requireUuid(filter.regulatorId, 'filter.regulatorId') } });
  if (filter.sectorId) where.push({ organization: { sectorId: filter.sectorId } });
  if (filter.severity) where.push({ severity: filter.severity });
  if (filter.category) where.push({ categories: { $contains: [filter.category] } });
  if (filter.status) where.push({ status: filter.status });
  if (filter.open === true) where.push({ status: { $ne: IncidentStatus.CLOSED } });
  if (filter.open === false) where.push({ status: IncidentStatus.CLOSED });
  // As reportOverdue: an incident without the ก2 duty (reportDueAt null) is never overdue.
  if (filter.overdue === true) where.push({ reportFiledAt: null, reportDueAt: { $lte: now } });
  if (filter.overdue === false)
    where.push({ $or: [{ reportFiledAt: { $ne: null } }, { reportDueAt: null }, { reportDueAt: { $gt: now } }] });
  // As regulatorReportOverdue: the ก2 reaches the regulator when it is filed here.
  if (filter.regulatorReportOverdue === true) where.push({ reportFiledAt: null, regulatorReportDueAt: { $lte: now } });
  if (filter.regulatorReportOverdue === false)
    where.push({ $or: [{ reportFiledAt: { $ne: null } }, { regulatorReportDueAt: null }, { regulatorReportDueAt: { $gt: now } }] });
  if (filter.detectedFrom && filter.detectedTo && filter.detectedFrom > filter.detectedTo) {
    throw badUserInput('filter.detectedFrom is after filter.detectedTo');
  }
  if (filter.detectedFrom) where.push({ detectedAt: { $gte: filter.detectedFrom } });
  if (filter.detectedTo) where.push({ detectedAt: { $lte: filter.detectedTo } });
  return where;
}

/** Incidents in the caller's scope, newest detection first. */
export function listIncidents(
  em: EntityManager,
  caller: Caller,
  filter: IncidentFilter | undefined,
  page: PageArgs,
  now: Date,
  extra: FilterQuery<Incident>[] = [],
): Promise<ConnectionShape<Incident>> {
  return paginate(em, Incident, { $and: [scopeOf(caller), ...filterOf(filter, now), ...extra] }, page, {
    detectedAt: 'desc',
    id: 'desc',
  });
}

/**
 * One incident in the caller's scope; one outside it is NOT_FOUND, so its existence does not leak.
 * `argument` names the argument the id came in, for a malformed one.
 */
export async function findIncident(em: EntityManager, caller: Caller, id: string, argument = 'id'): Promise<Incident> {
  const incident = await em.findOne(Incident, { $and: [{ id: requireUuid(id, argument) }, scopeOf(caller)] });
  if (!incident) throw notFound('Incident', id);
  return incident;
}
