import { randomUUID } from 'node:crypto';

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import { CleanupStack } from '../../platform/cleanup-stack.js';
import type { Env } from '../../platform/env.js';
import { freePort } from '../../scripts/embedded-postgres.js';
import { useGraph } from '../graph.js';
import { errorCodes, graphqlRequest } from '../graphql-client.js';

const graph = useGraph({ subgraphs: ['organizations'] });
const cleanup = new CleanupStack();
afterAll(() => cleanup.run());

/** Another gateway over the test graph's subgraphs, configured by `env`. */
const gatewayWith = async (env: Env) => (await graph().gateway(env)).url;

const SECTORS = '{ sectors { id } }';
const BAD_TOKEN = 'not.a.valid-token';

/**
 * Opens a graphql-ws socket as a browser would and waits for the gateway's answer: the
 * connection acknowledged (`open`), or the HTTP status the upgrade was refused with.
 */
function openSubscriptionSocket(httpUrl: string): Promise<{ status: 'open'; socket: WebSocket } | { status: number; retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(httpUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
    cleanup.defer(() => socket.terminate());
    socket.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] });
      res.resume();
    });
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
    socket.on('message', (data) => {
      if ((JSON.parse(String(data)) as { type: string }).type === 'connection_ack') resolve({ status: 'open', socket });
    });
    socket.on('close', (code, reason) => reject(new Error(`closed before an answer: ${code} ${String(reason)}`)));
    socket.on('error', () => {});
  });
}

describe('the per-token limit', () => {
  it('refuses a token over RATE_LIMIT_PER_TOKEN a minute with 429 RATE_LIMITED and Retry-After', async () => {
    const url = await gatewayWith({ RATE_LIMIT_PER_TOKEN: '3' });
    const token = graph().tokens.thaicert;
    for (let i = 0; i < 3; i++) expect((await graphqlRequest(url, SECTORS, { token })).errors).toBeUndefined();
    const refused = await graphqlRequest(url, SECTORS, { token });
    expect(refused.status).toBe(429);
    expect(errorCodes(refused)).toEqual(['RATE_LIMITED']);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another token is counted on its own.
    expect((await graphqlRequest(url, SECTORS, { token: graph().tokens.ncsa })).errors).toBeUndefined();
  });
});

describe('the per-address limit', () => {
  it('refuses an address over RATE_LIMIT_PER_ADDRESS a minute, signed in or not', async () => {
    const url = await gatewayWith({ RATE_LIMIT_PER_ADDRESS: '4' });
    for (let i = 0; i < 4; i++) expect((await graphqlRequest(url, SECTORS)).errors).toBeUndefined();
    expect(errorCodes(await graphqlRequest(url, SECTORS))).toEqual(['RATE_LIMITED']);
    expect(errorCodes(await graphqlRequest(url, SECTORS, { token: graph().tokens.ncsa }))).toEqual(['RATE_LIMITED']);
  });

  it('counts requests whose token does not verify: they are refused with 429 once the limit is used up', async () => {
    const url = await gatewayWith({ RATE_LIMIT_PER_ADDRESS: '4' });
    for (let i = 0; i < 4; i++) expect(errorCodes(await graphqlRequest(url, SECTORS, { token: BAD_TOKEN }))).toEqual(['UNAUTHENTICATED']);
    const refused = await graphqlRequest(url, SECTORS, { token: BAD_TOKEN });
    expect(refused.status).toBe(429);
    expect(errorCodes(refused)).toEqual(['RATE_LIMITED']);
    // The address is spent for everyone calling from it, signed in or not.
    expect(errorCodes(await graphqlRequest(url, SECTORS, { token: graph().tokens.ncsa }))).toEqual(['RATE_LIMITED']);
    expect(errorCodes(await graphqlRequest(url, SECTORS))).toEqual(['RATE_LIMITED']);
  });

  it('counts WebSocket handshakes too: once it is used up the upgrade is refused with 429 and Retry-After', async () => {
    const url = await gatewayWith({ RATE_LIMIT_PER_ADDRESS: '3' });
    for (let i = 0; i < 3; i++) expect((await openSubscriptionSocket(url)).status).toBe('open');
    const refused = await openSubscriptionSocket(url);
    expect(refused).toMatchObject({ status: 429 });
    expect(Number((refused as { retryAfter?: string }).retryAfter)).toBeGreaterThan(0);
    expect(errorCodes(await graphqlRequest(url, SECTORS))).toEqual(['RATE_LIMITED']);
  });
});

describe('WebSocket connections per address', () => {
  it('are capped at WS_CONNECTIONS_PER_ADDRESS: one more is refused at the upgrade with 429, and accepted once one closes', async () => {
    const url = await gatewayWith({ WS_CONNECTIONS_PER_ADDRESS: '2' });
    const first = await openSubscriptionSocket(url);
    expect(first.status).toBe('open');
    expect((await openSubscriptionSocket(url)).status).toBe('open');
    expect(await openSubscriptionSocket(url)).toMatchObject({ status: 429 });
    // HTTP requests from the address are not held back by its sockets.
    expect((await graphqlRequest(url, SECTORS)).errors).toBeUndefined();

    const closed = new Promise((resolve) => (first as { socket: WebSocket }).socket.once('close', resolve));
    (first as { socket: WebSocket }).socket.close();
    await closed;
    // The gateway sees the socket gone a moment after the client does.
    let again = await openSubscriptionSocket(url);
    for (let attempt = 0; again.status !== 'open' && attempt < 20; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      again = await openSubscriptionSocket(url);
    }
    expect(again.status).toBe('open');
  });
});

/**
 * The shared store needs a Redis server; CI machines run one on 127.0.0.1:6379. Without one these
 * tests fail saying so, unless SKIP_REDIS_TESTS=true says to skip them.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
describe.skipIf(process.env.SKIP_REDIS_TESTS === 'true')('with a shared store (RATE_LIMIT_REDIS_URL)', () => {
  beforeAll(async () => {
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await redis.connect();
      await redis.ping();
    } catch (error) {
      throw new Error(
        `no Redis answers at ${REDIS_URL} (${(error as Error).message}): start one, set TEST_REDIS_URL, or set SKIP_REDIS_TESTS=true to skip these tests`,
      );
    } finally {
      redis.disconnect();
    }
  });

  /** Two gateway replicas sharing one store; a fresh key prefix keeps other runs' counts apart. */
  const replicas = async (env: Env) => {
    const shared = { RATE_LIMIT_REDIS_URL: REDIS_URL, RATE_LIMIT_REDIS_PREFIX: `test-${randomUUID()}`, ...env };
    return [await gatewayWith(shared), await gatewayWith(shared)] as const;
  };

  it('two replicas enforce one per-address limit: requests split between them are refused after the limit', async () => {
    const [a, b] = await replicas({ RATE_LIMIT_PER_ADDRESS: '6' });
    for (let i = 0; i < 6; i++) expect((await graphqlRequest(i % 2 ? b : a, SECTORS)).errors).toBeUndefined();
    for (const url of [a, b]) {
      const refused = await graphqlRequest(url, SECTORS);
      expect(refused.status).toBe(429);
      expect(errorCodes(refused)).toEqual(['RATE_LIMITED']);
    }
  });

  it('two replicas enforce one per-token limit', async () => {
    const [a, b] = await replicas({ RATE_LIMIT_PER_TOKEN: '4' });
    const token = graph().tokens.thaicert;
    for (let i = 0; i < 4; i++) expect((await graphqlRequest(i % 2 ? b : a, SECTORS, { token })).errors).toBeUndefined();
    expect(errorCodes(await graphqlRequest(a, SECTORS, { token }))).toEqual(['RATE_LIMITED']);
    expect(errorCodes(await graphqlRequest(b, SECTORS, { token }))).toEqual(['RATE_LIMITED']);
  });

  it('when the store cannot be reached, each replica still enforces the limit in memory', async () => {
    const nothingListens = `redis://127.0.0.1:${await freePort()}`;
    const url = await gatewayWith({ RATE_LIMIT_REDIS_URL: nothingListens, RATE_LIMIT_PER_ADDRESS: '3' });
    for (let i = 0; i < 3; i++) expect((await graphqlRequest(url, SECTORS)).errors).toBeUndefined();
    expect(errorCodes(await graphqlRequest(url, SECTORS))).toEqual(['RATE_LIMITED']);
  });
});

describe('without a shared store', () => {
  it('each replica counts on its own (the default)', async () => {
    const env = { RATE_LIMIT_PER_ADDRESS: '3' };
    const [a, b] = [await gatewayWith(env), await gatewayWith(env)];
    for (let i = 0; i < 6; i++) expect((await graphqlRequest(i % 2 ? b : a, SECTORS)).errors).toBeUndefined();
  });
});
