import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

import { AnnualSummaryStatus } from '../../../../contracts/form-vocabulary.js';
import { isNationalCentre, isSignedIn, isUuid, requireUuid, Role, type Caller, type SignedInCaller } from '../../../../platform/caller.js';
import { badUserInput, conflict, forbidden, invalidField, ProblemCode } from '../../../../platform/errors.js';
import { bangkokYear, inBangkok } from '../../../kit/bangkok-time.js';
import { assertGregorianYear } from '../../../kit/gregorian-year.js';
import { RegulatorDeadline, SupervisedOrganization } from '../../../kit/supervision/supervised-organization.entity.js';
import { OrganizationRef, RegulatorRef } from '../federation/references.js';
import { summaryDueAt, summaryLate } from './annual-summary.deadline.js';
import { AnnualSummary } from './annual-summary.entity.js';
import { computeFigures, type AnnualSummaryFigures } from './annual-summary.figures.js';
import { AnnualSummarySubmission, AnnualSummaryView, type Reporter } from './annual-summary.types.js';

/** The first year reports are due under the Cybersecurity Act 2019. */
const FIRST_YEAR = 2019;

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

const summaryId = (year: number, reporter: Reporter) =>
  'regulatorId' in reporter ? `${year}:R:${reporter.regulatorId}` : `${year}:O:${reporter.organizationId}`;

export function parseSummaryId(id: string): { year: number; reporter: Reporter } | null {
  const match = /^(\d{4}):([RO]):(.+)$/.exec(id);
  if (!match || !isUuid(match[3])) return null;
  return { year: Number(match[1]), reporter: match[2] === 'R' ? { regulatorId: match[3]! } : { organizationId: match[3]! } };
}

const entered = (record: AnnualSummary | null) => ({
  training: record?.enteredTraining ?? 0,
  unsuccessfulAttempts: record?.enteredUnsuccessfulAttempts ?? 0,
  explainedAnomalies: record?.enteredExplainedAnomalies ?? 0,
});

function view(year: number, reporter: Reporter, record: AnnualSummary | null, figures: AnnualSummaryFigures, now: Date): AnnualSummaryView {
  const dueAt = summaryDueAt(year);
  return Object.assign(new AnnualSummaryView(), {
    id: summaryId(year, reporter),
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

/** The summary as it stands: frozen once submitted, otherwise computed now from the read model. */
export async function annualSummary(
  em: EntityManager,
  caller: Caller,
  year: number,
  reporter: Reporter,
  now: Date,
): Promise<AnnualSummaryView> {
  assertYear(year, now);
  await assertMayRead(em, caller, reporter);
  const record = await em.findOne(AnnualSummary, { year, ...columns(reporter) });
  const figures = record?.frozen ?? (await computeFigures(em, reporter, year, entered(record)));
  return view(year, reporter, record, figures, now);
}

export interface SummaryEntries {
  training: number;
  unsuccessfulAttempts: number;
  explainedAnomalies: number;
}

/** Draft record of a summary, created on first change and locked for the change. */
async function draftFor(tx: EntityManager, year: number, reporter: Reporter, expectedVersion: number): Promise<AnnualSummary> {
  let record = await tx.findOne(AnnualSummary, { year, ...columns(reporter) }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const current = record?.version ?? 0;
  if (current !== expectedVersion)
    throw conflict(`The summary is at version ${current}, not ${expectedVersion}`, { currentVersion: current });
  if (record?.status === AnnualSummaryStatus.SUBMITTED) throw conflict(`The ${year} summary was already submitted`);
  record ??= tx.create(AnnualSummary, { year, ...columns(reporter) });
  return record;
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
    return view(year, reporter, record, await computeFigures(tx, reporter, year, entered(record)), now);
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
    record.frozen = await computeFigures(tx, reporter, year, entered(record));
    record.status = AnnualSummaryStatus.SUBMITTED;
    record.submittedAt = now;
    record.submittedBy = filer.subject;
    await tx.flush();
    return view(year, reporter, record, record.frozen, now);
  });
}

/** Every regulator's summary of a year, submitted or not, for NCSA. */
export async function submissions(em: EntityManager, year: number, now: Date): Promise<AnnualSummarySubmission[]> {
  assertYear(year, now);
  const regulators = await em.find(RegulatorDeadline, {}, { orderBy: { regulatorId: 'asc' } });
  const records = await em.find(AnnualSummary, { year, regulatorId: { $in: regulators.map((r) => r.regulatorId) } });
  return regulators.map((regulator) => {
    const record = records.find((r) => r.regulatorId === regulator.regulatorId);
    return Object.assign(new AnnualSummarySubmission(), {
      regulator: Object.assign(new RegulatorRef(), { id: regulator.regulatorId }),
      status: record?.status ?? null,
      submittedAt: record?.submittedAt ?? null,
      dueAt: summaryDueAt(year),
      late: summaryLate(year, record?.submittedAt, now),
    });
  });
}
