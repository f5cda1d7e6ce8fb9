import { useEffect, useState } from 'react';

/** What the browser computed from a vector as it is typed: the base score and its rating, or why it has none. */
export type CvssPreview =
  | { state: 'empty' }
  | { state: 'invalid' }
  | { state: 'incomplete' }
  | { state: 'scored'; version: string; baseScore: number; severity: 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL' };

type Calculators = typeof import('ae-cvss-calculator');

// The calculator (ae-cvss-calculator, the one the advisories service scores with) is loaded the first time
// an analyst types a vector, so it is not in the console's first load. A CommonJS bundle: its classes may
// sit on `default`.
let loading: Promise<Calculators> | undefined;
const calculators = () =>
  (loading ??= import('ae-cvss-calculator').then((module) => (module as unknown as { default?: Calculators }).default ?? module));

/** The qualitative rating of CVSS v3.x and v4.0 alike (as the API gives it). */
function severityOf(score: number): Extract<CvssPreview, { state: 'scored' }>['severity'] {
  if (score === 0) return 'NONE';
  if (score < 4) return 'LOW';
  if (score < 7) return 'MEDIUM';
  if (score < 9) return 'HIGH';
  return 'CRITICAL';
}

function score(lib: Calculators, vector: string): CvssPreview {
  const version = /^CVSS:(3\.0|3\.1|4\.0)\//.exec(vector)?.[1];
  if (!version) return { state: 'invalid' };
  const Calculator = { '3.0': lib.Cvss3P0, '3.1': lib.Cvss3P1, '4.0': lib.Cvss4P0 }[version]!;
  try {
    const calculator = new Calculator(vector);
    if (!calculator.isBaseFullyDefined()) return { state: 'incomplete' };
    const baseScore = Number(calculator.calculateScores().base);
    return { state: 'scored', version, baseScore, severity: severityOf(baseScore) };
  } catch {
    return { state: 'invalid' };
  }
}

/** The live preview of a CVSS 3.0, 3.1 or 4.0 vector's base score, computed in the browser as it is typed. */
export function useCvssPreview(vector: string): CvssPreview {
  const [preview, setPreview] = useState<CvssPreview>({ state: 'empty' });
  useEffect(() => {
    const trimmed = vector.trim();
    if (!trimmed) {
      setPreview({ state: 'empty' });
      return;
    }
    let current = true;
    void calculators().then((lib) => {
      if (current) setPreview(score(lib, trimmed));
    });
    return () => {
      current = false;
    };
  }, [vector]);
  return preview;
}
