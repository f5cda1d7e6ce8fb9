import { afterAll, describe, expect, it } from 'vitest';

import { readConfig as readGatewayConfig } from '../../gateway/src/env.js';
import { start as startGateway } from '../../gateway/src/server.js';
import { CleanupStack } from '../../platform/cleanup-stack.js';
import { useGraph } from '../graph.js';

const DASHBOARD = 'https://dashboard.ncsa.example.go.th';
const OTHER_DASHBOARD = 'http://localhost:5173';
const STRANGER = 'https://evil.example.com';
const graph = useGraph({ env: { CORS_ORIGINS: `${DASHBOARD}, ${OTHER_DASHBOARD}` }, subgraphs: ['organizations'] });
const cleanup = new CleanupStack();
afterAll(() => cleanup.run());

/** What a browser sends before a cross-origin POST carrying a token and JSON. */
const preflight = (url: string, origin: string) =>
  fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
  });

/** The cross-origin POST itself, as a dashboard page sends it once the preflight allowed it. */
const post = (url: string, origin: string, token: string) =>
  fetch(url, {
    method: 'POST',
    headers: { origin, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ me { role } }' }),
  });

const listed = (header: string | null) =>
  (header ?? '')
    .toLowerCase()
    .split(',')
    .map((item) => item.trim());

describe('a dashboard on an allowed origin (CORS_ORIGINS)', () => {
  it('has its preflight answered: POST with Authorization and Content-Type, no credentials', async () => {
    for (const origin of [DASHBOARD, OTHER_DASHBOARD]) {
      const response = await preflight(graph().gatewayUrl, origin);
      expect(response.status, origin).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(listed(response.headers.get('access-control-allow-methods'))).toContain('post');
      expect(listed(response.headers.get('access-control-allow-headers'))).toEqual(
        expect.arrayContaining(['authorization', 'content-type']),
      );
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      expect(listed(response.headers.get('vary'))).toContain('origin');
    }
  });

  it('reads the answer to its POST, and the headers it needs from it', async () => {
    const response = await post(graph().gatewayUrl, DASHBOARD, graph().tokens.ncsa);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(listed(response.headers.get('access-control-expose-headers'))).toEqual(expect.arrayContaining(['retry-after', 'x-request-id']));
    expect(((await response.json()) as { data?: unknown }).data).toEqual({ me: { role: 'NCSA' } });
  });
});

describe('a dashboard fetching a download', () => {
  const url = () => graph().gatewayUrl.replace(/\/graphql$/, '/downloads/annual-summary/x/2025.csv');

  it('has its preflight for a GET with a token answered', async () => {
    const response = await fetch(url(), {
      method: 'OPTIONS',
      headers: { origin: DASHBOARD, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
    expect(listed(response.headers.get('access-control-allow-headers'))).toContain('authorization');
  });

  it('may read the answer and the file name it is saved under', async () => {
    const response = await fetch(url(), { headers: { origin: DASHBOARD, authorization: `Bearer ${graph().tokens.ncsa}` } });
    expect(response.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
    expect(listed(response.headers.get('access-control-expose-headers'))).toContain('content-disposition');
  });

  it('from any other origin, gets no allowance', async () => {
    const response = await fetch(url(), { headers: { origin: STRANGER, authorization: `Bearer ${graph().tokens.ncsa}` } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('a page on any other origin', () => {
  it('gets no allowance in the preflight, so the browser never sends its request', async () => {
    const response = await preflight(graph().gatewayUrl, STRANGER);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('gets no allowance on a POST, so the browser keeps the answer from the page', async () => {
    const response = await post(graph().gatewayUrl, STRANGER, graph().tokens.ncsa);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('is refused when CORS_ORIGINS is empty, as by default', async () => {
    const gateway = await startGateway(readGatewayConfig({ ...graph().env, CORS_ORIGINS: '' }));
    cleanup.defer(gateway.close);
    for (const origin of [DASHBOARD, STRANGER]) {
      expect((await preflight(gateway.url, origin)).headers.get('access-control-allow-origin'), origin).toBeNull();
      expect((await post(gateway.url, origin, graph().tokens.ncsa)).headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });
});

describe('the subgraphs', () => {
  it('allow no origin, not even the gateway’s allowed ones: browsers never reach them', async () => {
    for (const [name, url] of Object.entries(graph().subgraphUrls)) {
      expect((await preflight(url, DASHBOARD)).headers.get('access-control-allow-origin'), name).toBeNull();
    }
  });
});

describe('CORS_ORIGINS', () => {
  it('must list origins: anything else stops the gateway from starting, naming the variable', () => {
    for (const value of ['*', 'dashboard.example.go.th', 'https://dashboard.example.go.th/path']) {
      expect(() => readGatewayConfig({ ...graph().env, CORS_ORIGINS: value }), value).toThrow(/CORS_ORIGINS/);
    }
  });
});
