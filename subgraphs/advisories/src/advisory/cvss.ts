import cvssCalculator from 'ae-cvss-calculator';

import { CvssSeverity } from '../../../../contracts/advisory-vocabulary.js';
import { invalidField, ProblemCode } from '../../../../platform/errors.js';

// A CommonJS package whose named exports Node's ESM loader cannot see.
const { Cvss3P0, Cvss3P1, Cvss4P0 } = cvssCalculator;

export interface CvssScore {
  version: '3.0' | '3.1' | '4.0';
  /** The vector as normalised by the calculator. */
  vector: string;
  baseScore: number;
  severity: CvssSeverity;
}

const CALCULATORS = { '3.0': Cvss3P0, '3.1': Cvss3P1, '4.0': Cvss4P0 } as const;

/** The qualitative rating of CVSS v3.x and v4.0 alike. */
export function severityOf(score: number): CvssSeverity {
  if (score === 0) return CvssSeverity.NONE;
  if (score < 4) return CvssSeverity.LOW;
  if (score < 7) return CvssSeverity.MEDIUM;
  if (score < 9) return CvssSeverity.HIGH;
  return CvssSeverity.CRITICAL;
}

/**
 * Parses a CVSS 3.0, 3.1 or 4.0 vector and computes its base score with ae-cvss-calculator.
 * Refuses an unknown version, an unknown metric or value, and a vector missing a base metric.
 */
export function scoreCvss(vector: string): CvssScore {
  const refuse = (why: string) => invalidField('cvssVector', ProblemCode.BAD_FORMAT, `cvssVector: ${why}`);
  const version = /^CVSS:(3\.0|3\.1|4\.0)\//.exec(vector)?.[1] as CvssScore['version'] | undefined;
  if (!version) throw refuse('must start with CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/');
  let calculator;
  try {
    calculator = new CALCULATORS[version](vector);
  } catch (error) {
    throw refuse(`not a valid CVSS ${version} vector (${(error as Error).message})`);
  }
  if (!calculator.isBaseFullyDefined()) throw refuse(`every base metric of CVSS ${version} must be given`);
  const baseScore = calculator.calculateScores().base as number;
  return { version, vector: calculator.toStringDefinedParts?.() ?? vector, baseScore, severity: severityOf(baseScore) };
}
