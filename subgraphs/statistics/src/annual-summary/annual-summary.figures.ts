import type { EntityManager } from '@mikro-orm/postgresql';

import {
  AFFECTED_ASSET_TYPE_LABELS,
  AffectedAssetType,
  THREAT_CATEGORY_LABELS,
  THREAT_LEVEL_LABELS,
  ThreatCategory,
  ThreatLevel,
} from '../../../../contracts/form-vocabulary.js';
import type { Label } from '../../../../contracts/labels.js';

/** One row of the form: a category, asset type or level, its labels and its count. */
export interface FigureRow<K extends string> {
  key: K;
  label: Label;
  count: number;
}

export interface CategoryRow extends FigureRow<ThreatCategory> {
  /** From reported incidents (categories 2–8, and 9 for incidents closed as explained anomalies). */
  fromIncidents: number;
  /** Entered by the reporter (categories 0, 1 and 9). */
  entered: number;
}

/** The three tables of form ก3. */
export interface AnnualSummaryFigures {
  incidentCount: number;
  byCategory: CategoryRow[];
  byAssetType: FigureRow<AffectedAssetType>[];
  /** ก3 §3 lists four levels; incidents still UNDETERMINED are counted in `undetermined`. */
  bySeverity: FigureRow<ThreatLevel>[];
  undetermined: number;
}

export interface Entered {
  training: number;
  unsuccessfulAttempts: number;
  explainedAnomalies: number;
}

type Reporter = { regulatorId: string } | { organizationId: string };

async function countBy(em: EntityManager, expression: string, reporter: Reporter, year: number): Promise<Map<string, number>> {
  const [column, id] = 'regulatorId' in reporter ? ['regulator_id', reporter.regulatorId] : ['organization_id', reporter.organizationId];
  const rows = await em
    .getConnection()
    .execute<{ key: string; count: string }[]>(
      `select ${expression} as key, count(*) as count from "statistics"."incident_fact" where "${column}" = ? and "detected_year" = ? group by 1`,
      [id, year],
    );
  return new Map(rows.map((row) => [row.key, Number(row.count)]));
}

/** The figures of ก3 for a reporter and year, from the read model (one indexed query per table). */
export async function computeFigures(em: EntityManager, reporter: Reporter, year: number, entered: Entered): Promise<AnnualSummaryFigures> {
  const [categories, assets, severities] = await Promise.all([
    countBy(em, 'unnest("categories")', reporter, year),
    countBy(em, 'unnest("asset_types")', reporter, year),
    countBy(em, '"severity"', reporter, year),
  ]);
  const enteredFor: Partial<Record<ThreatCategory, number>> = {
    [ThreatCategory.CAT0_TRAINING_AND_EXERCISES]: entered.training,
    [ThreatCategory.CAT1_UNSUCCESSFUL_ACTIVITY_ATTEMPT]: entered.unsuccessfulAttempts,
    [ThreatCategory.CAT9_EXPLAINED_ANOMALY]: entered.explainedAnomalies,
  };
  return {
    incidentCount: [...severities.values()].reduce((a, b) => a + b, 0),
    byCategory: Object.values(ThreatCategory).map((key) => {
      const fromIncidents = categories.get(key) ?? 0;
      const typed = enteredFor[key] ?? 0;
      return { key, label: THREAT_CATEGORY_LABELS[key], fromIncidents, entered: typed, count: fromIncidents + typed };
    }),
    byAssetType: Object.values(AffectedAssetType).map((key) => ({
      key,
      label: AFFECTED_ASSET_TYPE_LABELS[key],
      count: assets.get(key) ?? 0,
    })),
    bySeverity: [ThreatLevel.NON_SERIOUS, ThreatLevel.SERIOUS, ThreatLevel.CRITICAL_A, ThreatLevel.CRITICAL_B].map((key) => ({
      key,
      label: THREAT_LEVEL_LABELS[key],
      count: severities.get(key) ?? 0,
    })),
    undetermined: severities.get(ThreatLevel.UNDETERMINED) ?? 0,
  };
}
