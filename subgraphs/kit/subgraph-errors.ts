import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { ValidationError } from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';

import type { ErrorMapping } from '../../platform/error-format.js';
import { ErrorCode, ProblemCode, type InvalidField } from '../../platform/errors.js';

/** The code of each validator the input classes use, by its class-validator name (kit/validators.ts names ours). */
const CONSTRAINT_CODES: Readonly<Record<string, ProblemCode>> = {
  notBlank: ProblemCode.REQUIRED,
  maxLength: ProblemCode.TOO_LONG,
  isLength: ProblemCode.WRONG_LENGTH,
  min: ProblemCode.TOO_SMALL,
  max: ProblemCode.TOO_LARGE,
  arrayMaxSize: ProblemCode.TOO_MANY,
  arrayMinSize: ProblemCode.TOO_FEW,
  matches: ProblemCode.BAD_FORMAT,
  isUuid: ProblemCode.NOT_AN_ID,
  isEmail: ProblemCode.NOT_AN_EMAIL,
  isUrl: ProblemCode.NOT_A_URL,
  isBoolean: ProblemCode.NOT_A_BOOLEAN,
  nestedValidation: ProblemCode.NOT_AN_OBJECT,
  containsThai: ProblemCode.NOT_THAI,
  isThaiPhoneNumber: ProblemCode.NOT_A_PHONE_NUMBER,
  isThaiMobileNumber: ProblemCode.NOT_A_MOBILE_NUMBER,
};

/** The stable code of a class-validator constraint. */
export const problemCodeOf = (constraint: string): ProblemCode => CONSTRAINT_CODES[constraint] ?? ProblemCode.INVALID;

function flattenValidation(errors: readonly ValidationError[], prefix = ''): InvalidField[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const constraints = Object.entries(error.constraints ?? {});
    const own =
      constraints.length > 0
        ? [{ field, problems: constraints.map(([, problem]) => problem), codes: constraints.map(([name]) => problemCodeOf(name)) }]
        : [];
    return [...own, ...flattenValidation(error.children ?? [], field)];
  });
}

/** Connection-level failures: the server is down, restarting, or refused us; not the request's fault. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);
const CONNECTION_MESSAGES = /Connection terminated|connection error and is not queryable|Knex: Timeout acquiring a connection/i;

/** Whether an error (or one it wraps) says the database could not be reached, rather than refused the request. */
function isDatabaseUnavailable(error: unknown): boolean {
  for (
    let current = error as { code?: unknown; message?: unknown; cause?: unknown; previous?: unknown } | undefined, depth = 0;
    current && depth < 5;
    depth++
  ) {
    if (typeof current.code === 'string' && CONNECTION_CODES.has(current.code)) return true;
    if (typeof current.message === 'string' && CONNECTION_MESSAGES.test(current.message)) return true;
    current = (current.previous ?? current.cause) as typeof current;
  }
  return false;
}

/**
 * A subgraph's own failures as a client sees them (the platform's error formatter asks this first):
 * input validation names each invalid field, concurrency collisions become CONFLICT, and a database
 * that cannot be reached is SERVICE_UNAVAILABLE. Here, not in the platform, because only a subgraph
 * has arguments validated by type-graphql and a database: the gateway loads neither.
 */
export const subgraphErrors: ErrorMapping = (original, formatted, logger) => {
  if (original instanceof ArgumentValidationError) {
    const invalidFields = flattenValidation(original.extensions.validationErrors as ValidationError[]);
    const summary = invalidFields.map((f) => `${f.field}: ${f.problems.join('; ')}`).join(' | ');
    return { message: `Invalid input — ${summary}`, extensions: { code: ErrorCode.BAD_USER_INPUT, invalidFields } };
  }
  if (original instanceof OptimisticLockError) {
    return {
      message: 'The record was changed by someone else meanwhile; reload it and apply your change again',
      extensions: { code: ErrorCode.CONFLICT },
    };
  }
  if (original instanceof UniqueConstraintViolationException) {
    return { message: 'A record with the same unique value already exists', extensions: { code: ErrorCode.CONFLICT } };
  }
  if (isDatabaseUnavailable(original)) {
    logger.warn({ err: original, path: formatted.path }, 'database unavailable');
    return {
      message:
        'The database is unavailable just now, so this may not have been saved. Retry shortly: a report resent with the same idempotency key is never recorded twice.',
      extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
    };
  }
  return undefined;
};
