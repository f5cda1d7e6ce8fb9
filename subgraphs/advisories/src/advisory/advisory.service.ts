import { LockMode } from '@mikro-orm/core';
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';

import { AdvisoryEventType, AdvisoryStatus, Tlp } from '../../../../contracts/advisory-vocabulary.js';
import { requireUuid, Role, type Caller, type SignedInCaller } from '../../../../platform/caller.js';
import { badUserInput, conflict, forbidden, invalidField, notFound, ProblemCode } from '../../../../platform/errors.js';
import { inBangkok } from '../../../kit/bangkok-time.js';
import { paginate, type ConnectionShape, type PageArgs } from '../../../kit/connection.js';
import { assertVersion } from '../../../kit/record.entity.js';
import { SupervisedOrganization } from '../../../kit/supervision/supervised-organization.entity.js';
import { recordAdvisoryEvent } from '../events/advisory-events.js';
import { assertSoundTargets, normalizeTargets } from '../tlp/tlp-targets.js';
import { CONTENT_FIELDS, type AdvisoryContent } from './advisory-content.js';
import { Acknowledgment, AdvisoryRevision } from './advisory-records.entity.js';
import { addressedTo, readableBy, RELEASED } from './advisory-scope.js';
import { Advisory } from './advisory.entity.js';
import type { AdvisoryFilter, AdvisoryInput } from './advisory.input.js';
import { scoreCvss } from './cvss.js';

const REQUIRED_TEXT = ['titleTh', 'titleEn', 'summaryTh', 'summaryEn', 'recommendationsTh', 'recommendationsEn'] as const;

/**
 * Copies the given fields of an input onto the advisory, and keeps what derives from them.
 * `null` clears a field: a list (always an array on the advisory) becomes empty; a required one
 * is then refused by {@link assertSound}.
 */
function applyContent(advisory: Advisory, input: AdvisoryInput): void {
  const fields = advisory as unknown as Record<string, unknown>;
  for (const field of CONTENT_FIELDS) {
    const value = input[field as keyof AdvisoryInput];
    if (value === undefined) continue;
    const cleared = value === null && Array.isArray(fields[field]) ? [] : value;
    fields[field] = typeof cleared === 'string' ? cleared.trim() : cleared;
  }
  advisory.cveIds = [...new Set(advisory.cveIds)];
  normalizeTargets(advisory);
  advisory.productTerms = [...new Set(advisory.affectedProducts.flatMap((p) => [p.vendor.toLowerCase(), p.product.toLowerCase()]))];
  const cvss = advisory.cvssVector ? scoreCvss(advisory.cvssVector) : null;
  advisory.cvssVector = cvss?.vector ?? null;
  advisory.cvssBaseScore = cvss?.baseScore ?? null;
  advisory.cvssSeverity = cvss?.severity ?? null;
}

/** What an advisory must be to exist at all, and to be published. */
async function assertSound(em: EntityManager, advisory: Advisory): Promise<void> {
  if (!advisory.tlp) throw invalidField('tlp', ProblemCode.REQUIRED, 'tlp is required');
  for (const field of REQUIRED_TEXT) {
    if (!advisory[field]?.trim()) throw invalidField(field, ProblemCode.REQUIRED, `${field} is required`);
  }
  await assertSoundTargets(em, advisory, 'advisory');
}

function contentOf(advisory: Advisory): AdvisoryContent {
  return Object.fromEntries(CONTENT_FIELDS.map((field) => [field, advisory[field]])) as unknown as AdvisoryContent;
}

function addRevision(em: EntityManager, advisory: Advisory, by: SignedInCaller, at: Date, summary: string): void {
  em.create(AdvisoryRevision, {
    advisory,
    number: advisory.currentRevision,
    status: advisory.status,
    date: at,
    summary,
    revisedBy: by.subject,
    content: contentOf(advisory),
  });
}

/** ThaiCERT/NCSA start an advisory as a draft: only they see it until it is published. */
export function draftAdvisory(em: EntityManager, caller: SignedInCaller, input: AdvisoryInput): Promise<Advisory> {
  return em.transactional(async (tx) => {
    const advisory = tx.create(Advisory, { tlp: input.tlp ?? Tlp.AMBER, createdBy: caller.subject } as never);
    applyContent(advisory, input);
    await assertSound(tx, advisory);
    await tx.flush();
    return advisory;
  });
}

async function lockedAdvisory(tx: EntityManager, id: string, expectedVersion: number): Promise<Advisory> {
  const advisory = await tx.findOne(Advisory, { id: requireUuid(id, 'id') }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!advisory) throw notFound('Advisory', id);
  assertVersion(advisory, expectedVersion, 'The advisory');
  return advisory;
}

/** The next identifier of a year, TH-CERT-2026-0001 onwards: the counter row stays locked until commit, so numbers have no gaps. */
async function nextIdentifier(tx: EntityManager, at: Date): Promise<string> {
  const year = Number(inBangkok(at).slice(0, 4));
  const [row] = await tx.getConnection().execute<{ last: number }[]>(
    `insert into "advisories"."advisory_identifier_counter" ("year", "last") values (?, 1)
     on conflict ("year") do update set "last" = "advisory_identifier_counter"."last" + 1 returning "last"`,
    [year],
    'all',
    tx.getTransactionContext(),
  );
  return `TH-CERT-${year}-${String(row!.last).padStart(4, '0')}`;
}

export function publishAdvisory(
  em: EntityManager,
  caller: SignedInCaller,
  id: string,
  expectedVersion: number,
  now: Date,
): Promise<Advisory> {
  return em.transactional(async (tx) => {
    const advisory = await lockedAdvisory(tx, id, expectedVersion);
    if (advisory.status === AdvisoryStatus.WITHDRAWN) throw badUserInput('A withdrawn advisory cannot be published again; draft a new one');
    if (advisory.status !== AdvisoryStatus.DRAFT) throw conflict(`The advisory is already published as ${advisory.identifier}`);
    await assertSound(tx, advisory);
    advisory.identifier = await nextIdentifier(tx, now);
    advisory.status = AdvisoryStatus.PUBLISHED;
    advisory.publishedAt = now;
    advisory.lastRevisedAt = now;
    advisory.currentRevision = 1;
    addRevision(tx, advisory, caller, now, 'Initial publication');
    await tx.flush();
    await recordAdvisoryEvent(tx, AdvisoryEventType.PUBLISHED, advisory, now);
    return advisory;
  });
}

/** Edits a draft in place; a published advisory gets a new revision, with what changed. */
export function reviseAdvisory(
  em: EntityManager,
  caller: SignedInCaller,
  id: string,
  expectedVersion: number,
  input: AdvisoryInput,
  changeSummary: string | undefined,
  now: Date,
): Promise<Advisory> {
  return em.transactional(async (tx) => {
    const advisory = await lockedAdvisory(tx, id, expectedVersion);
    if (advisory.status === AdvisoryStatus.WITHDRAWN) throw badUserInput('A withdrawn advisory cannot be revised');
    const published = advisory.status !== AdvisoryStatus.DRAFT;
    if (published && !changeSummary?.trim())
      throw invalidField('changeSummary', ProblemCode.REQUIRED, 'changeSummary: say what changed, for the revision history');
    applyContent(advisory, input);
    await assertSound(tx, advisory);
    if (published) {
      advisory.status = AdvisoryStatus.UPDATED;
      advisory.currentRevision += 1;
      advisory.lastRevisedAt = now;
      addRevision(tx, advisory, caller, now, changeSummary!.trim());
    }
    await tx.flush();
    if (published) await recordAdvisoryEvent(tx, AdvisoryEventType.UPDATED, advisory, now, { changeSummary: changeSummary!.trim() });
    return advisory;
  });
}

export function withdrawAdvisory(
  em: EntityManager,
  caller: SignedInCaller,
  id: string,
  expectedVersion: number,
  reason: string,
  now: Date,
): Promise<Advisory> {
  return em.transactional(async (tx) => {
    const advisory = await lockedAdvisory(tx, id, expectedVersion);
    if (advisory.status === AdvisoryStatus.DRAFT) throw badUserInput('A draft was never published, so it cannot be withdrawn');
    if (advisory.status === AdvisoryStatus.WITHDRAWN) throw conflict('The advisory is already withdrawn');
    advisory.status = AdvisoryStatus.WITHDRAWN;
    advisory.withdrawnAt = now;
    advisory.withdrawalReason = reason.trim();
    advisory.currentRevision += 1;
    advisory.lastRevisedAt = now;
    addRevision(tx, advisory, caller, now, `Withdrawn: ${reason.trim()}`);
    await tx.flush();
    await recordAdvisoryEvent(tx, AdvisoryEventType.WITHDRAWN, advisory, now, { reason: reason.trim() });
    return advisory;
  });
}

/** An organization confirms it received an advisory addressed to it; asking twice changes nothing. */
export async function acknowledgeAdvisory(em: EntityManager, caller: Caller, id: string, now: Date): Promise<Acknowledgment> {
  if (caller.role !== Role.ORGANIZATION) throw forbidden('Organizations acknowledge advisories addressed to them');
  const sectorId = (await em.findOne(SupervisedOrganization, { id: caller.organizationId }))?.sectorId;
  return em.transactional(async (tx) => {
    const advisory = await tx.findOne(Advisory, { $and: [{ id: requireUuid(id, 'advisoryId') }, await readableBy(tx, caller)] });
    if (!advisory) throw notFound('Advisory', id);
    if (advisory.status === AdvisoryStatus.WITHDRAWN) throw badUserInput('The advisory was withdrawn');
    const addressed = await tx.count(Advisory, { $and: [{ id: advisory.id }, addressedTo(caller.organizationId, sectorId)] });
    if (addressed === 0) throw badUserInput('The advisory is not addressed to your organization');
    const earlier = await tx.findOne(Acknowledgment, { advisory, organizationId: caller.organizationId });
    if (earlier) return earlier;
    const acknowledgment = tx.create(Acknowledgment, {
      advisory,
      organizationId: caller.organizationId,
      acknowledgedBy: caller.subject,
      acknowledgedAt: now,
    });
    await tx.flush();
    await recordAdvisoryEvent(tx, AdvisoryEventType.ACKNOWLEDGED, advisory, now, { organizationId: caller.organizationId });
    return acknowledgment;
  });
}

const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Advisories the caller may read (TLP), newest first. */
export async function listAdvisories(
  em: EntityManager,
  caller: Caller,
  filter: AdvisoryFilter | undefined,
  page: PageArgs,
  extra: FilterQuery<Advisory>[] = [],
): Promise<ConnectionShape<Advisory>> {
  const where: FilterQuery<Advisory>[] = [await readableBy(em, caller), ...extra];
  if (filter?.cveId) where.push({ cveIds: { $contains: [filter.cveId] } });
  if (filter?.product?.trim()) {
    const term = filter.product.trim().toLowerCase();
    where.push({ $or: [{ productTerms: { $contains: [term] } }, { titleEn: { $ilike: likePattern(term) } }] });
  }
  if (filter?.sectorId) where.push({ $or: [{ targetSectorIds: { $eq: [] } }, { targetSectorIds: { $contains: [filter.sectorId] } }] });
  if (filter?.tlp) where.push({ tlp: filter.tlp });
  if (filter?.status) where.push({ status: filter.status });
  if (filter?.publishedFrom) where.push({ publishedAt: { $gte: filter.publishedFrom } });
  if (filter?.publishedTo) where.push({ publishedAt: { $lte: filter.publishedTo } });
  return paginate(em, Advisory, { $and: where }, page, { createdAt: 'desc', id: 'desc' });
}

export async function findAdvisory(em: EntityManager, caller: Caller, id: string): Promise<Advisory> {
  const advisory = await em.findOne(Advisory, { $and: [{ id: requireUuid(id, 'id') }, await readableBy(em, caller)] });
  if (!advisory) throw notFound('Advisory', id);
  return advisory;
}

/**
 * Advisories sharing a CVE id with an incident, as far as the caller may read them. Batched per
 * request: a page of incidents costs one scope lookup and one query, whatever its size.
 */
export function relatedAdvisoriesLoader(em: EntityManager, caller: Caller): DataLoader<readonly string[], Advisory[], string> {
  return new DataLoader(
    async (cveSets) => {
      const cveIds = [...new Set(cveSets.flat())];
      if (cveIds.length === 0) return cveSets.map(() => []);
      const advisories = await em.find(
        Advisory,
        { $and: [{ cveIds: { $overlap: cveIds }, status: { $in: RELEASED } }, await readableBy(em, caller)] },
        {
          orderBy: { publishedAt: 'desc', id: 'desc' },
        },
      );
      return cveSets.map((set) => advisories.filter((advisory) => advisory.cveIds.some((cve) => set.includes(cve))));
    },
    { cacheKeyFn: (set) => [...set].sort().join(' ') },
  );
}
