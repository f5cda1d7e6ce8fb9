import { forbidden, invalidField, ProblemCode } from './errors.js';

/** The roles of the Cybersecurity Act's reporting chain (SPEC §1). */
export enum Role {
  ORGANIZATION = 'ORGANIZATION',
  REGULATOR = 'REGULATOR',
  THAICERT = 'THAICERT',
  NCSA = 'NCSA',
}

export type SignedInCaller =
  | { role: Role.ORGANIZATION; subject: string; organizationId: string }
  | { role: Role.REGULATOR; subject: string; regulatorId: string }
  | { role: Role.THAICERT | Role.NCSA; subject: string };

/**
 * Another of our services calling a subgraph directly (e.g. to read an event feed). Only the
 * internal identity can carry this role; a user token claiming it is refused.
 */
export interface ServiceCaller {
  role: 'SERVICE';
  subject: string;
}

/** Whoever made the request: a signed-in user, one of our services, or the public (no token). */
export type Caller = SignedInCaller | ServiceCaller | { role: 'PUBLIC' };

export const PUBLIC_CALLER: Caller = Object.freeze({ role: 'PUBLIC' });

// Any 128-bit value PostgreSQL's uuid type stores, not only RFC 9562 versions and variants (which
// `uuid.validate` insists on): ids derived by hashing (md5(...)::uuid, as the national data set
// makes them) or issued by partners' systems are ids all the same.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Error raised when token claims do not describe a valid caller. */
export class InvalidClaimsError extends Error {}

/**
 * Reads the identity claims shared by user tokens and the gateway's forwarded identity:
 * `sub`, `role`, and `organizationId` (ORGANIZATION) or `regulatorId` (REGULATOR).
 * Anything else is refused, so a token can never widen its holder's reach by omission.
 */
export function callerFromClaims(claims: Record<string, unknown>): SignedInCaller {
  const { sub, role } = claims;
  if (typeof sub !== 'string' || sub.length === 0) throw new InvalidClaimsError('token has no subject');
  const tenantId = (claim: 'organizationId' | 'regulatorId'): string => {
    const value = claims[claim];
    if (typeof value !== 'string' || !UUID.test(value)) {
      throw new InvalidClaimsError(`a ${String(role)} token needs a UUID ${claim} claim`);
    }
    return value.toLowerCase();
  };
  switch (role) {
    case Role.ORGANIZATION:
      return { role, subject: sub, organizationId: tenantId('organizationId') };
    case Role.REGULATOR:
      return { role, subject: sub, regulatorId: tenantId('regulatorId') };
    case Role.THAICERT:
    case Role.NCSA:
      return { role, subject: sub };
    default:
      throw new InvalidClaimsError(`unknown role ${JSON.stringify(role)}`);
  }
}

/** The claims that describe a caller, for minting tokens. */
export function claimsOf(caller: SignedInCaller): Record<string, string> {
  const claims: Record<string, string> = { sub: caller.subject, role: caller.role };
  if (caller.role === Role.ORGANIZATION) claims.organizationId = caller.organizationId;
  if (caller.role === Role.REGULATOR) claims.regulatorId = caller.regulatorId;
  return claims;
}

export function isSignedIn(caller: Caller): caller is SignedInCaller {
  return caller.role !== 'PUBLIC' && caller.role !== 'SERVICE';
}

/** The caller as a signed-in user; for code behind a role check that needs the user's claims. */
export function signedIn(caller: Caller): SignedInCaller {
  if (!isSignedIn(caller)) throw forbidden('Sign in first');
  return caller;
}

/** ThaiCERT and NCSA act nationally: they see and keep every record. */
export function isNationalCentre(caller: Caller): boolean {
  return caller.role === Role.THAICERT || caller.role === Role.NCSA;
}

/** The organization an ORGANIZATION caller acts for, or undefined. */
export function ownOrganizationId(caller: Caller): string | undefined {
  return caller.role === Role.ORGANIZATION ? caller.organizationId : undefined;
}

/** The regulator a REGULATOR caller acts for, or undefined. */
export function ownRegulatorId(caller: Caller): string | undefined {
  return caller.role === Role.REGULATOR ? caller.regulatorId : undefined;
}

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/**
 * What determines what a caller may see: the role and the organization or regulator it acts for.
 * Two callers with the same scope see the same data, so they can share one subscription.
 */
export function canonicalScope(caller: Caller): string {
  if (caller.role === Role.ORGANIZATION) return `${caller.role}:${caller.organizationId}`;
  if (caller.role === Role.REGULATOR) return `${caller.role}:${caller.regulatorId}`;
  return caller.role;
}

/** Validates an id argument before it reaches SQL, so a malformed id is a clear input error. */
export function requireUuid(value: string, what: string): string {
  if (!UUID.test(value)) throw invalidField(what, ProblemCode.NOT_AN_ID, `${what} must be a UUID`, { argument: what });
  return value.toLowerCase();
}
