import { unwrapResolverError } from '@apollo/server/errors';
import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { ValidationError } from 'class-validator';
import type { GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { CLIENT_FACING_CODES, ErrorCode } from './errors.js';
import type { Logger } from './logger.js';

export interface InvalidField {
  field: string;
  problems: string[];
}

function flattenValidation(errors: readonly ValidationError[], prefix = ''): InvalidField[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidation(error.children ?? [], field)];
  });
}

/** Connection-level failures: the server is down, restarting, or refused us; not the request's fault. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
const CONNECTION_MESSAGES = /Connection terminated|connection error and is not queryable|Knex: Timeout acquiring a connection/i;

/** Whether an error (or one it wraps) says the database could not be reached, rather than refused the request. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error as { code?: unknown; message?: unknown; cause?: unknown; previous?: unknown } | undefined, depth = 0; current && depth < 5; depth++) {
    if (typeof current.code === 'string' && CONNECTION_CODES.has(current.code)) return true;
    if (typeof current.message === 'string' && CONNECTION_MESSAGES.test(current.message)) return true;
    current = (current.previous ?? current.cause) as typeof current;
  }
  return false;
}

/** Extensions a client may see; internals (stack traces, exception objects) never leave. */
function safeExtensions(extensions: GraphQLFormattedError['extensions']): Record<string, unknown> {
  const { stacktrace: _stacktrace, exception: _exception, http: _http, ...rest } = extensions ?? {};
  return rest;
}

/**
 * A suggestion as graphql-js and federation append it to a message: ` Did you mean "severity"?`,
 * ` Did you mean the enum value "CRITICAL_A" or "CRITICAL_B"?`. The names it lists hold no `?`.
 */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * An error as a client may see it: without suggestions ("Did you mean …?") of fields, arguments,
 * types, enum values or input fields, which would let anyone map the schema by guessing. Every
 * error leaving a server passes here: Apollo's formatError (below) and the gateway's graphql-ws.
 */
export function withoutSuggestions(error: GraphQLFormattedError): GraphQLFormattedError {
  return { ...error, message: error.message.replace(SUGGESTION, '') };
}

/**
 * Shapes every error that leaves a server (gateway or subgraph): known refusals keep their
 * code and message, input validation names each invalid field, concurrency collisions become
 * CONFLICT, and anything unexpected is logged with its stack and reported only as an internal
 * error, so no stack trace or SQL ever reaches a client. No message suggests a name.
 */
export function errorFormatter(logger: Logger) {
  const shape = shapeError(logger);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => withoutSuggestions(shape(formatted, error));
}

function shapeError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const where = { path: formatted.path, locations: formatted.locations };

    if (original instanceof ArgumentValidationError) {
      const invalidFields = flattenValidation(original.extensions.validationErrors as ValidationError[]);
      const summary = invalidFields.map((f) => `${f.field}: ${f.problems.join('; ')}`).join(' | ');
      return { ...where, message: `Invalid input — ${summary}`, extensions: { code: ErrorCode.BAD_USER_INPUT, invalidFields } };
    }
    if (original instanceof OptimisticLockError) {
      return {
        ...where,
        message: 'The record was changed by someone else meanwhile; reload it and apply your change again',
        extensions: { code: ErrorCode.CONFLICT },
      };
    }
    if (original instanceof UniqueConstraintViolationException) {
      return { ...where, message: 'A record with the same unique value already exists', extensions: { code: ErrorCode.CONFLICT } };
    }
    if (isDatabaseUnavailable(original)) {
      logger.warn({ err: original, path: formatted.path }, 'database unavailable');
      return {
        ...where,
        message: 'The database is unavailable just now, so this may not have been saved. Retry shortly: a report resent with the same idempotency key is never recorded twice.',
        extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_FACING_CODES.has(code)) {
      return { ...formatted, extensions: safeExtensions(formatted.extensions) };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error');
    return { ...where, message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}
