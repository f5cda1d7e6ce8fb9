import { describe, expect, it } from 'vitest';

import { HashAlgorithm, IndicatorKind, IndicatorStatus, Tlp } from '../../../../contracts/advisory-vocabulary.js';
import { stixProblems } from '../../../../test/stix-schema.js';
import type { Indicator } from '../indicator/indicator.entity.js';
import { indicatorBundle, patternOf } from './stix.js';

const indicator = (overrides: Partial<Indicator> = {}) =>
  ({
    id: '0190a1b2-0000-7000-8000-0000000000aa',
    incidentId: '0190a1b2-0000-7000-8000-0000000000bb',
    affectedOrganizationId: '0190a1b2-0000-7000-8000-0000000000cc',
    kind: IndicatorKind.DOMAIN_NAME,
    value: 'evil.example',
    hashAlgorithm: null,
    tlp: Tlp.GREEN,
    status: IndicatorStatus.ACTIVE,
    validFrom: new Date('2026-12-01T00:00:00Z'),
    createdAt: new Date('2026-12-01T00:00:00Z'),
    updatedAt: new Date('2026-12-02T00:00:00Z'),
    currentRevision: 1,
    targetSectorIds: [],
    recipientOrganizationIds: [],
    ...overrides,
  }) as Indicator;

describe('STIX patterns', () => {
  it('escapes quotes and backslashes in a literal, and names hashes as STIX does', () => {
    expect(patternOf({ kind: IndicatorKind.URL, value: "http://x.example/a'b\\c", hashAlgorithm: null })).toBe(
      "[url:value = 'http://x.example/a\\'b\\\\c']",
    );
    expect(patternOf({ kind: IndicatorKind.FILE_HASH, value: 'ab', hashAlgorithm: HashAlgorithm.SHA1 })).toBe(
      "[file:hashes.'SHA-1' = 'ab']",
    );
  });
});

describe('the STIX schema check itself', () => {
  it('passes a sound bundle and catches what is broken in one', () => {
    const bundle = indicatorBundle(indicator());
    expect(stixProblems(bundle)).toEqual([]);
    const broken = structuredClone(bundle);
    const stixIndicator = broken.objects.find((o) => o.type === 'indicator')!;
    delete stixIndicator.pattern;
    stixIndicator.created_by_ref = 'identity--00000000-0000-4000-8000-000000000000';
    broken.objects.find((o) => o.type === 'sighting')!.modified = '2020-01-01T00:00:00.000Z';
    const problems = stixProblems(broken);
    expect(problems.some((p) => p.includes('pattern'))).toBe(true);
    expect(problems.some((p) => p.includes('created_by_ref identity--00000000'))).toBe(true);
    expect(problems.some((p) => p.includes('modified before created'))).toBe(true);
  });

  it('gives the same ids on every export', () => {
    expect(indicatorBundle(indicator())).toEqual(indicatorBundle(indicator()));
  });
});
