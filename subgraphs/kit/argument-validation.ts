import { validateOrReject, type ValidatorOptions } from 'class-validator';
import { ArgumentValidationError, type ValidatorFn } from 'type-graphql';

import { assertStorableText } from '../../platform/storable-text.js';

/** class-validator as type-graphql runs it by default: omitted fields skipped, plain objects allowed. */
const OPTIONS: ValidatorOptions = {
  skipMissingProperties: true,
  forbidUnknownValues: false,
  validationError: { target: false, value: false },
};

const isObject = (value: unknown): value is object => value !== null && typeof value === 'object';

/**
 * Validates every argument of every field of a subgraph before its resolver runs, inside the
 * resolver's middleware (so a refused submission is still kept, see KeepRefusedSubmissions):
 * first that no text anywhere in the arguments is unstorable — whether it came in variables or
 * was written as a literal in the document, and whether the gateway or a caller reached the
 * subgraph directly — then the input classes' class-validator rules.
 */
export const validateArgument: ValidatorFn = async (value, _type, { args }) => {
  assertStorableText(args);
  if (!isObject(value)) return;
  try {
    await (Array.isArray(value)
      ? Promise.all(value.filter(isObject).map((item) => validateOrReject(item, OPTIONS)))
      : validateOrReject(value, OPTIONS));
  } catch (errors) {
    throw new ArgumentValidationError(errors as ConstructorParameters<typeof ArgumentValidationError>[0]);
  }
};
