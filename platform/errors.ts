import { GraphQLError } from 'graphql';

/** The error codes clients rely on (SPEC §6), plus the server's own failure code. */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  /** Too many requests; `retryAfterSeconds` says when to try again. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** A service or the database cannot answer just now; retrying later is safe. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /** The operation's estimated cost is over the gateway's maximum; `estimatedCost` and `maxCost` say by how much. */
  COST_ESTIMATED_TOO_EXPENSIVE: 'COST_ESTIMATED_TOO_EXPENSIVE',
  /**
   * The document is longer (`limit: "tokens"`) or holds more selections (`limit: "selections"`) than its caller
   * may send; `max` says how many.
   */
  OPERATION_TOO_LARGE: 'OPERATION_TOO_LARGE',
  /** A subscription's forwarded identity ran out: subscribe again (resuming) with a fresh one. */
  IDENTITY_EXPIRED: 'IDENTITY_EXPIRED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401 };

function graphError(code: ErrorCode, message: string, details?: Record<string, unknown>): GraphQLError {
  const status = HTTP_STATUS[code];
  return new GraphQLError(message, {
    extensions: { code, ...details, ...(status ? { http: { status } } : {}) },
  });
}

export const badUserInput = (message: string, details?: Record<string, unknown>) => graphError(ErrorCode.BAD_USER_INPUT, message, details);
export const unauthenticated = (message: string, details?: Record<string, unknown>) =>
  graphError(ErrorCode.UNAUTHENTICATED, message, details);
export const forbidden = (message: string) => graphError(ErrorCode.FORBIDDEN, message);
export const notFound = (what: string, id: string) => graphError(ErrorCode.NOT_FOUND, `${what} ${id} was not found`, { id });
export const conflict = (message: string, details?: Record<string, unknown>) => graphError(ErrorCode.CONFLICT, message, details);

/** Codes whose errors are the user's to see as they are; anything else is masked. */
export const CLIENT_FACING_CODES: ReadonlySet<string> = new Set([
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.NOT_FOUND,
  ErrorCode.CONFLICT,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  ErrorCode.RATE_LIMITED,
  ErrorCode.SERVICE_UNAVAILABLE,
  ErrorCode.COST_ESTIMATED_TOO_EXPENSIVE,
  ErrorCode.OPERATION_TOO_LARGE,
]);
