import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readConfig as readGatewayConfig } from '../../gateway/src/env.js';
import { start as startGateway } from '../../gateway/src/server.js';
import { Role } from '../../platform/caller.js';
import { CleanupStack } from '../../platform/cleanup-stack.js';
import { IDENTITY_HEADER, identitySecret, signIdentity } from '../../platform/identity.js';
import { freePort } from '../../scripts/embedded-postgres.js';
import { demo, TEST_IDENTITY_SECRET, TEST_JWT_SECRET, useGraph } from '../graph.js';
import { errorCodes, graphqlRequest } from '../graphql-client.js';
import { connect } from '../ws-client.js';

type SigningKey = Parameters<SignJWT['sign']>[0];

const graph = useGraph();
const ME = '{ me { role subject } }';
const now = () => Math.floor(Date.now() / 1000);
const encoder = new TextEncoder();

function hs256(claims: Record<string, unknown>, secret = TEST_JWT_SECRET, expiresAt = now() + 600, issuedAt: number | null = now()) {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(expiresAt);
  return (issuedAt === null ? jwt : jwt.setIssuedAt(issuedAt)).sign(encoder.encode(secret));
}

describe('user tokens at the gateway', () => {
  it('treats a request without a token as the public', async () => {
    const res = await graph().query(ME);
    expect(res.data?.me).toEqual({ role: 'PUBLIC', subject: null });
  });

  it('accepts a valid HS256 development token', async () => {
    const res = await graph().query(ME, { token: graph().tokens.ncsa });
    expect(res.data?.me).toEqual({ role: 'NCSA', subject: 'test-ncsa' });
  });

  /** Every way a token is refused, and what the refusal says (over HTTP in the error, over WebSocket in the close reason). */
  const refusals: [string, () => Promise<string>, RegExp][] = [
    ['an expired token', () => hs256({ sub: 'x', role: 'NCSA' }, TEST_JWT_SECRET, now() - 120), /expired/],
    ['a token signed with another secret', () => hs256({ sub: 'x', role: 'NCSA' }, 'another-secret-that-is-long-enough-0123'), /signature/],
    [
      'an unsigned token (alg none)',
      async () => {
        const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        return `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: 'x', role: 'NCSA', exp: now() + 600 })}.`;
      },
      /not a valid JWT|algorithm/,
    ],
    ['a token that is not a JWT', async () => 'not-a-jwt', /not a valid JWT/],
    ['an ORGANIZATION token without organizationId', () => hs256({ sub: 'x', role: 'ORGANIZATION' }), /organizationId/],
    ['a REGULATOR token whose regulatorId is not a UUID', () => hs256({ sub: 'x', role: 'REGULATOR', regulatorId: 'bot' }), /regulatorId/],
    ['a token with an unknown role', () => hs256({ sub: 'x', role: 'ADMIN' }), /role/],
    ['a token without a subject', () => hs256({ role: 'NCSA' }), /"sub"/],
    [
      'an ORGANIZATION token naming an organization that is not registered',
      () => hs256({ sub: 'x', role: 'ORGANIZATION', organizationId: randomUUID() }),
      /organization \S+, which is not registered/,
    ],
    [
      'a REGULATOR token naming a regulator that is not registered',
      () => hs256({ sub: 'x', role: 'REGULATOR', regulatorId: randomUUID() }),
      /regulator \S+, which is not registered/,
    ],
    [
      'a token issued in the future, beyond the clock tolerance',
      () => hs256({ sub: 'x', role: 'NCSA' }, TEST_JWT_SECRET, now() + 1200, now() + 300),
      /issued in the future/,
    ],
    [
      'a token valid for longer than JWT_MAX_AGE_SECONDS (24 hours)',
      () => hs256({ sub: 'x', role: 'NCSA' }, TEST_JWT_SECRET, now() + 25 * 3600),
      /valid for 90000 s, longer than the 86400 s/,
    ],
    [
      'a token without "iat", whose lifetime cannot be told',
      () => hs256({ sub: 'x', role: 'NCSA' }, TEST_JWT_SECRET, now() + 600, null),
      /"iat"/,
    ],
  ];
  it.each(refusals)('refuses %s with UNAUTHENTICATED and HTTP 401 saying why, never as public', async (_case, makeToken, why) => {
    const res = await graph().query(ME, { token: await makeToken() });
    expect(res.status).toBe(401);
    expect(res.data ?? null).toBeNull();
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.errors![0]!.message).toMatch(why);
  });

  it.each(refusals)('refuses %s at WebSocket connection_init, closing with 4401 and why', async (_case, makeToken, why) => {
    const ws = connect(graph().gatewayUrl, await makeToken());
    try {
      expect(await ws.closed).toEqual({ code: 4401, reason: expect.stringMatching(why) });
    } finally {
      await ws.dispose();
    }
  });

  it('accepts a token issued a little in the future, within the clock tolerance', async () => {
    const res = await graph().query(ME, { token: await hs256({ sub: 'skewed', role: 'NCSA' }, TEST_JWT_SECRET, now() + 600, now() + 10) });
    expect(res.data?.me).toEqual({ role: 'NCSA', subject: 'skewed' });
  });

  it('accepts a token of an organization registered a moment ago', async () => {
    const g = graph();
    const registered = await g.query<{ registerOrganization: { id: string } }>(
      'mutation { registerOrganization(input: { nameTh: "กรมทดสอบโทเค็น", nameEn: "Token Test Department", kind: GOVERNMENT_AGENCY }) { id } }',
      { token: g.tokens.ncsa },
    );
    const token = await hs256({ sub: 'new-org-officer', role: 'ORGANIZATION', organizationId: registered.data!.registerOrganization.id });
    const res = await g.query('{ me { role organization { id } } }', { token });
    expect(res.errors).toBeUndefined();
    expect(res.data?.me).toEqual({ role: 'ORGANIZATION', organization: { id: registered.data!.registerOrganization.id } });
  });

  it('accepts, while the registry cannot be asked, a token naming an organization it cannot check', async () => {
    const gateway = await startGateway(
      readGatewayConfig({ ...graph().env, ORGANIZATIONS_URL: `http://127.0.0.1:${await freePort()}/graphql` }),
    );
    try {
      const token = await hs256({ sub: 'x', role: 'ORGANIZATION', organizationId: randomUUID() });
      const res = await graphqlRequest(gateway.url, '{ advisories(first: 1) { totalCount } }', { token });
      expect(res.errors).toBeUndefined();
      expect(res.data?.advisories.totalCount).toBeGreaterThanOrEqual(0);
    } finally {
      await gateway.close();
    }
  });

  it('refuses JWT_MAX_AGE_SECONDS=0 (tokens without a lifetime limit) in production', () => {
    expect(() =>
      readGatewayConfig({
        NODE_ENV: 'production',
        INTERNAL_IDENTITY_SECRET: randomUUID() + randomUUID(),
        JWT_JWKS_URL: 'https://idp.example/jwks.json',
        JWT_MAX_AGE_SECONDS: '0',
      }),
    ).toThrow(/JWT_MAX_AGE_SECONDS must be an integer from 1/);
  });

  it('refuses an Authorization header that is not a bearer token', async () => {
    const res = await graph().query(ME, { headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } });
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
  });

  it('does not pass a client-sent identity header on to the subgraphs', async () => {
    const forged = await signIdentity({ role: Role.NCSA, subject: 'forged' }, identitySecret(TEST_IDENTITY_SECRET));
    const res = await graph().query(ME, { headers: { [IDENTITY_HEADER]: forged } });
    expect(res.data?.me).toEqual({ role: 'PUBLIC', subject: null });
  });
});

describe('identity forwarded to a subgraph reached directly', () => {
  const organizations = () => graph().subgraphUrls.organizations!;
  const ORGS = '{ organizations(first: 1) { totalCount } }';

  it('refuses an identity signed with another secret', async () => {
    const forged = await signIdentity({ role: Role.NCSA, subject: 'forged' }, identitySecret('x'.repeat(40)));
    const res = await graphqlRequest(organizations(), ORGS, { headers: { [IDENTITY_HEADER]: forged } });
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a user token passed off as a forwarded identity', async () => {
    const res = await graphqlRequest(organizations(), ORGS, { headers: { [IDENTITY_HEADER]: graph().tokens.ncsa } });
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
  });

  it('treats a request without forwarded identity as the public', async () => {
    const res = await graphqlRequest(organizations(), ORGS);
    expect(errorCodes(res)).toEqual(['FORBIDDEN']);
    expect(res.data).toEqual({ organizations: null });
  });

  it('believes an identity the gateway signed', async () => {
    const identity = await signIdentity({ role: Role.THAICERT, subject: 'analyst' }, identitySecret(TEST_IDENTITY_SECRET));
    const res = await graphqlRequest(organizations(), ORGS, { headers: { [IDENTITY_HEADER]: identity } });
    expect(res.errors).toBeUndefined();
    expect(res.data?.organizations.totalCount).toBeGreaterThanOrEqual(20);
  });
});

describe('production key configurations', () => {
  const cleanup = new CleanupStack();
  let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
  let ec: Awaited<ReturnType<typeof generateKeyPair>>;
  let jwksGateway: string;
  let pemGateway: string;

  beforeAll(async () => {
    rsa = await generateKeyPair('RS256');
    ec = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' };
    const jwks = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })),
    );
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    cleanup.defer(() => new Promise((resolve) => jwks.close(resolve)));
    const base = { ...graph().env, JWT_SECRET: undefined, JWT_ISSUER: 'https://idp.example', JWT_AUDIENCE: 'ncsa-graph' };
    const withJwks = await startGateway(
      readGatewayConfig({ ...base, JWT_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json` }),
    );
    cleanup.defer(withJwks.close);
    jwksGateway = withJwks.url;
    const pem = await exportSPKI(ec.publicKey);
    const withPem = await startGateway(readGatewayConfig({ ...base, JWT_PUBLIC_KEY: pem, JWT_ALGORITHMS: 'ES256' }));
    cleanup.defer(withPem.close);
    pemGateway = withPem.url;
  });
  afterAll(() => cleanup.run());

  const sign = (alg: string, key: SigningKey, claims: Record<string, unknown> = {}) =>
    new SignJWT({ sub: 'reg-officer', role: 'REGULATOR', regulatorId: demo.regulatorId, ...claims })
      .setProtectedHeader({ alg, kid: 'rsa-1' })
      .setIssuer('https://idp.example')
      .setAudience('ncsa-graph')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);

  it('accepts an RS256 token whose key is published at the JWKS URL', async () => {
    const res = await graphqlRequest(jwksGateway, ME, { token: await sign('RS256', rsa.privateKey as SigningKey) });
    expect(res.data?.me).toEqual({ role: 'REGULATOR', subject: 'reg-officer' });
  });

  it('accepts an ES256 token verified with the configured public key', async () => {
    const res = await graphqlRequest(pemGateway, ME, { token: await sign('ES256', ec.privateKey as SigningKey) });
    expect(res.data?.me).toEqual({ role: 'REGULATOR', subject: 'reg-officer' });
  });

  it('refuses an HS256 token when only public keys are configured', async () => {
    const res = await graphqlRequest(jwksGateway, ME, { token: await sign('HS256', encoder.encode(TEST_JWT_SECRET)) });
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a token for another audience', async () => {
    const res = await graphqlRequest(jwksGateway, ME, {
      token: await new SignJWT({ sub: 'x', role: 'NCSA' })
        .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
        .setIssuer('https://idp.example')
        .setAudience('some-other-service')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(rsa.privateKey),
    });
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
  });
});
