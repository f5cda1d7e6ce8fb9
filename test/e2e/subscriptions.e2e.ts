import { readFile } from 'node:fs/promises';

import { Supergraph } from '@apollo/federation-internals';
import { createClient } from 'graphql-ws';
import pg from 'pg';
import { afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';

import { readConfig as readGatewayConfig } from '../../gateway/src/env.js';
import { start as startGateway } from '../../gateway/src/server.js';
import { Role } from '../../platform/caller.js';
import { IDENTITY_EXTENSION, identitySecret, signIdentity } from '../../platform/identity.js';
import { SUBGRAPHS } from '../../subgraphs/registry.js';
import { demo, regulatorCaller, TEST_IDENTITY_SECRET, useGraph } from '../graph.js';
import { graphqlRequest } from '../graphql-client.js';
import { minimalReport, newOrganization, notified, type TestOrganization } from '../incidents.js';
import { connect, streamHead, type Subscription, type WsConnection } from '../ws-client.js';

const graph = useGraph({ subgraphs: ['organizations', 'incidents', 'advisories'] });
let underBot: TestOrganization;
let underNbtc: TestOrganization;
const open: WsConnection[] = [];
const connection = (token?: string, url = graph().gatewayUrl) => {
  const c = connect(url, token);
  open.push(c);
  return c;
};

beforeAll(async () => {
  underBot = await newOrganization(graph());
  underNbtc = await newOrganization(graph(), demo.regulator('nbtc'), 'IT_TELECOM');
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.dispose()));
});

const EVENTS = `subscription ($after: Int) { incidentEvents(afterSequence: $after) {
  sequence type occurredAt
  incident { id status organization { id nameEn pointsOfContact { fullName } } }
} }`;
/** Where the incident events stand: subscribed from there, a test need not wait for the subscription to be established. */
const head = () => streamHead(graph().gatewayUrl, 'incidentEvents', graph().tokens.ncsa);
/** The incident ids received before an event about one of `sentinels` (sent last): nothing sent earlier is still on its way. */
const idsBefore = async (sub: Subscription, sentinels: string[]) =>
  (await sub.before((r) => sentinels.includes(r.data?.incidentEvents?.incident.id))).map((r) => r.data?.incidentEvents.incident.id);

describe('incident events through the gateway', () => {
  it('delivers an event with fields resolved from another subgraph', async () => {
    // The live path, without afterSequence: only an event after the subscription is established upstream reaches it.
    const sub = connection(graph().tokens.ncsa).subscribe(EVENTS);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const incident = await notified(graph(), underBot, minimalReport());
    const [first] = await sub.waitFor(1);
    expect(first!.errors).toBeUndefined();
    expect(first!.data!.incidentEvents).toMatchObject({
      type: 'NOTIFIED',
      sequence: expect.any(Number),
      incident: {
        id: incident.id,
        status: 'NOTIFIED',
        organization: { id: underBot.id, nameEn: expect.stringMatching(/Incident Test Bank/) },
      },
    });
  });
});

const sequences = (received: { data?: Record<string, any> | null }[]) => received.map((r) => r.data?.incidentEvents?.sequence as number);
const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

describe('scoped delivery (SPEC §3)', () => {
  it('gives a regulator only its organizations’ events, an organization only its own, ThaiCERT and NCSA all', async () => {
    const g = graph();
    const after = await head();
    const subscribers = {
      bot: connection(g.tokens.regulator).subscribe(EVENTS, { after }),
      nbtc: connection(await g.token(regulatorCaller(demo.regulator('nbtc')))).subscribe(EVENTS, { after }),
      botBank: connection(underBot.token).subscribe(EVENTS, { after }),
      nbtcTelco: connection(underNbtc.token).subscribe(EVENTS, { after }),
      thaicert: connection(g.tokens.thaicert).subscribe(EVENTS, { after }),
    };
    const a = await notified(g, underBot);
    const b = await notified(g, underNbtc);
    // One more of each organization's: every subscriber gets one of them last.
    const sentinels = [(await notified(g, underBot)).id, (await notified(g, underNbtc)).id];
    const ids = (sub: (typeof subscribers)['bot']) => idsBefore(sub, sentinels);
    expect(await ids(subscribers.thaicert)).toEqual([a.id, b.id]);
    expect(await ids(subscribers.bot)).toEqual([a.id]);
    expect(await ids(subscribers.nbtc)).toEqual([b.id]);
    expect(await ids(subscribers.botBank)).toEqual([a.id]);
    expect(await ids(subscribers.nbtcTelco)).toEqual([b.id]);
  });

  it('refuses the public', async () => {
    const sub = connection().subscribe(EVENTS);
    await sub.waitFor(1);
    expect(sub.received[0]!.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('resolves each field under the subscriber’s role: a field it may not see is null with FORBIDDEN', async () => {
    const sub = connection(underBot.token).subscribe(
      `subscription ($after: Int) { incidentEvents(afterSequence: $after) { sequence incident { id analystNotes { text } } } }`,
      { after: await head() },
    );
    const incident = await notified(graph(), underBot);
    const [event] = await sub.waitFor(1);
    expect(event!.data!.incidentEvents.incident).toEqual({ id: incident.id, analystNotes: null });
    expect(event!.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});

describe('nothing lost', () => {
  it('resumes after a reconnect from afterSequence: every missed event, then live ones, no gap or repeat', async () => {
    const g = graph();
    const first = connection(underBot.token);
    const live = first.subscribe(EVENTS, { after: await head() });
    await notified(g, underBot);
    await notified(g, underBot);
    const seen = sequences(await live.waitFor(2));
    await first.dispose();

    const missed = [await notified(g, underBot), await notified(g, underBot)];
    const resumed = connection(underBot.token).subscribe(EVENTS, { after: seen[1] });
    const replayed = await resumed.waitFor(2);
    expect(replayed.map((r) => r.data?.incidentEvents.incident.id)).toEqual(missed.map((m) => m.id));
    const afterwards = await notified(g, underBot);
    const sentinel = await notified(g, underBot);
    const got = await resumed.before((r) => r.data?.incidentEvents.incident.id === sentinel.id);
    expect(got.map((r) => r.data?.incidentEvents.incident.id)).toEqual([...missed.map((m) => m.id), afterwards.id]);
    const all = sequences(got);
    expect(all[0]).toBeGreaterThan(seen[1]!);
    expect([...all].sort((x, y) => x - y)).toEqual(all);
    expect(new Set(all).size).toBe(all.length);
  });

  it('keeps streaming when the incidents subgraph is restarted mid-stream', async () => {
    const g = graph();
    const sub = connection(g.tokens.ncsa).subscribe(EVENTS, { after: await head() });
    const before = await notified(g, underBot);
    await sub.waitFor(1);
    await g.restartSubgraph('incidents');
    const after = [await notified(g, underBot), await notified(g, underBot)];
    await sub.waitFor(3, 15_000);
    expect(sub.received.map((r) => r.data?.incidentEvents.incident.id)).toEqual([before.id, ...after.map((a) => a.id)]);
    expect(sub.error).toBeUndefined();
  });
});

describe('where a stream starts', () => {
  it('resumes from where it started when the upstream is lost before its first event: nothing committed meanwhile is lost', async () => {
    const g = graph();
    // A second incidents replica, and a gateway in front of it, take the writes while the first one restarts.
    const replica = await SUBGRAPHS.find((s) => s.name === 'incidents')!.start({ ...g.env, INCIDENTS_PORT: '0', SEED_DEMO_DATA: 'false' });
    const writer = await startGateway(readGatewayConfig({ ...g.env, GATEWAY_PORT: '0', INCIDENTS_URL: replica.url }));
    try {
      const organization = await newOrganization(g);
      const sub = connection(organization.token).subscribe(EVENTS);
      await settle();
      const viaWriter = {
        ...g,
        query: (query: string, options?: Parameters<typeof g.query>[1]) => graphqlRequest(writer.url, query, options),
      } as typeof g;
      const during: string[] = [];
      await g.restartSubgraph('incidents', async () => {
        for (let i = 0; i < 2; i++) during.push((await notified(viaWriter, organization)).id);
      });
      const after = await notified(g, organization);
      await sub.waitFor(3, 15_000);
      expect(sub.received.map((r) => r.data?.incidentEvents.incident.id)).toEqual([...during, after.id]);
    } finally {
      await writer.close();
      await replica.close();
    }
  });

  it('gives each subscriber its own replay, though they share one upstream subscription', async () => {
    const g = graph();
    const organization = await newOrganization(g);
    const probe = connection(organization.token).subscribe(EVENTS, { after: await head() });
    await notified(g, organization);
    const [mark] = sequences(await probe.waitFor(1));
    const missed: string[] = [];
    for (let i = 0; i < 6; i++) missed.push((await notified(g, organization)).id);
    const first = connection(organization.token).subscribe(EVENTS, { after: mark });
    await first.waitFor(6);
    await settle(1_000);
    const second = connection(organization.token).subscribe(EVENTS, { after: mark });
    await second.waitFor(6);
    const live = await notified(g, organization);
    for (const sub of [first, second]) {
      await sub.waitFor(7);
      expect(sub.received.map((r) => r.data?.incidentEvents.incident.id)).toEqual([...missed, live.id]);
    }
    await settle();
    expect(first.received).toHaveLength(7);
    expect(second.received).toHaveLength(7);
    expect(await g.metric('gateway', 'graphql_subscription_upstreams')).toBe(1);
  });

  it('answers every event stream’s head, and refuses an afterSequence beyond it with BAD_USER_INPUT naming the head', async () => {
    const supergraph = Supergraph.build(await readFile(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8'));
    const streams = supergraph
      .apiSchema()
      .schemaDefinition.rootType('subscription')!
      .fields()
      .map((f) => f.name);
    expect(streams.length).toBeGreaterThan(0);
    for (const stream of streams) {
      const asked = await graph().query(`{ ${stream}Head }`, { token: graph().tokens.ncsa });
      expect(asked.errors).toBeUndefined();
      const head = asked.data![`${stream}Head`] as number;
      expect(head).toBeGreaterThanOrEqual(0);
      const sub = connection(graph().tokens.ncsa).subscribe(
        `subscription ($after: Int) { ${stream}(afterSequence: $after) { sequence } }`,
        { after: head + 1_000 },
      );
      await sub.waitFor(1);
      await sub.waitForEnd();
      const [error] = sub.received[0]!.errors ?? [];
      expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', headSequence: expect.any(Number) });
      expect(error!.message).toMatch(/newest event is \d+/);
    }
  });
});

describe('database connection lost', () => {
  it('keeps streaming when PostgreSQL drops the subgraph’s listening connection', async () => {
    const g = graph();
    const sub = connection(g.tokens.ncsa).subscribe(EVENTS, { after: await head() });
    const before = await notified(g, underBot);
    await sub.waitFor(1);
    const admin = new pg.Client({ connectionString: g.databaseUrl });
    await admin.connect();
    try {
      const killed = await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'listen%'`,
      );
      expect(killed.rowCount).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    const after = await notified(g, underBot);
    await sub.waitFor(2, 15_000);
    expect(sub.received.map((r) => r.data?.incidentEvents.incident.id)).toEqual([before.id, after.id]);
  });
});

describe('several gateway replicas', () => {
  it('delivers every event to subscribers on each replica', async () => {
    const g = graph();
    const second = await startGateway(readGatewayConfig({ ...g.env, GATEWAY_PORT: '0' }));
    try {
      const after = await head();
      const onFirst = connection(g.tokens.ncsa).subscribe(EVENTS, { after });
      const onSecond = connection(g.tokens.ncsa, second.url).subscribe(EVENTS, { after });
      const incidents = [await notified(g, underBot), await notified(g, underNbtc)];
      for (const sub of [onFirst, onSecond]) {
        await sub.waitFor(2);
        expect(sub.received.map((r) => r.data?.incidentEvents.incident.id)).toEqual(incidents.map((i) => i.id));
      }
    } finally {
      await Promise.all(open.splice(0).map((c) => c.dispose()));
      await second.close();
    }
  });
});

describe('fan-out and hygiene', () => {
  it('shares one upstream subscription among subscribers with the same operation and scope', async () => {
    const g = graph();
    const subs = Array.from({ length: 10 }, () => connection(g.tokens.regulator).subscribe(EVENTS));
    const otherScope = connection(g.tokens.ncsa).subscribe(EVENTS);
    await expect.poll(() => g.metric('gateway', 'graphql_subscriptions_active')).toBe(11);
    expect(await g.metric('gateway', 'graphql_subscription_upstreams')).toBe(2);
    await expect.poll(() => g.metric('incidents', 'outbox_subscribers')).toBe(2);
    const incident = await notified(g, underBot);
    for (const sub of [...subs, otherScope]) {
      const [event] = await sub.waitFor(1);
      expect(event!.data!.incidentEvents.incident.id).toBe(incident.id);
    }
  });

  it('cleans up: after many subscriptions open and close, the counts return to zero', async () => {
    const g = graph();
    const c = connection(g.tokens.thaicert);
    const subs = Array.from({ length: 30 }, (_, i) => c.subscribe(i % 2 ? EVENTS : `subscription { incidentEvents { sequence } }`));
    await expect.poll(() => g.metric('gateway', 'graphql_subscriptions_active')).toBe(30);
    for (const sub of subs) sub.stop();
    await expect.poll(() => g.metric('gateway', 'graphql_subscriptions_active')).toBe(0);
    await expect.poll(() => g.metric('gateway', 'graphql_subscription_upstreams')).toBe(0);
    await expect.poll(() => g.metric('incidents', 'outbox_subscribers')).toBe(0);
    await c.dispose();
    await expect.poll(() => g.metric('gateway', 'graphql_ws_connections')).toBe(0);
  });

  it('caps the subscriptions of one connection', async () => {
    const g = graph();
    const c = connection(g.tokens.thaicert);
    const subs = Array.from({ length: 51 }, () => c.subscribe(`subscription { incidentEvents { sequence } }`));
    await subs[50]!.waitForEnd();
    expect((subs[50]!.error as { message: string }[])[0]!.message).toMatch(/At most 50 subscriptions per connection/);
  });

  it('caps the subscriptions of one token across its connections', async () => {
    const g = graph();
    const capped = await startGateway(readGatewayConfig({ ...g.env, GATEWAY_PORT: '0', SUBSCRIPTIONS_PER_TOKEN: '3' }));
    try {
      const subs = [connection(g.tokens.ncsa, capped.url), connection(g.tokens.ncsa, capped.url)].flatMap((c) => [
        c.subscribe(`subscription { incidentEvents { sequence } }`),
        c.subscribe(`subscription { incidentEvents { sequence } }`),
      ]);
      await Promise.race(subs.map((s) => s.waitForEnd()));
      const refused = subs.filter((s) => s.error);
      expect(refused).toHaveLength(1);
      expect((refused[0]!.error as { message: string }[])[0]!.message).toMatch(/At most 3 subscriptions per token/);
    } finally {
      await Promise.all(open.splice(0).map((c) => c.dispose()));
      await capped.close();
    }
  });

  it('serves subscriptions over WebSocket only, and says so over HTTP', async () => {
    const res = await graph().query(`subscription { incidentEvents { sequence } }`, { token: graph().tokens.ncsa });
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.message).toMatch(/WebSocket/);
  });
});

describe('tokens on WebSocket', () => {
  it('closes the socket with 4401 and a reason for a bad token', async () => {
    const c = connection('not-a-token');
    expect(await c.closed).toEqual({ code: 4401, reason: expect.stringMatching(/Not signed in/) });
  });

  it('reads the token under `Authorization` too, as an HTTP header is named in any case', async () => {
    let closedWith!: (code: number) => void;
    const closed = new Promise<number>((resolve) => (closedWith = resolve));
    const client = createClient({
      url: graph().gatewayUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { Authorization: 'Bearer not-a-token' },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => {},
      on: { closed: (event) => closedWith((event as { code: number }).code) },
    });
    onTestFinished(() => client.dispose() as Promise<void>);
    // Read, and refused as the bad token it is — not ignored, which would have let it in as the public.
    expect(await closed).toBe(4401);
  });

  it('ends a subscription opened straight on a subgraph when its forwarded identity expires', async () => {
    const g = graph();
    const client = createClient({ url: g.subgraphUrls.incidents!.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const identity = await signIdentity(
        { role: Role.NCSA, subject: 'straight-to-the-subgraph' },
        identitySecret(TEST_IDENTITY_SECRET),
        2,
      );
      const ended = new Promise<unknown>((resolve) => {
        client.subscribe(
          { query: 'subscription { incidentEvents { sequence } }', extensions: { [IDENTITY_EXTENSION]: identity } },
          { next: () => {}, error: resolve, complete: () => resolve('completed') },
        );
      });
      const error = (await ended) as { extensions?: { code?: string } }[];
      expect(error[0]?.extensions?.code).toBe('IDENTITY_EXPIRED');
    } finally {
      await client.dispose();
    }
  });

  it('keeps a stream through the gateway going across its forwarded identities’ lifetimes', async () => {
    const g = graph();
    const renewing = await startGateway(readGatewayConfig({ ...g.env, GATEWAY_PORT: '0', INTERNAL_IDENTITY_TTL_SECONDS: '2' }));
    try {
      const sub = connection(g.tokens.ncsa, renewing.url).subscribe(EVENTS);
      const notifiedIds: string[] = [];
      for (let i = 0; i < 3; i++) {
        await settle(2_200);
        notifiedIds.push((await notified(g, underBot)).id);
      }
      await sub.waitFor(3);
      expect(sub.received.map((r) => r.data?.incidentEvents.incident.id)).toEqual(notifiedIds);
      expect(sub.error).toBeUndefined();
    } finally {
      await Promise.all(open.splice(0).map((c) => c.dispose()));
      await renewing.close();
    }
  });

  it('ends the subscription when the token expires', async () => {
    const g = graph();
    const token = await g.token(regulatorCaller(demo.regulatorId), 2);
    const c = connection(token);
    c.subscribe(EVENTS);
    expect(await c.closed).toEqual({ code: 4401, reason: 'Token expired' });
  });
});
