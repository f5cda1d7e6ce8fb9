import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

import { AnnualSummaryStatus } from '../../../../contracts/form-vocabulary.js';
import { isNationalCentre, isSignedIn, isUuid, requireUuid, Role, type Caller, type SignedInCaller } from '../../../../platform/caller.js';
import { badUserInput, conflict, forbidden, invalidField, notFound, ProblemCode } from '../../../../platform/errors.js';
import { bangkokYear, inBangkok } from '../../../kit/bangkok-time.js';
import { assertGregorianYear } from '../../../kit/gregorian-year.js';
import { RegulatorDeadline, SupervisedOrganization } from '../../../kit/supervision/supervised-organization.entity.js';
import { OrganizationRef, RegulatorRef } from '../federation/references.js';
import { AnnualSummaryFiling } from './annual-summary-filing.entity.js';
import { summaryDueAt, summaryLate } from './annual-summary.deadline.js';
import { AnnualSummary } from './annual-summary.entity.js';
import { computeFigures, type AnnualSummaryFigures } from './annual-summary.figures.js';
import { AnnualSummarySubmission, AnnualSummaryView, type Reporter } from './annual-summary.types.js';

/** The first year reports are due under the Cybersecurity Act 2019. */
const FIRST_YEAR = 2019;

/**
 * The most submissions a summary can have: the first and 19 amendments. It keeps `filings` a short
 * list that needs no paging; a summary amended more often than this is a matter for NCSA, not the API.
 */
export const MAX_FILINGS = 20;

export function reporterOf(args: { regulatorId?: string | null; organizationId?: string | null }): Reporter {
  if (!!args.regulatorId === !!args.organizationId)
    throw badUserInput('Give either regulatorId or organizationId (a government agency’s own summary)');
  return args.regulatorId
    ? { regulatorId: requireUuid(args.regulatorId, 'regulatorId') }
    : { organizationId: requireUuid(args.organizationId!, 'organizationId') };
}

/** A year the graph has figures for: Gregorian (a Buddhist-era one is refused as such), from the Act's year to this one. */
export function assertYear(year: number, now: Date): void {
  assertGregorianYear(year, now);
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > bangkokYear(now)) {
    throw invalidField('year', ProblemCode.YEAR_OUT_OF_RANGE, `year must be from ${FIRST_YEAR} to ${bangkokYear(now)}`);
  }
}

/**
 * Whether the caller is the summary's reporter: its regulator, or a government agency for its own.
 * A CII organization has no summary of its own (SPEC §3): it is counted in its regulator's.
 */
async function isReporter(em: EntityManager, caller: Caller, reporter: Reporter): Promise<boolean> {
  if (caller.role === Role.REGULATOR) return 'regulatorId' in reporter && reporter.regulatorId === caller.regulatorId;
  if (caller.role !== Role.ORGANIZATION || !('organizationId' in reporter) || reporter.organizationId !== caller.organizationId)
    return false;
  return (await em.findOne(SupervisedOrganization, { id: caller.organizationId }))?.kind === 'GOVERNMENT_AGENCY';
}

/** ThaiCERT and NCSA read every summary, its reporter its own; anyone else, a CII organization too, is refused alike. */
async function assertMayRead(em: EntityManager, caller: Caller, reporter: Reporter): Promise<void> {
  if (isNationalCentre(caller) || (await isReporter(em, caller, reporter))) return;
  throw forbidden('An annual summary is for its regulator (or a government agency, its own), ThaiCERT and NCSA');
}

/** Only the reporter itself files its summary. */
async function assertMayFile(em: EntityManager, caller: Caller, reporter: Reporter): Promise<SignedInCaller> {
  if (isSignedIn(caller) && (await isReporter(em, caller, reporter))) return caller;
  throw forbidden('Only the regulator (or a government agency, for its own) files its annual summary');
}

const columns = (reporter: Reporter) =>
  'regulatorId' in reporter
    ? { regulatorId: reporter.regulatorId, organizationId: null }
    : { regulatorId: null, organizationId: reporter.organizationId };

/** The summary's id; one as of an earlier submission carries its number (`@<n>`), so the gateway comes back to that one. */
const summaryId = (year: number, reporter: Reporter, filing?: number | null) =>
  ('regulatorId' in reporter ? `${year}:R:${reporter.regulatorId}` : `${year}:O:${reporter.organizationId}`) + (filing ? `@${filing}` : '');

export function parseSummaryId(id: string): { year: number; reporter: Reporter; filing: number | null } | null {
  const match = /^(\d{4}):([RO]):([^@]+)(?:@(\d{1,2}))?$/.exec(id);
  if (!match || !isUuid(match[3])) return null;
  return {
    year: Number(match[1]),
    reporter: match[2] === 'R' ? { regulatorId: match[3]! } : { organizationId: match[3]! },
    filing: match[4] ? Number(match[4]) : null,
  };
}

const entered = (record: AnnualSummary | null) => ({
  training: record?.enteredTraining ?? 0,
  unsuccessfulAttempts: record?.enteredUnsuccessfulAttempts ?? 0,
  explainedAnomalies: record?.enteredExplainedAnomalies ?? 0,
});

/**
 * What a reader sees: as it stands (`asOf` omitted), or as one earlier submission gave it. Lateness
 * is the first submission's either way.
 */
function view(
  year: number,
  reporter: Reporter,
  record: AnnualSummary | null,
  figures: AnnualSummaryFigures,
  now: Date,
  shown: { filing: AnnualSummaryFiling | null; asOf?: number | null },
): AnnualSummaryView {
  const dueAt = summaryDueAt(year);
  return Object.assign(new AnnualSummaryView(), {
    id: summaryId(year, reporter, shown.asOf),
    year,
    reporter,
    regulator: 'regulatorId' in reporter ? Object.assign(new RegulatorRef(), { id: reporter.regulatorId }) : null,
    organization: 'organizationId' in reporter ? Object.assign(new OrganizationRef(), { id: reporter.organizationId }) : null,
    status: record?.status ?? AnnualSummaryStatus.DRAFT,
    dueAt,
    dueAtBangkok: inBangkok(dueAt),
    late: summaryLate(year, record?.submittedAt, now),
    submittedAt: record?.submittedAt ?? null,
    submittedBy: record?.submittedBy ?? null,
    version: record?.version ?? 0,
    amended: !!record?.amendedAt,
    amendedAt: record?.amendedAt ?? null,
    filingCount: record?.filingCount ?? 0,
    filing: shown.filing,
    record,
    incidentCount: figures.incidentCount,
    byCategory: figures.byCategory.map((r) => ({
      category: r.key,
      labelTh: r.label.th,
      labelEn: r.label.en,
      fromIncidents: r.fromIncidents,
      entered: r.entered,
      count: r.count,
    })),
    byAssetType: figures.byAssetType.map((r) => ({ assetType: r.key, labelTh: r.label.th, labelEn: r.label.en, count: r.count })),
    bySeverity: figures.bySeverity.map((r) => ({ severity: r.key, labelTh: r.label.th, labelEn: r.label.en, count: r.count })),
    undetermined: figures.undetermined,
    figures,
  });
}

const latestFiling = (em: EntityManager, record: AnnualSummary | null) =>
  record?.filingCount ? em.findOneOrFail(AnnualSummaryFiling, { summary: record, number: record.filingCount }) : Promise.resolve(null);

/**
 * The summary as it stands — frozen once submitted, otherwise computed now from the read model —
 * or, with `asOf`, as its submission of that number gave it (NOT_FOUND when it has none such).
 */
export async function annualSummary(
  em: EntityManager,
  caller: Caller,
  year: number,
  reporter: Reporter,
  now: Date,
  asOf?: number | null,
): Promise<AnnualSummaryView> {
  assertYear(year, now);
  await assertMayRead(em, caller, reporter);
  const record = await em.findOne(AnnualSummary, { year, ...columns(reporter) });
  if (asOf != null) {
    const filing = record && (await em.findOne(AnnualSummaryFiling, { summary: record, number: asOf }));
    if (!filing) throw notFound('Submission', `${asOf} of the ${year} summary`);
    return view(year, reporter, record, filing.figures, now, { filing, asOf });
  }
  const figures = record?.frozen ?? (await computeFigures(em, reporter, year, entered(record)));
  return view(year, reporter, record, figures, now, { filing: await latestFiling(em, record) });
}

/** Every submission of a summary, the first first (at most {@link MAX_FILINGS}). */
export function filingsOf(em: EntityManager, record: AnnualSummary | null): Promise<AnnualSummaryFiling[]> {
  return record ? em.find(AnnualSummaryFiling, { summary: record }, { orderBy: { number: 'asc' } }) : Promise.resolve([]);
}

export interface SummaryEntries {
  training: number;
  unsuccessfulAttempts: number;
  explainedAnomalies: number;
}

/** The record of a summary, locked for a change made against the version the caller read. */
async function lockedAt(tx: EntityManager, year: number, reporter: Reporter, expectedVersion: number): Promise<AnnualSummary | null> {
  const record = await tx.findOne(AnnualSummary, { year, ...columns(reporter) }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const current = record?.version ?? 0;
  if (current !== expectedVersion)
    throw conflict(`The summary is at version ${current}, not ${expectedVersion}`, { currentVersion: current });
  return record;
}

/** Draft record of a summary, created on first change and locked for the change. */
async function draftFor(tx: EntityManager, year: number, reporter: Reporter, expectedVersion: number): Promise<AnnualSummary> {
  const record = await lockedAt(tx, year, reporter, expectedVersion);
  if (record?.status === AnnualSummaryStatus.SUBMITTED) throw conflict(`The ${year} summary was already submitted: amend it instead`);
  return record ?? tx.create(AnnualSummary, { year, ...columns(reporter) });
}

/** Freezes the summary as it stands now into its next submission, with who, when and why. */
async function file(tx: EntityManager, record: AnnualSummary, reporter: Reporter, by: SignedInCaller, now: Date, reason: string | null) {
  const figures = await computeFigures(tx, reporter, record.year, entered(record));
  record.frozen = figures;
  record.filingCount += 1;
  const filing = tx.create(AnnualSummaryFiling, {
    summary: record,
    number: record.filingCount,
    submittedAt: now,
    submittedBy: by.subject,
    reason,
    figures,
  });
  await tx.flush();
  return view(record.year, reporter, record, figures, now, { filing });
}

/** Categories 0, 1 and 9 are not reported one by one: the reporter enters their counts. */
export async function setEntries(
  em: EntityManager,
  caller: Caller,
  year: number,
  reporter: Reporter,
  entries: SummaryEntries,
  expectedVersion: number,
  now: Date,
) {
  assertYear(year, now);
  await assertMayFile(em, caller, reporter);
  return em.transactional(async (tx) => {
    const record = await draftFor(tx, year, reporter, expectedVersion);
    record.enteredTraining = entries.training;
    record.enteredUnsuccessfulAttempts = entries.unsuccessfulAttempts;
    record.enteredExplainedAnomalies = entries.explainedAnomalies;
    await tx.flush();
    return view(year, reporter, record, await computeFigures(tx, reporter, year, entered(record)), now, { filing: null });
  });
}

/** Submits the summary: it is frozen as it stands, with who and when; a late one stays visibly late. */
export async function submitSummary(
  em: EntityManager,
  caller: Caller,
  year: number,
  reporter: Reporter,
  expectedVersion: number,
  now: Date,
) {
  assertYear(year, now);
  if (year >= bangkokYear(now))
    throw invalidField('year', ProblemCode.YEAR_NOT_OVER, `The ${year} summary can be submitted once the year is over`);
  const filer = await assertMayFile(em, caller, reporter);
  return em.transactional(async (tx) => {
    const record = await draftFor(tx, year, reporter, expectedVersion);
    record.status = AnnualSummaryStatus.SUBMITTED;
    record.submittedAt = now;
    record.submittedBy = filer.subject;
    return file(tx, record, reporter, filer, now, null);
  });
}

export interface Amendment {
  reason: string;
  /** The counts of categories 0, 1 and 9; those left out stay as last submitted. */
  entries: Partial<SummaryEntries>;
}

/**
 * Amends a submitted summary: it is frozen again — incidents as the read model has them now, the
 * entered counts as given — as a new submission with its reason; the earlier ones stay readable.
 * `submittedAt`, and with it lateness, stays the first submission's.
 */
export async function amendSummary(
  em: EntityManager,
  caller: Caller,
  year: number,
  reporter: Reporter,
  amendment: Amendment,
  expectedVersion: number,
  now: Date,
) {
  assertYear(year, now);
  const reason = amendment.reason.trim();
  if (!reason) throw invalidField('reason', ProblemCode.REQUIRED, 'Say why the summary is amended');
  const filer = await assertMayFile(em, caller, reporter);
  return em.transactional(async (tx) => {
    const record = await lockedAt(tx, year, reporter, expectedVersion);
    if (record?.status !== AnnualSummaryStatus.SUBMITTED) throw conflict(`The ${year} summary was never submitted: submit it first`);
    if (record.filingCount >= MAX_FILINGS) throw conflict(`The ${year} summary has ${MAX_FILINGS} submissions, the most it can have`);
    const { training, unsuccessfulAttempts, explainedAnomalies } = amendment.entries;
    record.enteredTraining = training ?? record.enteredTraining;
    record.enteredUnsuccessfulAttempts = unsuccessfulAttempts ?? record.enteredUnsuccessfulAttempts;
    record.enteredExplainedAnomalies = explainedAnomalies ?? record.enteredExplainedAnomalies;
    record.amendedAt = now;
    return file(tx, record, reporter, filer, now, reason);
  });
}

/** Every regulator's summary of a year, submitted or not, for NCSA; with `amended`, only those amended (or never amended). */
export async function submissions(
  em: EntityManager,
  year: number,
  now: Date,
  amended?: boolean | null,
): Promise<AnnualSummarySubmission[]> {
  assertYear(year, now);
  const regulators = await em.find(RegulatorDeadline, {}, { orderBy: { regulatorId: 'asc' } });
  const records = await em.find(AnnualSummary, { year, regulatorId: { $in: regulators.map((r) => r.regulatorId) } });
  const rows = regulators.map((regulator) => {
    const record = records.find((r) => r.regulatorId === regulator.regulatorId);
    return Object.assign(new AnnualSummarySubmission(), {
      regulator: Object.assign(new RegulatorRef(), { id: regulator.regulatorId }),
      status: record?.status ?? null,
      submittedAt: record?.submittedAt ?? null,
      dueAt: summaryDueAt(year),
      late: summaryLate(year, record?.submittedAt, now),
      amended: !!record?.amendedAt,
      amendedAt: record?.amendedAt ?? null,
      filingCount: record?.filingCount ?? 0,
    });
  });
  return amended == null ? rows : rows.filter((row) => row.amended === amended);
}
