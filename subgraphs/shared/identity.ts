import { SignJWT, jwtVerify } from 'jose';
import { callerFromClaims, claimsOf, type ServiceCaller, type SignedInCaller } from './caller.js';

/**
 * How the gateway tells a subgraph who the caller is. The gateway has already verified the
 * user's token; it forwards the identity as a short-lived JWT signed with a secret only the
 * gateway and subgraphs hold, so a request sent straight to a subgraph with a made-up identity
 * is refused rather than believed.
 */
export const IDENTITY_HEADER = 'x-caller-identity';
export const REQUEST_ID_HEADER = 'x-request-id';
/** Over WebSocket, one connection carries many subscribers: each subscription names its caller here, in `extensions`. */
export const IDENTITY_EXTENSION = 'callerIdentity';

const ISSUER = 'ncsa-graph-gateway';
const AUDIENCE = 'ncsa-graph-subgraphs';
const ALGORITHM = 'HS256';

/** Secret shared between the gateway and subgraphs; at least 32 bytes. */
export type IdentitySecret = Uint8Array;

export function identitySecret(value: string): IdentitySecret {
  const bytes = new TextEncoder().encode(value);
  if (bytes.length < 32) throw new Error('the internal identity secret must be at least 32 bytes');
  return bytes;
}

/** Signs the caller's identity for one hop from the gateway to a subgraph. */
export function signIdentity(
  caller: SignedInCaller | ServiceCaller,
  secret: IdentitySecret,
  ttlSeconds = 300,
): Promise<string> {
  const claims = caller.role === 'SERVICE' ? { sub: caller.subject, role: caller.role } : claimsOf(caller);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: ALGORITHM })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(secret);
}

/** Verifies a forwarded identity; throws when it is forged, expired or malformed. */
export async function verifyIdentity(token: string, secret: IdentitySecret): Promise<SignedInCaller | ServiceCaller> {
  const { payload } = await jwtVerify(token, secret, {
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithms: [ALGORITHM],
  });
  if (payload.role === 'SERVICE' && typeof payload.sub === 'string') return { role: 'SERVICE', subject: payload.sub };
  return callerFromClaims(payload);
}

/** Used only outside production, so `npm start` works with no configuration. */
export const DEVELOPMENT_IDENTITY_SECRET = 'development-only-internal-identity-secret-not-for-production';
