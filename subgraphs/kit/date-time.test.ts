import { Kind } from 'graphql';
import { describe, expect, it } from 'vitest';

import { DateTimeScalar } from './date-time.js';

describe('the DateTime scalar', () => {
  it('reads an RFC 3339 instant, in variables and in the document', () => {
    expect(DateTimeScalar.parseValue('2026-11-24T01:30:00Z')).toEqual(new Date('2026-11-24T01:30:00Z'));
    expect(DateTimeScalar.parseLiteral({ kind: Kind.STRING, value: '1900-01-01T00:00:00Z' })).toEqual(new Date('1900-01-01T00:00:00Z'));
  });

  it.each(['0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '1899-12-31T23:59:59Z'])(
    'refuses %s, before 1900, as it refuses a malformed one',
    (text) => {
      expect(() => DateTimeScalar.parseValue(text)).toThrow(/DateTime cannot be before 1900/);
      expect(() => DateTimeScalar.parseLiteral({ kind: Kind.STRING, value: text })).toThrow(/DateTime cannot be before 1900/);
    },
  );

  it('still refuses what is not an instant', () => {
    expect(() => DateTimeScalar.parseValue('2026-02-30T00:00:00Z')).toThrow();
  });
});
