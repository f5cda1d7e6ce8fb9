import { CVSS30, CVSS31, CVSS40 } from '@pandatix/js-cvss';
import type { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';

import { CvssSeverity } from '../../../../contracts/advisory-vocabulary.js';
import { cvssScoresOf, scoreCvss, severityOf, type CvssScores } from './cvss.js';

describe('scoreCvss on the examples of FIRST’s specification documents', () => {
  it.each([
    // CVSS v3.1 Specification Document, Examples (section 8 of the v3.1 user guide).
    ['CVE-2013-1937 phpMyAdmin reflected XSS', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1, CvssSeverity.MEDIUM],
    ['CVE-2013-0375 MySQL stored SQL injection', 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N', 6.4, CvssSeverity.MEDIUM],
    ['CVE-2014-3566 SSLv3 POODLE', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N', 3.1, CvssSeverity.LOW],
    ['CVE-2012-1516 VMware guest to host escape', 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H', 9.9, CvssSeverity.CRITICAL],
    ['CVE-2012-0384 Cisco IOS command injection', 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 8.8, CvssSeverity.HIGH],
    ['CVE-2015-1098 Apple iWork denial of service', 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 7.8, CvssSeverity.HIGH],
    ['CVE-2014-0160 OpenSSL Heartbleed', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', 7.5, CvssSeverity.HIGH],
    ['CVE-2014-6271 GNU Bash Shellshock', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8, CvssSeverity.CRITICAL],
    ['CVE-2008-1447 DNS Kaminsky bug', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N', 6.8, CvssSeverity.MEDIUM],
    ['CVE-2014-2005 Sophos Disk Encryption login bypass', 'CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 6.8, CvssSeverity.MEDIUM],
    ['CVE-2010-0467 Joomla directory traversal', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N', 5.8, CvssSeverity.MEDIUM],
    ['CVE-2011-1265 Microsoft Bluetooth stack', 'CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 8.8, CvssSeverity.HIGH],
    ['CVE-2016-5729 Lenovo BIOS privilege escalation', 'CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H', 8.2, CvssSeverity.HIGH],
    ['no impact at all', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 0, CvssSeverity.NONE],
    // The v3.0 specification scores the same example alike.
    ['CVE-2013-1937 scored with CVSS v3.0', 'CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1, CvssSeverity.MEDIUM],
    // CVSS v4.0: a network-reachable full compromise of the vulnerable system only, and of subsequent systems too.
    [
      'v4.0, vulnerable system fully compromised',
      'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
      9.3,
      CvssSeverity.CRITICAL,
    ],
    ['v4.0, subsequent systems too', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H', 10, CvssSeverity.CRITICAL],
    ['v4.0, no impact at all', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N', 0, CvssSeverity.NONE],
  ])('scores %s', (_case, vector, baseScore, severity) => {
    expect(scoreCvss(vector)).toEqual({ version: vector.slice(5, 8), vector, baseScore, severity });
  });
});

describe('the vector scoreCvss keeps', () => {
  it('puts the metrics in the specification’s order', () => {
    expect(scoreCvss('CVSS:3.1/C:H/AV:N/AC:L/PR:N/UI:N/S:U/I:H/A:H').vector).toBe('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
  });

  it('drops metrics given as not defined (X) and keeps those defined', () => {
    expect(scoreCvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:X').vector).toBe('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
    expect(scoreCvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U')).toMatchObject({
      vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U',
      baseScore: 9.8, // a v3 temporal metric leaves the base score alone
    });
  });
});

describe('the qualitative rating', () => {
  it.each([
    [0, CvssSeverity.NONE],
    [0.1, CvssSeverity.LOW],
    [3.9, CvssSeverity.LOW],
    [4, CvssSeverity.MEDIUM],
    [6.9, CvssSeverity.MEDIUM],
    [7, CvssSeverity.HIGH],
    [8.9, CvssSeverity.HIGH],
    [9, CvssSeverity.CRITICAL],
    [10, CvssSeverity.CRITICAL],
  ])('rates %s as %s', (score, severity) => {
    expect(severityOf(score)).toBe(severity);
  });
});

describe('the vectors scoreCvss refuses, with BAD_USER_INPUT on cvssVector', () => {
  it.each([
    ['a CVSS v2 vector', 'CVSS:2.0/AV:N/AC:L/Au:N/C:C/I:C/A:C', /^cvssVector: must start with CVSS:3\.0\/, CVSS:3\.1\/ or CVSS:4\.0\/$/],
    ['a vector without its version', 'AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', /must start with CVSS:3\.0\//],
    ['an unknown value', 'CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', /^cvssVector: not a valid CVSS 3\.1 vector \(.+\)$/],
    ['an unknown metric', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:Q', /not a valid CVSS 3\.1 vector/],
    [
      'a v3.1 vector missing a base metric',
      'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H',
      /^cvssVector: every base metric of CVSS 3\.1 must be given$/,
    ],
    ['a v4.0 vector missing a base metric', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N', /every base metric of CVSS 4\.0/],
  ])('refuses %s', (_case, vector, message) => {
    let error: GraphQLError | undefined;
    try {
      scoreCvss(vector);
    } catch (thrown) {
      error = thrown as GraphQLError;
    }
    expect(error?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'cvssVector',
      invalidFields: [{ field: 'cvssVector', problems: [error?.message], codes: [expect.stringMatching(/^[A-Z_]+$/)] }],
    });
    expect(error?.message).toMatch(message);
  });
});

/**
 * Vectors with temporal, threat, environmental and supplemental metrics, each scored here and by an
 * independent implementation of FIRST's algorithms (@pandatix/js-cvss), which must agree on every
 * score. The rows with numbers also carry the scores FIRST's calculator gives (first.org/cvss/calculator).
 */
const TABLE: [vector: string, expected?: Partial<CvssScores>, independentDeviates?: string][] = [
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', { base: 9.8, overall: 9.8, nomenclature: 'Base' }],
  [
    'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:C',
    { base: 9.8, temporal: 8.5, environmental: null, nomenclature: 'Temporal' },
  ],
  [
    'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:C/CR:H/MAV:L',
    { temporal: 8.5, environmental: 7.3, nomenclature: 'Environmental' },
  ],
  ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H/E:F/RL:T/RC:R'],
  ['CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N/E:P/RL:W/RC:U'],
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N/MS:U/MC:H/IR:H'],
  // FIRST's v3.1 §7.3: with MS:C, MPR:H weighs 0.5 (the "scope changed" value), giving 2.5; @pandatix/js-cvss 0.4.4
  // weighs it by S (0.27), giving 2.3. FIRST's calculator and the formula worked by hand give 2.5.
  [
    'CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/CR:L/IR:L/AR:L/MAV:P/MAC:H/MPR:H/MUI:R/MS:C/MC:L/MI:L/MA:L',
    { base: 8.8, environmental: 2.5, overall: 2.5 },
    'independent implementation weighs MPR by S instead of MS',
  ],
  ['CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:L/E:H/MA:H'],
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:X/RL:X/RC:X', { base: 9.8, temporal: null, environmental: null, nomenclature: 'Base' }],
  ['CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N/E:P/RL:O/RC:C', { base: 6.1 }],
  ['CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H/E:F/CR:H/MPR:N'],
  ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', { base: 9.3, overall: 9.3, nomenclature: 'CVSS-B' }],
  [
    'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U',
    { base: 9.3, baseThreat: 8.1, overall: 8.1, nomenclature: 'CVSS-BT' },
  ],
  ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A', { base: 9.3, baseThreat: 9.3 }],
  ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:P'],
  ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/CR:L/MAV:L', { base: 9.3, baseThreat: null, nomenclature: 'CVSS-BE' }],
  ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U/CR:L/IR:L/AR:L', { base: 9.3, nomenclature: 'CVSS-BTE' }],
  ['CVSS:4.0/AV:A/AC:H/AT:P/PR:L/UI:P/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L'],
  ['CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:P/MVC:L/MSI:S/MSA:S'],
  ['CVSS:4.0/AV:P/AC:L/AT:P/PR:H/UI:A/VC:L/VI:L/VA:N/SC:H/SI:H/SA:H/E:U/CR:H/IR:H/AR:H/MAV:N/MAC:L/MAT:N/MPR:N/MUI:N'],
  ['CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/S:P/AU:Y/R:U/V:C/RE:H/U:Red', { nomenclature: 'CVSS-B' }],
  ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N/E:A/MSC:H'],
  ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/E:A', { base: 0, overall: 0 }],
  ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:X/CR:X', { base: 10, nomenclature: 'CVSS-B' }],
];

const V4_THREAT = ['E'];
const V4_ENVIRONMENTAL = ['CR', 'IR', 'AR', 'MAV', 'MAC', 'MAT', 'MPR', 'MUI', 'MVC', 'MVI', 'MVA', 'MSC', 'MSI', 'MSA'];

/** The scores @pandatix/js-cvss gives, in our shape: for v4.0 it scores the vector with the groups a name leaves out set to X. */
function independent(vector: string): CvssScores {
  if (vector.startsWith('CVSS:4.0/')) {
    const full = new CVSS40(vector);
    const given = (metrics: string[]) => metrics.some((m) => full.Get(m) !== 'X');
    const without = (metrics: string[]) => {
      const partial = new CVSS40(vector);
      for (const m of metrics) partial.Set(m, 'X');
      return partial.Score();
    };
    const threat = given(V4_THREAT);
    const environmental = given(V4_ENVIRONMENTAL);
    return {
      version: '4.0',
      base: without([...V4_THREAT, ...V4_ENVIRONMENTAL]),
      temporal: null,
      environmental: null,
      baseThreat: threat ? without(V4_ENVIRONMENTAL) : null,
      baseEnvironmental: environmental ? without(V4_THREAT) : null,
      baseThreatEnvironmental: threat && environmental ? full.Score() : null,
      overall: full.Score(),
      nomenclature: full.Nomenclature(),
    };
  }
  const v3 = vector.startsWith('CVSS:3.1/') ? new CVSS31(vector) : new CVSS30(vector);
  const given = (metrics: string[]) => metrics.some((m) => v3.Get(m) !== 'X');
  const temporal = given(['E', 'RL', 'RC']) ? v3.TemporalScore() : null;
  const environmental = given(['CR', 'IR', 'AR', 'MAV', 'MAC', 'MPR', 'MUI', 'MS', 'MC', 'MI', 'MA']) ? v3.EnvironmentalScore() : null;
  return {
    version: vector.slice(5, 8) as CvssScores['version'],
    base: v3.BaseScore(),
    temporal,
    environmental,
    baseThreat: null,
    baseEnvironmental: null,
    baseThreatEnvironmental: null,
    overall: environmental ?? temporal ?? v3.BaseScore(),
    nomenclature: environmental !== null ? 'Environmental' : temporal !== null ? 'Temporal' : 'Base',
  };
}

describe('every score, named as FIRST names it, against an independent implementation', () => {
  it.each(TABLE)('%s', (vector, expected, independentDeviates) => {
    const scores = cvssScoresOf(vector);
    // Where the independent implementation is known to deviate from FIRST's formula, FIRST's scores stand in for its.
    expect(scores).toEqual({ ...independent(vector), ...(independentDeviates ? expected : {}) });
    if (expected) expect(scores).toMatchObject(expected);
    // The base score is CVSS-B whatever else the vector sets.
    expect(scoreCvss(vector)).toMatchObject({ baseScore: scores.base, severity: severityOf(scores.base) });
  });
});

describe('the metrics scoreCvss refuses to guess at, with BAD_USER_INPUT on cvssVector', () => {
  it.each([
    ['a repeated base metric', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:L', /the metric AV is given more than once/],
    [
      'a metric repeated with the same value',
      'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U/E:U',
      /E is given more than once/,
    ],
    ['a v4.0 metric in a v3.1 vector', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AT:N', /AT is not one of its metrics/],
    [
      'a v3.1 metric in a v4.0 vector',
      'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/RL:O',
      /RL is not one of its metrics/,
    ],
    ['an empty part', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/', /is not a METRIC:VALUE pair/],
    ['a part without a value', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A', /“A” is not a METRIC:VALUE pair/],
  ])('refuses %s', (_case, vector, message) => {
    let error: GraphQLError | undefined;
    try {
      scoreCvss(vector);
    } catch (thrown) {
      error = thrown as GraphQLError;
    }
    expect(error?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'cvssVector',
      invalidFields: [{ field: 'cvssVector', problems: [error?.message], codes: ['BAD_FORMAT'] }],
    });
    expect(error?.message).toMatch(message);
    // The independent implementation refuses it too.
    expect(() => (vector.startsWith('CVSS:4.0/') ? new CVSS40(vector) : new CVSS31(vector))).toThrow();
  });
});
