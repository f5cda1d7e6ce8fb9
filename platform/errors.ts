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
export const serviceUnavailable = (message: string) => graphError(ErrorCode.SERVICE_UNAVAILABLE, message);

/**
 * What is wrong with one field, as a machine reads it: a client translates by this code and shows
 * `problems` (English) only as a fallback. Stable: a code is never renamed or reused (README, Errors).
 */
export const ProblemCode = {
  // The format of a value (the input classes' validators, subgraphs/kit/subgraph-errors.ts).
  REQUIRED: 'REQUIRED',
  TOO_LONG: 'TOO_LONG',
  WRONG_LENGTH: 'WRONG_LENGTH',
  TOO_SMALL: 'TOO_SMALL',
  TOO_LARGE: 'TOO_LARGE',
  TOO_MANY: 'TOO_MANY',
  TOO_FEW: 'TOO_FEW',
  BAD_FORMAT: 'BAD_FORMAT',
  NOT_AN_ID: 'NOT_AN_ID',
  NOT_AN_EMAIL: 'NOT_AN_EMAIL',
  NOT_A_URL: 'NOT_A_URL',
  NOT_A_BOOLEAN: 'NOT_A_BOOLEAN',
  NOT_AN_OBJECT: 'NOT_AN_OBJECT',
  NOT_THAI: 'NOT_THAI',
  NOT_A_PHONE_NUMBER: 'NOT_A_PHONE_NUMBER',
  NOT_A_MOBILE_NUMBER: 'NOT_A_MOBILE_NUMBER',
  UNSTORABLE_TEXT: 'UNSTORABLE_TEXT',
  /** A validator without a code of its own; a new validator should get one. */
  INVALID: 'INVALID',
  // The rules of the Announcement and of the registry.
  IN_THE_FUTURE: 'IN_THE_FUTURE',
  BEFORE_OCCURRED: 'BEFORE_OCCURRED',
  AFTER_DETECTION: 'AFTER_DETECTION',
  CONTRADICTS_OTHER_FIELD: 'CONTRADICTS_OTHER_FIELD',
  NOT_REPORTABLE_CATEGORY: 'NOT_REPORTABLE_CATEGORY',
  NOT_A_FINAL_CATEGORY: 'NOT_A_FINAL_CATEGORY',
  CATEGORY_STANDS_ALONE: 'CATEGORY_STANDS_ALONE',
  NOT_ALLOWED_FOR_CONTINUITY: 'NOT_ALLOWED_FOR_CONTINUITY',
  INCIDENT_CLOSED: 'INCIDENT_CLOSED',
  NOT_A_TRANSITION: 'NOT_A_TRANSITION',
  UNKNOWN_REFERENCE: 'UNKNOWN_REFERENCE',
  NOT_A_SIGNATURE: 'NOT_A_SIGNATURE',
  NOT_A_KEY: 'NOT_A_KEY',
  BUDDHIST_ERA_YEAR: 'BUDDHIST_ERA_YEAR',
  YEAR_OUT_OF_RANGE: 'YEAR_OUT_OF_RANGE',
  YEAR_NOT_OVER: 'YEAR_NOT_OVER',
  DUPLICATE_NAME: 'DUPLICATE_NAME',
  ALREADY_REGISTERED: 'ALREADY_REGISTERED',
  // Paging and resuming.
  NOT_A_CURSOR: 'NOT_A_CURSOR',
  NOT_A_SEQUENCE: 'NOT_A_SEQUENCE',
} as const;
export type ProblemCode = (typeof ProblemCode)[keyof typeof ProblemCode];

/** One field of `extensions.invalidFields`: `codes[i]` is the machine code of `problems[i]`. */
export interface InvalidField {
  field: string;
  problems: string[];
  codes: ProblemCode[];
}

/**
 * BAD_USER_INPUT for one field that breaks one rule, in the shape a format refusal has
 * (`invalidFields`, its one problem the message, which names the field as a validator's does), and
 * still naming the field in `extensions.field`.
 */
export function invalidField(field: string, code: ProblemCode, message: string, details?: Record<string, unknown>): GraphQLError {
  return badUserInput(message, fieldProblem(field, code, message, details));
}

/** CONFLICT over one field's value (it collides with a stored record), in the same `invalidFields` shape. */
export function conflictingField(field: string, code: ProblemCode, message: string, details?: Record<string, unknown>): GraphQLError {
  return conflict(message, fieldProblem(field, code, message, details));
}

function fieldProblem(field: string, code: ProblemCode, message: string, details?: Record<string, unknown>): Record<string, unknown> {
  const invalidFields: InvalidField[] = [{ field, problems: [message], codes: [code] }];
  return { field, ...details, invalidFields };
}

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
