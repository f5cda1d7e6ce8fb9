import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { context, trace } from '@opentelemetry/api';
import { createClient } from 'graphql-ws';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import { DASHBOARD } from '../../bench/scenarios.js';
import { createLogger } from '../../platform/logger.js';
import { SERVICE_ATTRIBUTE, startTelemetry, traceFields, tracing } from '../../platform/telemetry.js';
import { demo, startGraph } from '../graph.js';
import { minimalReport, newOrganization, notified } from '../incidents.js';
import { streamHead } from '../ws-client.js';

/** One span as OTLP/JSON carries it (ids in hex). */
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: { stringValue?: string; intValue?: number | string } }[];
}
const SERVER = 2;
const CLIENT = 3;

/** A real OTLP/HTTP receiver on loopback: every `POST /v1/traces` body (JSON), kept. */
async function otlpReceiver(): Promise<{ url: string; posts: unknown[]; spans: () => OtlpSpan[]; server: Server }> {
  const posts: unknown[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      expect(req.headers['content-type']).toMatch(/^application\/json/);
      posts.push(JSON.parse(body));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const spans = () =>
    posts.flatMap((post) =>
      (post as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] }).resourceSpans.flatMap((r) =>
        r.scopeSpans.flatMap((s) => s.spans),
      ),
    );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, posts, spans, server };
}

const attribute = (span: OtlpSpan, key: string) => span.attributes.find((a) => a.key === key)?.value.stringValue;
const hex = (bytes: number) => randomBytes(bytes).toString('hex');

const receivers: Server[] = [];
afterAll(() => Promise.all(receivers.map((server) => new Promise((resolve) => server.close(resolve)))));

// The untraced graph first: once this process traces, it traces until it exits, to the first endpoint named.
describe('without OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  it('starts no SDK, sends nothing, and puts no trace ids in log lines', async () => {
    const receiver = await otlpReceiver();
    receivers.push(receiver.server);
    const graph = await startGraph();
    try {
      const answer = await graph.query(DASHBOARD, {
        variables: { regulatorId: demo.regulatorId, first: 5 },
        token: graph.tokens.regulator,
        headers: { traceparent: `00-${hex(16)}-${hex(8)}-01` },
      });
      expect(answer.errors).toBeUndefined();
      expect(tracing()).toBe(false);
      expect((createLogger('test', 'info') as unknown as Record<symbol, unknown>)[pino.symbols.mixinSym]).toBeUndefined();
      // No SDK: the API's spans are no-ops, and the log mixin is not even installed.
      expect(trace.getTracerProvider().getTracer('x').startSpan('x').spanContext().traceId).toBe('0'.repeat(32));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(receiver.posts).toEqual([]);
    } finally {
      await graph.close();
    }
  });
});

describe('with OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  // One receiver for every traced graph of this process (the provider exports where it was first told).
  let shared: Awaited<ReturnType<typeof otlpReceiver>> | undefined;
  const tracedReceiver = async () => {
    shared ??= await otlpReceiver();
    if (!receivers.includes(shared.server)) receivers.push(shared.server);
    return shared;
  };
  it("exports one request's trace across the gateway and its subgraphs, continuing the client's traceparent", async () => {
    const receiver = await tracedReceiver();
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url };
    const graph = await startGraph(env);
    try {
      expect(tracing()).toBe(true);
      const traceId = hex(16);
      const clientSpanId = hex(8);
      const answer = await graph.query(DASHBOARD, {
        variables: { regulatorId: demo.regulatorId, first: 5 },
        token: graph.tokens.regulator,
        headers: { traceparent: `00-${traceId}-${clientSpanId}-01` },
      });
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.incidents.edges.length).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 100)); // the subgraphs' server spans end as their responses close
      await startTelemetry(env, 'test-graph').flush();

      const spans = receiver.spans().filter((span) => span.traceId === traceId);
      const byId = new Map(spans.map((span) => [span.spanId, span]));
      const serviceOf = (span: OtlpSpan) => attribute(span, SERVICE_ATTRIBUTE);
      // Every span of the request shares the client's trace id: none of its spans went to another trace.
      const otherTraces = receiver
        .spans()
        .filter((span) => span.traceId !== traceId && serviceOf(span) === 'gateway' && span.kind === SERVER);
      expect(otherTraces.map((span) => span.name)).toEqual([]);

      const servers = spans.filter((span) => span.kind === SERVER);
      const gatewayServer = servers.filter((span) => serviceOf(span) === 'gateway');
      expect(gatewayServer).toHaveLength(1);
      expect(gatewayServer[0]!.parentSpanId).toBe(clientSpanId);
      // @apollo/gateway's own spans: planning and execution, under the gateway's request.
      for (const name of ['gateway.request', 'gateway.plan', 'gateway.execute']) {
        expect(spans.some((span) => span.name === name && serviceOf(span) === 'gateway')).toBe(true);
      }

      const fetches = spans.filter((span) => span.kind === CLIENT && span.name.startsWith('fetch '));
      const fetched = new Set(fetches.map((span) => attribute(span, 'graph.subgraph')));
      expect([...fetched].sort()).toEqual(expect.arrayContaining(['advisories', 'incidents', 'organizations']));
      for (const fetch of fetches) {
        expect(serviceOf(byId.get(fetch.parentSpanId!)!), `${fetch.name}'s parent`).toBe('gateway');
      }
      // The regulator's token checked against the registry first: a fetch of the gateway's request itself.
      const lookups = fetches.filter((span) => span.parentSpanId === gatewayServer[0]!.spanId);
      expect(lookups.map((span) => attribute(span, 'graph.subgraph'))).toEqual(['organizations']);
      const subgraphServers = servers.filter((span) => serviceOf(span) !== 'gateway');
      expect(subgraphServers.length).toBe(fetches.length);
      for (const server of subgraphServers) {
        const parent = byId.get(server.parentSpanId!)!;
        expect(parent.kind).toBe(CLIENT);
        expect(attribute(parent, 'graph.subgraph')).toBe(serviceOf(server));
      }

      // SQL: statements under a subgraph's request span, named by their operation, with their text.
      const sql = spans.filter((span) => span.attributes.some((a) => a.key === 'db.system'));
      expect(sql.length).toBeGreaterThan(0);
      const underSubgraph = (span: OtlpSpan): boolean => {
        for (let parent = byId.get(span.parentSpanId ?? ''); parent; parent = byId.get(parent.parentSpanId ?? '')) {
          if (parent.kind === SERVER) return serviceOf(parent) !== 'gateway';
        }
        return false;
      };
      expect(sql.every(underSubgraph)).toBe(true);
      // Background work's statements (the test graph polls feeds every 100 ms) start no traces of their own.
      const rootStatements = receiver.spans().filter((span) => span.attributes.some((a) => a.key === 'db.system') && !span.parentSpanId);
      expect(rootStatements.map((span) => attribute(span, 'db.query.text'))).toEqual([]);
      expect(sql.some((span) => span.name === 'select' && /\bfrom\b/i.test(attribute(span, 'db.query.text') ?? ''))).toBe(true);
    } finally {
      await graph.close();
    }
  });

  it('completes a subscriber’s events in its trace, when it sent a traceparent, and carries it to the subgraphs', async () => {
    const receiver = await tracedReceiver();
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url };
    const graph = await startGraph(env, { subgraphs: ['organizations', 'incidents', 'advisories'] });
    const client = createClient({
      url: graph.gatewayUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${graph.tokens.ncsa}` },
      retryAttempts: 0,
    });
    try {
      const organization = await newOrganization(graph);
      const after = await streamHead(graph.gatewayUrl, 'incidentEvents', graph.tokens.ncsa);
      const traceId = hex(16);
      const clientSpanId = hex(8);
      const events: unknown[] = [];
      const received = new Promise<void>((resolve, reject) => {
        client.subscribe(
          {
            query: `subscription ($after: Int) { incidentEvents(afterSequence: $after) { sequence incident { id organization { nameEn } } } }`,
            variables: { after },
            extensions: { traceparent: `00-${traceId}-${clientSpanId}-01` },
          },
          { next: (event) => (events.push(event), resolve()), error: reject, complete: () => undefined },
        );
      });
      await notified(graph, organization, minimalReport());
      await received;
      expect(events[0]).toMatchObject({ data: { incidentEvents: { incident: { organization: { nameEn: expect.any(String) } } } } });
      await new Promise((resolve) => setTimeout(resolve, 100));
      await startTelemetry(env, 'test-graph').flush();

      const spans = receiver.spans().filter((span) => span.traceId === traceId);
      const byId = new Map(spans.map((span) => [span.spanId, span]));
      const event = spans.find((span) => span.name === 'subscription event incidentEvents');
      expect(event?.parentSpanId).toBe(clientSpanId);
      const under = (span: OtlpSpan, ancestor: OtlpSpan): boolean => {
        for (let parent = byId.get(span.parentSpanId ?? ''); parent; parent = byId.get(parent.parentSpanId ?? '')) {
          if (parent === ancestor) return true;
        }
        return false;
      };
      const fetches = spans.filter((span) => span.kind === CLIENT && span.name === 'fetch organizations');
      expect(fetches.length).toBeGreaterThan(0);
      const listing = spans.map((s) => `${s.spanId} <- ${s.parentSpanId} ${s.name} ${attribute(s, SERVICE_ATTRIBUTE)}`).join('\n');
      expect(
        fetches.filter((fetch) => !under(fetch, event!)).map((fetch) => fetch.spanId),
        listing,
      ).toEqual([]);
      const organizationsServer = spans.find((span) => span.kind === SERVER && attribute(span, SERVICE_ATTRIBUTE) === 'organizations');
      expect(fetches.map((fetch) => fetch.spanId)).toContain(organizationsServer?.parentSpanId);
    } finally {
      await client.dispose();
      await graph.close();
    }
  });

  it('puts the active span’s trace and span ids in log lines', async () => {
    const receiver = await tracedReceiver();
    const graph = await startGraph({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }, { subgraphs: ['organizations'] });
    try {
      expect((createLogger('test', 'info') as unknown as Record<symbol, unknown>)[pino.symbols.mixinSym]).toBe(traceFields);
      expect(traceFields()).toEqual({});
      const span = trace.getTracer('test').startSpan('test');
      const fields = context.with(trace.setSpan(context.active(), span), traceFields);
      span.end();
      expect(fields).toEqual({ traceId: span.spanContext().traceId, spanId: span.spanContext().spanId });
    } finally {
      await graph.close();
    }
  });
});
