import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { callerFromClaims, InvalidClaimsError, PUBLIC_CALLER, type Caller, type SignedInCaller } from '../../subgraphs/shared/caller.js';
import { unauthenticated } from '../../subgraphs/shared/errors.js';
import { rememberVerifiedTokens } from '../../subgraphs/shared/verified-tokens.js';
import type { TokenConfig } from './env.js';

/** A verified user: who, and until when the token may be used. */
export interface VerifiedCaller {
  caller: Caller;
  /** When the token expires; undefined for the public. */
  expiresAt?: Date;
}

export type TokenVerifier = (token: string) => Promise<{ caller: SignedInCaller; expiresAt: Date }>;

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (error instanceof errors.JWTClaimValidationFailed) return `the token claim "${error.claim}" is not acceptable`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token is signed with an algorithm this graph does not accept';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no published key matches the token';
  if (error instanceof InvalidClaimsError) return error.message;
  return 'the token is not a valid JWT';
}

/**
 * Verifies user tokens with jose: HS256 with a shared secret in development, RS256/ES256 with
 * keys from a JWKS URL (cached and refreshed by jose) or one configured public key in production.
 * A token that verified is remembered for up to a minute (never past its expiry).
 */
export function createTokenVerifier(config: TokenConfig): TokenVerifier {
  const { keys } = config;
  let key: Uint8Array | KeyObject | JWTVerifyGetKey;
  if (keys.kind === 'secret') key = keys.secret;
  else if (keys.kind === 'jwks') key = createRemoteJWKSet(new URL(keys.url));
  else key = createPublicKey(keys.pem);
  const options = {
    algorithms: keys.kind === 'secret' ? ['HS256'] : keys.algorithms,
    issuer: config.issuer,
    audience: config.audience,
    clockTolerance: config.clockToleranceSeconds,
    requiredClaims: ['sub', 'exp'],
  };
  return rememberVerifiedTokens(async (token) => {
    try {
      const { payload } =
        typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options);
      return { caller: callerFromClaims(payload), expiresAt: new Date(payload.exp! * 1000) };
    } catch (error) {
      throw unauthenticated(`Not signed in: ${reasonOf(error)}`);
    }
  });
}

/**
 * No Authorization header: a public caller. A header that is present but not a valid bearer
 * token is refused — a broken token is never silently treated as public.
 */
export async function callerFromAuthorization(header: string | undefined, verify: TokenVerifier): Promise<VerifiedCaller> {
  if (header === undefined || header.trim() === '') return { caller: PUBLIC_CALLER };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthenticated('Not signed in: the authorization must be "Bearer <token>"');
  return verify(match[1]!);
}
