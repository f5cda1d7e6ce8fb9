import { jwtVerify, SignJWT } from 'jose';
import { LRUCache } from 'lru-cache';

import { callerFromClaims, claimsOf, type ServiceCaller, type SignedInCaller } from './caller.js';
import { ConfigError, MINIMUM_SECRET_BYTES, secret, type Env } from './env.js';

/**
 * How the gateway tells a subgraph who the caller is. The gateway has already verified the
 * user's token; it forwards the identity as a short-lived JWT signed with a secret only the
 * gateway and subgraphs hold, so a request sent straight to a subgraph with a made-up identity
 * is refused rather than believed.
 */
export const IDENTITY_HEADER = 'x-caller-identity';
/**
 * The gateway's id for a request, made by the gateway for each one: sent to every subgraph the
 * request reaches (whose logs and audit lines carry it) and back to the client.
 */
export const REQUEST_ID_HEADER = 'x-request-id';
/**
 * A client's or load balancer's own id for a request. The gateway never takes it as the request
 * id (two callers could send the same one into the audit trail); it keeps it beside its own.
 */
export const CORRELATION_ID_HEADER = 'x-correlation-id';
/**
 * `extensions.reason` of the UNAUTHENTICATED a subgraph answers for a forwarded identity that does
 * not verify. The gateway signed it, so the fault is the deployment's (`INTERNAL_IDENTITY_SECRET`
 * differs), not the user's: the gateway recognises it and tells the client the service is
 * unavailable, and its operator why.
 */
export const FORWARDED_IDENTITY_REFUSED = 'FORWARDED_IDENTITY_REFUSED';
/** Over WebSocket, one connection carries many subscribers: each subscription names its caller here, in `extensions`. */
export const IDENTITY_EXTENSION = 'callerIdentity';
/** …and the gateway's request id for that subscriber, which the subgraph's logs and audit lines carry. */
export const REQUEST_ID_EXTENSION = 'requestId';

const ISSUER = 'ncsa-graph-gateway';
const AUDIENCE = 'ncsa-graph-subgraphs';
const ALGORITHM = 'HS256';

/** Secret shared between the gateway and subgraphs; at least 32 bytes. */
export type IdentitySecret = Uint8Array;

/** The shared secret from its text; throws when it is shorter than 32 bytes, too short to resist guessing. */
export function identitySecret(value: string): IdentitySecret {
  const bytes = new TextEncoder().encode(value);
  if (bytes.length < MINIMUM_SECRET_BYTES) throw new Error(`the internal identity secret must be at least ${MINIMUM_SECRET_BYTES} bytes`);
  return bytes;
}

/**
 * `INTERNAL_IDENTITY_SECRET`, as the gateway and every subgraph read it: in production required and
 * strong (see `secret`); in any mode at least 32 bytes, or the start fails naming the variable.
 */
export function configuredIdentitySecret(env: Env, production: boolean): IdentitySecret {
  const value = secret(env, 'INTERNAL_IDENTITY_SECRET', production, DEVELOPMENT_IDENTITY_SECRET);
  const bytes = new TextEncoder().encode(value).length;
  if (bytes < MINIMUM_SECRET_BYTES) {
    throw new ConfigError(
      `INTERNAL_IDENTITY_SECRET must be at least ${MINIMUM_SECRET_BYTES} bytes, it has ${bytes}: generate one with "openssl rand -hex 32"`,
    );
  }
  return identitySecret(value);
}

/** Signs the caller's identity for one hop from the gateway to a subgraph. */
export function signIdentity(caller: SignedInCaller | ServiceCaller, secret: IdentitySecret, ttlSeconds = 300): Promise<string> {
  const claims = caller.role === 'SERVICE' ? { sub: caller.subject, role: caller.role } : claimsOf(caller);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: ALGORITHM })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(secret);
}

/**
 * Signs identities for the gateway, reusing one token per caller while more than half of its
 * lifetime remains: the gateway forwards an identity on every subgraph fetch, and signing each
 * afresh showed in its profile.
 */
export class IdentitySigner {
  private readonly tokens: LRUCache<string, Promise<string>>;

  constructor(
    private readonly secret: IdentitySecret,
    private readonly ttlSeconds = 300,
  ) {
    this.tokens = new LRUCache({ max: 10_000, ttl: (ttlSeconds * 1000) / 2 });
  }

  /** A token for the caller valid for at least half of `ttlSeconds`: a cached one, or a fresh one (a failed signing is not kept). */
  sign(caller: SignedInCaller | ServiceCaller): Promise<string> {
    const key = JSON.stringify(caller.role === 'SERVICE' ? caller : claimsOf(caller));
    let token = this.tokens.get(key);
    if (!token) {
      token = signIdentity(caller, this.secret, this.ttlSeconds);
      this.tokens.set(key, token);
      token.catch(() => this.tokens.delete(key));
    }
    return token;
  }
}

/** A forwarded identity that verified: who, and until when the token holds. */
export interface VerifiedIdentity {
  caller: SignedInCaller | ServiceCaller;
  expiresAt: Date;
}

/** Verifies a forwarded identity; throws when it is forged, expired or malformed. */
export async function verifyIdentity(token: string, secret: IdentitySecret): Promise<VerifiedIdentity> {
  const { payload } = await jwtVerify(token, secret, {
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithms: [ALGORITHM],
    requiredClaims: ['sub', 'exp'],
  });
  const expiresAt = new Date(payload.exp! * 1000);
  if (payload.role === 'SERVICE' && typeof payload.sub === 'string')
    return { caller: { role: 'SERVICE', subject: payload.sub }, expiresAt };
  return { caller: callerFromClaims(payload), expiresAt };
}

/** Used only outside production, so `npm start` works with no configuration. */
export const DEVELOPMENT_IDENTITY_SECRET = 'development-only-internal-identity-secret-not-for-production';

/** An id from outside (a request or correlation id) kept only when it is short and plain. */
const PLAIN_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** The id when it is plain (8–128 letters, digits, `.`, `_`, `-`), else undefined: what may reach a log line or a header. */
export function acceptedRequestId(value: unknown): string | undefined {
  return typeof value === 'string' && PLAIN_ID.test(value) ? value : undefined;
}
