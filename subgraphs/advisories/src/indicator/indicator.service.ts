import { LockMode } from '@mikro-orm/core';
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';

import { IndicatorStatus } from '../../../../contracts/advisory-vocabulary.js';
import { isUuid, requireUuid, type Caller, type SignedInCaller } from '../../../../platform/caller.js';
import { badUserInput, conflict, invalidField, notFound, ProblemCode } from '../../../../platform/errors.js';
import { paginate, type ConnectionShape, type PageArgs } from '../../../kit/connection.js';
import { assertVersion } from '../../../kit/record.entity.js';
import { tlpReadableBy } from '../tlp/tlp-scope.js';
import { assertSoundTargets, normalizeTargets } from '../tlp/tlp-targets.js';
import { normalizeIndicatorValue } from './indicator-value.js';
import { Indicator, IndicatorRevision, type IndicatorContent } from './indicator.entity.js';
import type { IndicatorChanges, IndicatorFilter, IndicatorInput } from './indicator.input.js';

const OPTIONAL = ['descriptionTh', 'descriptionEn', 'validUntil', 'firstSeenAt', 'lastSeenAt'] as const;

/** Copies the given fields onto the indicator (null clears an optional one), and normalizes its value. */
function applyChanges(indicator: Indicator, changes: IndicatorChanges): void {
  if (changes.kind) indicator.kind = changes.kind;
  if (changes.value !== undefined && changes.value !== null) indicator.value = changes.value;
  if (changes.tlp) indicator.tlp = changes.tlp;
  if (changes.validFrom) indicator.validFrom = changes.validFrom;
  for (const field of OPTIONAL) {
    const value = changes[field];
    if (value === undefined) continue;
    (indicator as unknown as Record<string, unknown>)[field] = typeof value === 'string' ? value.trim() || null : value;
  }
  if (changes.targetSectorIds) indicator.targetSectorIds = changes.targetSectorIds;
  if (changes.recipientOrganizationIds) indicator.recipientOrganizationIds = changes.recipientOrganizationIds;
  normalizeTargets(indicator);
  const normalized = normalizeIndicatorValue(indicator.kind, indicator.value);
  indicator.value = normalized.value;
  indicator.hashAlgorithm = normalized.hashAlgorithm;
}

/** What an indicator must be: its times in order, and its targets sound. */
async function assertSound(em: EntityManager, indicator: Indicator): Promise<void> {
  if (indicator.validUntil && indicator.validUntil <= indicator.validFrom)
    throw invalidField('validUntil', ProblemCode.CONTRADICTS_OTHER_FIELD, 'validUntil must be later than validFrom');
  if (indicator.firstSeenAt && indicator.lastSeenAt && indicator.lastSeenAt < indicator.firstSeenAt)
    throw invalidField('lastSeenAt', ProblemCode.CONTRADICTS_OTHER_FIELD, 'lastSeenAt must not be before firstSeenAt');
  await assertSoundTargets(em, indicator, 'indicator');
}

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

function contentOf(indicator: Indicator): IndicatorContent {
  return {
    kind: indicator.kind,
    value: indicator.value,
    hashAlgorithm: indicator.hashAlgorithm ?? null,
    tlp: indicator.tlp,
    descriptionTh: indicator.descriptionTh ?? null,
    descriptionEn: indicator.descriptionEn ?? null,
    validFrom: indicator.validFrom.toISOString(),
    validUntil: iso(indicator.validUntil),
    firstSeenAt: iso(indicator.firstSeenAt),
    lastSeenAt: iso(indicator.lastSeenAt),
    targetSectorIds: indicator.targetSectorIds,
    recipientOrganizationIds: indicator.recipientOrganizationIds,
    status: indicator.status,
  };
}

function addRevision(em: EntityManager, indicator: Indicator, by: SignedInCaller, at: Date, summary: string): void {
  em.create(IndicatorRevision, {
    indicator,
    number: indicator.currentRevision,
    date: at,
    summary,
    revisedBy: by.subject,
    content: contentOf(indicator),
  });
}

/** ThaiCERT/NCSA record an indicator seen in an incident; it is shared at once, under its TLP label. */
export function addIndicator(em: EntityManager, caller: SignedInCaller, input: IndicatorInput, now: Date): Promise<Indicator> {
  return em.transactional(async (tx) => {
    const indicator = tx.create(Indicator, {
      incidentId: requireUuid(input.incidentId, 'input.incidentId'),
      affectedOrganizationId: input.affectedOrganizationId
        ? requireUuid(input.affectedOrganizationId, 'input.affectedOrganizationId')
        : null,
      kind: input.kind,
      value: input.value,
      tlp: input.tlp,
      validFrom: input.validFrom ?? now,
      targetSectorIds: [],
      recipientOrganizationIds: [],
      createdBy: caller.subject,
      createdAt: now,
      updatedAt: now,
    });
    applyChanges(indicator, input);
    await assertSound(tx, indicator);
    addRevision(tx, indicator, caller, now, 'Added');
    await tx.flush();
    return indicator;
  });
}

async function lockedIndicator(tx: EntityManager, id: string, expectedVersion: number): Promise<Indicator> {
  const indicator = await tx.findOne(Indicator, { id: requireUuid(id, 'id') }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!indicator) throw notFound('Indicator', id);
  assertVersion(indicator, expectedVersion, 'The indicator');
  return indicator;
}

/** A new revision of an indicator, with what changed; a revoked one stays as it was. */
export function reviseIndicator(
  em: EntityManager,
  caller: SignedInCaller,
  id: string,
  expectedVersion: number,
  changes: IndicatorChanges,
  changeSummary: string,
  now: Date,
): Promise<Indicator> {
  return em.transactional(async (tx) => {
    const indicator = await lockedIndicator(tx, id, expectedVersion);
    if (indicator.status === IndicatorStatus.REVOKED) throw badUserInput('A revoked indicator cannot be revised; add a new one');
    applyChanges(indicator, changes);
    await assertSound(tx, indicator);
    indicator.currentRevision += 1;
    indicator.updatedAt = now;
    addRevision(tx, indicator, caller, now, changeSummary.trim());
    await tx.flush();
    return indicator;
  });
}

/** Revokes an indicator (it was wrong, or no longer to be acted on): kept, and shared as revoked. */
export function revokeIndicator(
  em: EntityManager,
  caller: SignedInCaller,
  id: string,
  expectedVersion: number,
  reason: string,
  now: Date,
): Promise<Indicator> {
  return em.transactional(async (tx) => {
    const indicator = await lockedIndicator(tx, id, expectedVersion);
    if (indicator.status === IndicatorStatus.REVOKED) throw conflict('The indicator is already revoked');
    indicator.status = IndicatorStatus.REVOKED;
    indicator.revokedAt = now;
    indicator.revocationReason = reason.trim();
    indicator.currentRevision += 1;
    indicator.updatedAt = now;
    addRevision(tx, indicator, caller, now, `Revoked: ${reason.trim()}`);
    await tx.flush();
    return indicator;
  });
}

/** Indicators the caller may read under TLP, newest first. */
export async function listIndicators(
  em: EntityManager,
  caller: Caller,
  filter: IndicatorFilter | undefined,
  page: PageArgs,
): Promise<ConnectionShape<Indicator>> {
  const where: FilterQuery<Indicator>[] = [await tlpReadableBy<Indicator>(em, caller)];
  if (filter?.incidentId) where.push({ incidentId: requireUuid(filter.incidentId, 'filter.incidentId') });
  if (filter?.kind) where.push({ kind: filter.kind });
  if (filter?.value?.trim())
    where.push({ value: filter.kind ? normalizeIndicatorValue(filter.kind, filter.value).value : filter.value.trim() });
  if (filter?.tlp) where.push({ tlp: filter.tlp });
  if (filter?.status) where.push({ status: filter.status });
  return paginate(em, Indicator, { $and: where }, page, { createdAt: 'desc', id: 'desc' });
}

export async function findIndicator(em: EntityManager, caller: Caller, id: string): Promise<Indicator> {
  const indicator = await em.findOne(Indicator, { $and: [{ id: requireUuid(id, 'id') }, await tlpReadableBy<Indicator>(em, caller)] });
  if (!indicator) throw notFound('Indicator', id);
  return indicator;
}

/** An incident's indicators the caller may read, oldest first; batched per request. */
export function indicatorsByIncidentLoader(em: EntityManager, caller: Caller): DataLoader<string, Indicator[]> {
  return new DataLoader(async (keys) => {
    const incidentIds = keys.filter(isUuid);
    const indicators = await em.find(
      Indicator,
      { $and: [{ incidentId: { $in: [...incidentIds] } }, await tlpReadableBy<Indicator>(em, caller)] },
      { orderBy: { createdAt: 'asc', id: 'asc' } },
    );
    return keys.map((id) => indicators.filter((indicator) => indicator.incidentId === id));
  });
}
