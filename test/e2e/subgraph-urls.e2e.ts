import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, describe, expect, it } from 'vitest';

import { CleanupStack } from '../../platform/cleanup-stack.js';
import type { Env } from '../../platform/env.js';
import { useGraph } from '../graph.js';
import { graphqlRequest } from '../graphql-client.js';

const graph = useGraph();
const cleanup = new CleanupStack();
afterAll(() => cleanup.run());

/** An HTTP server that only counts what reaches it (and answers as if ready). */
async function countingServer(): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits += 1;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.defer(() => new Promise((resolve) => server.close(resolve)));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, hits: () => hits };
}

const gatewayWith = (env: Env) => graph().gateway(env);

describe('the subgraphs the gateway routes to', () => {
  it('are the supergraph’s: another <WORD>_URL variable (CI’s BUILD_URL) is not one, is never reached, and /ready does not wait for it', async () => {
    const build = await countingServer();
    const gateway = await gatewayWith({ BUILD_URL: build.url, JOB_URL: 'http://example.invalid/job' });
    const ready = await fetch(`${gateway.adminUrl}/ready`);
    expect(ready.status).toBe(200);
    expect((await graphqlRequest(gateway.url, '{ sectors { id } }')).errors).toBeUndefined();
    expect(build.hits()).toBe(0);
  });

  it('are not held up by another <WORD>_URL variable that is not even a URL', async () => {
    const gateway = await gatewayWith({ CALLBACK_URL: 'not a URL, and not the gateway’s' });
    expect((await fetch(`${gateway.adminUrl}/ready`)).status).toBe(200);
  });

  it('each reached at its <SUBGRAPH>_URL when one is set', async () => {
    const organizations = await countingServer();
    const gateway = await gatewayWith({ ORGANIZATIONS_URL: organizations.url });
    await graphqlRequest(gateway.url, '{ sectors { id } }');
    expect(organizations.hits()).toBeGreaterThan(0);
  });

  it('refuse to start on a <SUBGRAPH>_URL that is not a URL, naming it', async () => {
    await expect(gatewayWith({ STATISTICS_URL: 'statistics/graphql' })).rejects.toThrow(/STATISTICS_URL must be a URL/);
  });
});
