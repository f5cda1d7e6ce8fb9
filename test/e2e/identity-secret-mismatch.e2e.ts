import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readConfig as readGatewayConfig } from '../../gateway/src/env.js';
import { start as startGateway } from '../../gateway/src/server.js';
import { Role } from '../../platform/caller.js';
import { CleanupStack } from '../../platform/cleanup-stack.js';
import type { RunningServer } from '../../platform/http-server.js';
import { IDENTITY_HEADER, identitySecret, signIdentity } from '../../platform/identity.js';
import { SUBGRAPHS } from '../../subgraphs/registry.js';
import { useGraph } from '../graph.js';
import { errorCodes, graphqlRequest } from '../graphql-client.js';
import { connect } from '../ws-client.js';

const graph = useGraph();
const cleanup = new CleanupStack();
afterAll(() => cleanup.run());

const OTHER_SECRET = 'another-internal-identity-secret-0123456789';
const hint = (subgraph: string) => `subgraph ${subgraph} refuses the gateway's forwarded identity: INTERNAL_IDENTITY_SECRET differs`;

/** A signed-in read from every subgraph at once (ThaiCERT sees each of these). */
const FROM_EVERY_SUBGRAPH = `{
  me { role }
  incidents(first: 1) { totalCount }
  advisories(first: 1) { totalCount }
  mailDeliveries(first: 1) { totalCount }
  annualSummarySubmissions(year: 2026) { __typename }
}`;

/** A gateway whose INTERNAL_IDENTITY_SECRET differs from its subgraphs', as a deployment might get it wrong. */
let misconfigured: RunningServer;
beforeAll(async () => {
  misconfigured = await startGateway(readGatewayConfig({ ...graph().env, INTERNAL_IDENTITY_SECRET: OTHER_SECRET }));
  cleanup.defer(misconfigured.close);
});

describe('a gateway whose INTERNAL_IDENTITY_SECRET differs from the subgraphs’', () => {
  it('is not ready, naming each subgraph and the secret as the reason', async () => {
    const ready = await fetch(`${misconfigured.adminUrl}/ready`);
    expect(ready.status).toBe(503);
    const { reason } = (await ready.json()) as { reason: string };
    for (const { name } of SUBGRAPHS) expect(reason).toContain(hint(name));
    expect((await fetch(`${graph().adminUrl('gateway')}/ready`)).status).toBe(200);
  });

  it('answers a signed-in request with SERVICE_UNAVAILABLE naming each subgraph, never UNAUTHENTICATED', async () => {
    const res = await graphqlRequest(misconfigured.url, FROM_EVERY_SUBGRAPH, { token: graph().tokens.thaicert });
    expect(res.status).toBe(200);
    expect(new Set(errorCodes(res))).toEqual(new Set(['SERVICE_UNAVAILABLE']));
    expect(new Set(res.errors!.map((e) => e.extensions?.service))).toEqual(new Set(SUBGRAPHS.map((s) => s.name)));
    expect(res.errors![0]!.message).toMatch(/is unavailable/);
  });

  it('does the same for an organization’s token, whose organization it cannot check meanwhile', async () => {
    const res = await graphqlRequest(misconfigured.url, '{ me { role organization { id } } }', { token: graph().tokens.organization });
    expect(errorCodes(res)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(res.errors![0]!.extensions?.service).toBe('organizations');
  });

  it('still serves the public, whose requests carry no identity', async () => {
    const res = await graphqlRequest(misconfigured.url, '{ sectors { id } }');
    expect(res.errors).toBeUndefined();
    expect(res.data?.sectors.length).toBeGreaterThan(0);
  });

  it('ends a signed-in subscription with SERVICE_UNAVAILABLE naming the subgraph, not UNAUTHENTICATED', async () => {
    const ws = connect(misconfigured.url, graph().tokens.thaicert);
    cleanup.defer(ws.dispose);
    const subscription = ws.subscribe('subscription { incidentEvents { type } }');
    await subscription.waitForEnd();
    const errors = subscription.received.flatMap((result) => result.errors ?? []);
    expect(errors.map((e) => e.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(errors[0]!.extensions).toMatchObject({ service: 'incidents' });
  });
});

describe('a subgraph refusing a forwarded identity', () => {
  it.each(SUBGRAPHS.map((s) => s.name))(
    '%s marks its UNAUTHENTICATED as a refused forwarded identity, so the gateway can tell it from a user’s fault',
    async (name) => {
      const identity = await signIdentity({ role: Role.THAICERT, subject: 'analyst' }, identitySecret(OTHER_SECRET));
      const res = await graphqlRequest(graph().subgraphUrls[name]!, '{ __typename }', { headers: { [IDENTITY_HEADER]: identity } });
      expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
      expect(res.errors![0]!.extensions).toMatchObject({ reason: 'FORWARDED_IDENTITY_REFUSED' });
    },
  );
});
