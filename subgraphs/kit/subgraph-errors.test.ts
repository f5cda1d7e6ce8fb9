import 'reflect-metadata';

import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsEmail,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  validate,
  ValidateNested,
} from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';
import { describe, expect, it } from 'vitest';

import type { Logger } from '../../platform/logger.js';
import { subgraphErrors } from './subgraph-errors.js';
import { ContainsThai, IsThaiMobileNumber, IsThaiPhoneNumber, NotBlank } from './validators.js';

class Nested {
  @MaxLength(3) short?: string;
}

/** One property per validator the input classes use. */
class Everything {
  @NotBlank() notBlank?: unknown;
  @MaxLength(3) maxLength?: unknown;
  @Length(2, 3) length?: unknown;
  @Min(1) min?: unknown;
  @Max(1) max?: unknown;
  @ArrayMaxSize(1) arrayMaxSize?: unknown;
  @ArrayMinSize(1) arrayMinSize?: unknown;
  @Matches(/^x$/) matches?: unknown;
  @IsUUID() uuid?: unknown;
  @IsEmail() email?: unknown;
  @IsUrl() url?: unknown;
  @IsBoolean() boolean?: unknown;
  @ValidateNested() nested?: unknown;
  @ContainsThai() thai?: unknown;
  @IsThaiPhoneNumber() phone?: unknown;
  @IsThaiMobileNumber() mobile?: unknown;
}

/** The invalidFields a client is sent for `values`, as the subgraph's error formatter shapes them. */
async function invalidFields(values: Record<string, unknown>) {
  const input = Object.assign(new Everything(), values);
  const errors = await validate(input, { skipMissingProperties: true, validationError: { target: false, value: false } });
  const mapped = subgraphErrors(new ArgumentValidationError(errors), { message: '' }, {} as Logger);
  return mapped?.extensions?.invalidFields as { field: string; problems: string[]; codes: string[] }[];
}

describe('a format refusal', () => {
  it.each<[string, unknown, string]>([
    ['notBlank', '  ', 'REQUIRED'],
    ['maxLength', 'abcd', 'TOO_LONG'],
    ['length', 'a', 'WRONG_LENGTH'],
    ['min', 0, 'TOO_SMALL'],
    ['max', 2, 'TOO_LARGE'],
    ['arrayMaxSize', [1, 2], 'TOO_MANY'],
    ['arrayMinSize', [], 'TOO_FEW'],
    ['matches', 'y', 'BAD_FORMAT'],
    ['uuid', 'not-an-id', 'NOT_AN_ID'],
    ['email', 'nobody', 'NOT_AN_EMAIL'],
    ['url', 'not a url', 'NOT_A_URL'],
    ['boolean', 'yes', 'NOT_A_BOOLEAN'],
    ['nested', 'text', 'NOT_AN_OBJECT'],
    ['thai', 'Bangkok', 'NOT_THAI'],
    ['phone', '12', 'NOT_A_PHONE_NUMBER'],
    ['mobile', '02 123 4567', 'NOT_A_MOBILE_NUMBER'],
  ])('of %s carries the stable code beside the problem (%j: %s)', async (field, value, code) => {
    const [only, ...others] = await invalidFields({ [field]: value });
    expect(others).toEqual([]);
    expect(only).toMatchObject({ field, codes: [code] });
    expect(only!.problems).toHaveLength(1);
    expect(only!.problems[0]).toContain(field);
  });

  it('names a nested field by its path, with its code', async () => {
    const nested = Object.assign(new Nested(), { short: 'abcd' });
    expect(await invalidFields({ nested })).toEqual([
      { field: 'nested.short', problems: ['short must be shorter than or equal to 3 characters'], codes: ['TOO_LONG'] },
    ]);
  });

  it('gives each of a field’s problems its own code, in the same order', async () => {
    class Twice {
      @MaxLength(3) @Matches(/^x+$/) text?: string;
    }
    const errors = await validate(Object.assign(new Twice(), { text: 'abcd' }));
    const mapped = subgraphErrors(new ArgumentValidationError(errors), { message: '' }, {} as Logger);
    const [field] = mapped?.extensions?.invalidFields as { problems: string[]; codes: string[] }[];
    expect(field!.codes).toHaveLength(2);
    expect(new Set(field!.codes)).toEqual(new Set(['TOO_LONG', 'BAD_FORMAT']));
    expect(field!.problems[field!.codes.indexOf('TOO_LONG')]).toMatch(/shorter than or equal to 3/);
  });
});
