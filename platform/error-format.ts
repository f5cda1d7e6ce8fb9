import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';

import { CLIENT_FACING_CODES, ErrorCode } from './errors.js';
import type { Logger } from './logger.js';

/**
 * What a client sees of an error that a layer above the platform knows how to explain (a
 * subgraph's invalid arguments, concurrency collisions, its database unreachable: see the kit's
 * `subgraphErrors`), or undefined to leave it to the defaults. `original` is the error a resolver
 * threw; `formatted` is Apollo's rendering of it (its path, for the log).
 */
export type ErrorMapping = (
  original: unknown,
  formatted: GraphQLFormattedError,
  logger: Logger,
) => Omit<GraphQLFormattedError, 'path' | 'locations'> | undefined;

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
 * Shapes every error that leaves a server (gateway or subgraph): errors `mapError` knows are
 * explained as it says, known refusals keep their code and message, and anything unexpected is
 * logged with its stack and reported only as an internal error, so no stack trace or SQL ever
 * reaches a client. No message suggests a name.
 */
export function errorFormatter(logger: Logger, mapError?: ErrorMapping) {
  const shape = shapeError(logger, mapError);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => withoutSuggestions(shape(formatted, error));
}

function shapeError(logger: Logger, mapError: ErrorMapping | undefined) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const where = { path: formatted.path, locations: formatted.locations };
    const mapped = mapError?.(original, formatted, logger);
    if (mapped) return { ...where, ...mapped };
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_FACING_CODES.has(code)) {
      return { ...formatted, extensions: safeExtensions(formatted.extensions) };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error');
    return { ...where, message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}
