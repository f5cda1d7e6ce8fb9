import cvssCalculator from 'ae-cvss-calculator';

import { CvssSeverity } from '../../../../contracts/advisory-vocabulary.js';
import { invalidField, ProblemCode } from '../../../../platform/errors.js';

// A CommonJS package whose named exports Node's ESM loader cannot see.
const { Cvss3P0, Cvss3P1, Cvss4P0 } = cvssCalculator;

type CvssVersion = '3.0' | '3.1' | '4.0';

/**
 * The scores of one vector, each under the name FIRST gives it. CVSS v3.x has a base, a temporal
 * and an environmental score (v3.1 specification §7); CVSS v4.0 has one formula whose result is
 * named by the metric groups it was computed from (v4.0 specification §1.3, "CVSS Nomenclature"):
 * CVSS-B (base only), CVSS-BT (base and threat), CVSS-BE (base and environmental) and CVSS-BTE.
 */
export interface CvssScores {
  version: CvssVersion;
  /** The base score: v3.x "Base Score", v4.0 CVSS-B, from the base metrics alone. */
  base: number;
  /** v3.x only: the Temporal Score, when the vector sets a temporal metric (E, RL, RC). */
  temporal: number | null;
  /** v3.x only: the Environmental Score, when the vector sets an environmental metric (CR … MA). */
  environmental: number | null;
  /** v4.0 only: CVSS-BT, when the vector sets the threat metric (E). */
  baseThreat: number | null;
  /** v4.0 only: CVSS-BE, when the vector sets an environmental metric (CR … MSA). */
  baseEnvironmental: number | null;
  /** v4.0 only: CVSS-BTE, when the vector sets both. */
  baseThreatEnvironmental: number | null;
  /** The score of every metric the vector sets: the most specific of the above. */
  overall: number;
  /** FIRST's name of {@link overall}: `CVSS-B`, `CVSS-BT`, `CVSS-BE`, `CVSS-BTE` (v4.0); `Base`, `Temporal`, `Environmental` (v3.x). */
  nomenclature: string;
}

export interface CvssScore {
  version: CvssVersion;
  /** The vector as normalised by the calculator. */
  vector: string;
  /** The true base score (v4.0: CVSS-B, whatever threat or environmental metrics the vector sets). */
  baseScore: number;
  /** The rating of {@link baseScore}. */
  severity: CvssSeverity;
}

const CALCULATORS = { '3.0': Cvss3P0, '3.1': Cvss3P1, '4.0': Cvss4P0 } as const;

/** Each version's metrics by group, in the specification's order (v3.1 §6 Table 15; v4.0 §7 Table 23). */
const METRICS: Record<CvssVersion, { base: string[]; temporal: string[]; environmental: string[]; supplemental: string[] }> = {
  '3.0': {
    base: ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'],
    temporal: ['E', 'RL', 'RC'],
    environmental: ['CR', 'IR', 'AR', 'MAV', 'MAC', 'MPR', 'MUI', 'MS', 'MC', 'MI', 'MA'],
    supplemental: [],
  },
  '3.1': {
    base: ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'],
    temporal: ['E', 'RL', 'RC'],
    environmental: ['CR', 'IR', 'AR', 'MAV', 'MAC', 'MPR', 'MUI', 'MS', 'MC', 'MI', 'MA'],
    supplemental: [],
  },
  '4.0': {
    base: ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'],
    // v4.0 calls its temporal group "threat".
    temporal: ['E'],
    environmental: ['CR', 'IR', 'AR', 'MAV', 'MAC', 'MAT', 'MPR', 'MUI', 'MVC', 'MVI', 'MVA', 'MSC', 'MSI', 'MSA'],
    // Supplemental metrics describe, they never change a score.
    supplemental: ['S', 'AU', 'R', 'V', 'RE', 'U'],
  },
};

/** The qualitative rating of CVSS v3.x and v4.0 alike. */
export function severityOf(score: number): CvssSeverity {
  if (score === 0) return CvssSeverity.NONE;
  if (score < 4) return CvssSeverity.LOW;
  if (score < 7) return CvssSeverity.MEDIUM;
  if (score < 9) return CvssSeverity.HIGH;
  return CvssSeverity.CRITICAL;
}

const refuse = (why: string) => invalidField('cvssVector', ProblemCode.BAD_FORMAT, `cvssVector: ${why}`);

/**
 * Splits a vector into its metrics, refusing what a lenient calculator would let through: an empty
 * part, a part that is not `METRIC:VALUE`, a metric the version does not define, and a metric given
 * twice (ae-cvss-calculator keeps the last: `…/A:H/AV:L` would silently rewrite the attack vector).
 */
function metricsOf(version: CvssVersion, vector: string): Map<string, string> {
  const groups = METRICS[version];
  const known = new Set([...groups.base, ...groups.temporal, ...groups.environmental, ...groups.supplemental]);
  const metrics = new Map<string, string>();
  for (const part of vector.split('/').slice(1)) {
    const match = /^([A-Z]+):([A-Za-z]+)$/.exec(part);
    if (!match) throw refuse(`not a valid CVSS ${version} vector (“${part}” is not a METRIC:VALUE pair)`);
    const [, metric, value] = match as unknown as [string, string, string];
    if (!known.has(metric)) throw refuse(`not a valid CVSS ${version} vector (${metric} is not one of its metrics)`);
    if (metrics.has(metric)) throw refuse(`not a valid CVSS ${version} vector (the metric ${metric} is given more than once)`);
    metrics.set(metric, value);
  }
  return metrics;
}

/** The vector of the metrics of `groups` that `metrics` sets. */
function vectorOf(version: CvssVersion, metrics: Map<string, string>, groups: (keyof (typeof METRICS)['4.0'])[]): string {
  const parts = groups.flatMap((group) => METRICS[version][group].filter((m) => metrics.has(m)).map((m) => `${m}:${metrics.get(m)}`));
  return [`CVSS:${version}`, ...parts].join('/');
}

/** The v4.0 scores: one formula, run on the metric groups each FIRST name stands for. */
function scores4(metrics: Map<string, string>, defined: (group: 'temporal' | 'environmental') => boolean): CvssScores {
  const score = (groups: ('base' | 'temporal' | 'environmental')[]) =>
    new Cvss4P0(vectorOf('4.0', metrics, groups)).calculateScores().overall as number;
  const threat = defined('temporal');
  const environmental = defined('environmental');
  const base = score(['base']);
  const baseThreat = threat ? score(['base', 'temporal']) : null;
  const baseEnvironmental = environmental ? score(['base', 'environmental']) : null;
  const baseThreatEnvironmental = threat && environmental ? score(['base', 'temporal', 'environmental']) : null;
  const nomenclature = `CVSS-B${threat ? 'T' : ''}${environmental ? 'E' : ''}`;
  return {
    version: '4.0',
    base,
    temporal: null,
    environmental: null,
    baseThreat,
    baseEnvironmental,
    baseThreatEnvironmental,
    overall: baseThreatEnvironmental ?? baseEnvironmental ?? baseThreat ?? base,
    nomenclature,
  };
}

/**
 * Parses a CVSS 3.0, 3.1 or 4.0 vector and computes its base score with ae-cvss-calculator. Refuses
 * an unknown version, an unknown or repeated metric, an unknown value, and a vector missing a base metric.
 */
export function scoreCvss(vector: string): CvssScore {
  const { score } = analyse(vector);
  return score;
}

/** Every score of a vector, named as FIRST names them; refuses what {@link scoreCvss} refuses. */
export function cvssScoresOf(vector: string): CvssScores {
  return analyse(vector).scores;
}

function analyse(vector: string): { score: CvssScore; scores: CvssScores } {
  const version = /^CVSS:(3\.0|3\.1|4\.0)\//.exec(vector)?.[1] as CvssVersion | undefined;
  if (!version) throw refuse('must start with CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/');
  const metrics = metricsOf(version, vector);
  let calculator;
  try {
    calculator = new CALCULATORS[version](vector);
  } catch (error) {
    throw refuse(`not a valid CVSS ${version} vector (${(error as Error).message})`);
  }
  if (!calculator.isBaseFullyDefined()) throw refuse(`every base metric of CVSS ${version} must be given`);
  // A metric given as X ("not defined") is as if absent.
  const defined = (group: 'temporal' | 'environmental') => METRICS[version][group].some((m) => (metrics.get(m) ?? 'X') !== 'X');
  let scores: CvssScores;
  if (version === '4.0') {
    scores = scores4(metrics, defined);
  } else {
    const calculated = calculator.calculateScores() as { base: number; temporal?: number; environmental?: number };
    const temporal = defined('temporal') ? (calculated.temporal ?? null) : null;
    const environmental = defined('environmental') ? (calculated.environmental ?? null) : null;
    scores = {
      version,
      base: calculated.base,
      temporal,
      environmental,
      baseThreat: null,
      baseEnvironmental: null,
      baseThreatEnvironmental: null,
      overall: environmental ?? temporal ?? calculated.base,
      nomenclature: environmental !== null ? 'Environmental' : temporal !== null ? 'Temporal' : 'Base',
    };
  }
  const score = {
    version,
    vector: calculator.toStringDefinedParts?.() ?? vector,
    baseScore: scores.base,
    severity: severityOf(scores.base),
  };
  return { score, scores };
}

/** FIRST's CVSS v3.x JSON schema (cvss-v3.x.json): each metric's property and its values' names. */
const V3_JSON: Record<string, [property: string, values: Record<string, string>]> = (() => {
  const impact = { N: 'NONE', L: 'LOW', H: 'HIGH' };
  const requirement = { L: 'LOW', M: 'MEDIUM', H: 'HIGH' };
  const base: Record<string, [string, Record<string, string>]> = {
    AV: ['attackVector', { N: 'NETWORK', A: 'ADJACENT_NETWORK', L: 'LOCAL', P: 'PHYSICAL' }],
    AC: ['attackComplexity', { L: 'LOW', H: 'HIGH' }],
    PR: ['privilegesRequired', impact],
    UI: ['userInteraction', { N: 'NONE', R: 'REQUIRED' }],
    S: ['scope', { U: 'UNCHANGED', C: 'CHANGED' }],
    C: ['confidentialityImpact', impact],
    I: ['integrityImpact', impact],
    A: ['availabilityImpact', impact],
  };
  const modified = Object.fromEntries(
    Object.entries(base).map(([metric, [property, values]]) => [
      `M${metric}`,
      [`modified${property[0]!.toUpperCase()}${property.slice(1)}`, values] as [string, Record<string, string>],
    ]),
  );
  return {
    ...base,
    E: ['exploitCodeMaturity', { U: 'UNPROVEN', P: 'PROOF_OF_CONCEPT', F: 'FUNCTIONAL', H: 'HIGH' }],
    RL: ['remediationLevel', { O: 'OFFICIAL_FIX', T: 'TEMPORARY_FIX', W: 'WORKAROUND', U: 'UNAVAILABLE' }],
    RC: ['reportConfidence', { U: 'UNKNOWN', R: 'REASONABLE', C: 'CONFIRMED' }],
    CR: ['confidentialityRequirement', requirement],
    IR: ['integrityRequirement', requirement],
    AR: ['availabilityRequirement', requirement],
    ...modified,
  };
})();

/**
 * A CVSS v3.x vector as FIRST's JSON schema has it (what CSAF 2.0 embeds as `scores[].cvss_v3`):
 * the metrics it sets, the base score, and the temporal and environmental scores with their
 * ratings when it sets metrics of those groups. `undefined` for a v4.0 vector, which CSAF 2.0
 * cannot carry.
 */
export function cvssV3Json(vector: string): Record<string, unknown> | undefined {
  const { score, scores } = analyse(vector);
  if (scores.version === '4.0') return undefined;
  const json: Record<string, unknown> = {
    version: scores.version,
    vectorString: score.vector,
    baseScore: scores.base,
    baseSeverity: score.severity,
  };
  if (scores.temporal !== null) Object.assign(json, { temporalScore: scores.temporal, temporalSeverity: severityOf(scores.temporal) });
  if (scores.environmental !== null) {
    Object.assign(json, { environmentalScore: scores.environmental, environmentalSeverity: severityOf(scores.environmental) });
  }
  for (const [metric, value] of metricsOf(scores.version, score.vector)) {
    const [property, values] = V3_JSON[metric]!;
    json[property] = values[value];
  }
  return json;
}
