import {
  context,
  createContextKey,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type TextMapSetter,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { NextFunction, Request, Response } from 'express';

import { ConfigError, optionalString, type Env } from './env.js';

/**
 * OpenTelemetry traces, exported over OTLP/HTTP (JSON) when `OTEL_EXPORTER_OTLP_ENDPOINT` is set.
 * Unset, no SDK starts: the API's tracer is a no-op, no middleware is installed, no header injected
 * and log lines carry no trace fields ({@link tracing} is false), so tracing costs nothing.
 *
 * One tracer provider per process, started once ({@link startTelemetry}); `npm start` and the
 * tests run several services in one process, so the resource's `service.name` names the process
 * (`OTEL_SERVICE_NAME`, else the entry's default) and every span carries the service it ran in as
 * the attribute {@link SERVICE_ATTRIBUTE} (`graph.service`: gateway, organizations, incidents, …),
 * taken from the context the service's request span started.
 *
 * Spans are made by hand, not by auto-instrumentation (the project is ESM and runs plain `node`,
 * without the loader flags ESM hooks need): the HTTP server span of each GraphQL request
 * ({@link traceRequests}), @apollo/gateway's own spans (gateway.request, gateway.validate,
 * gateway.plan, gateway.execute, gateway.fetch, gateway.postprocessing) which it makes with the
 * OpenTelemetry API once a provider is registered, a client span per subgraph fetch
 * (gateway/src/subgraph-fetcher.ts), and one span per SQL statement ({@link traceQueries}).
 */

/** The span attribute naming the service a span ran in (the resource names the process). */
export const SERVICE_ATTRIBUTE = 'graph.service';

const SERVICE = createContextKey('graph.service');

let provider: NodeTracerProvider | undefined;

/** Whether this process exports traces: {@link startTelemetry} found `OTEL_EXPORTER_OTLP_ENDPOINT`. */
export const tracing = (): boolean => provider !== undefined;

/** Stamps each span with the service whose request it belongs to. */
class ServiceAttribute implements SpanProcessor {
  onStart(span: Span, parent: Context): void {
    const service = parent.getValue(SERVICE);
    if (typeof service === 'string') span.setAttribute(SERVICE_ATTRIBUTE, service);
  }
  onEnd(): void {}
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

/** `OTEL_TRACES_SAMPLER` (and `OTEL_TRACES_SAMPLER_ARG`) as the specification names them; default parentbased_always_on. */
export function readSampler(env: Env): Sampler {
  const name = optionalString(env, 'OTEL_TRACES_SAMPLER') ?? 'parentbased_always_on';
  const arg = optionalString(env, 'OTEL_TRACES_SAMPLER_ARG');
  const ratio = arg === undefined ? 1 : Number(arg);
  if (!(ratio >= 0 && ratio <= 1)) throw new ConfigError(`OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1, not ${arg}`);
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
    default:
      throw new ConfigError(
        `OTEL_TRACES_SAMPLER must be always_on, always_off, traceidratio or parentbased_(always_on|always_off|traceidratio), not ${name}`,
      );
  }
}

/** Where spans go: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` as it is, else `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`. */
export function tracesUrl(env: Env): string | undefined {
  const traces = optionalString(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  if (traces) return traces;
  const base = optionalString(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  return base && `${base.replace(/\/+$/, '')}/v1/traces`;
}

/** What {@link startTelemetry} started: flush the spans still batched, and stop. */
export interface Telemetry {
  flush(): Promise<void>;
  close(): Promise<void>;
}

const NOTHING: Telemetry = { flush: async () => undefined, close: async () => undefined };

/**
 * Starts tracing for this process when `env` names an OTLP endpoint, once: a later call (another
 * service of the same process) is given the same provider, exporting where the first call said.
 * `defaultServiceName` names the process when `OTEL_SERVICE_NAME` does not. Without an endpoint
 * nothing starts. `close` (at the process's exit) exports what is left and stops the provider.
 */
export function startTelemetry(env: Env, defaultServiceName: string): Telemetry {
  const url = tracesUrl(env);
  if (!url) return NOTHING;
  const sampler = readSampler(env); // refused however many services of the process started before
  if (!provider) {
    provider = new NodeTracerProvider({
      resource: new Resource({ [ATTR_SERVICE_NAME]: optionalString(env, 'OTEL_SERVICE_NAME') ?? defaultServiceName }),
      sampler,
      spanProcessors: [new ServiceAttribute(), new BatchSpanProcessor(new OTLPTraceExporter({ url }))],
    });
    provider.register(); // AsyncLocalStorage context, W3C traceparent and baggage propagation
  }
  const started = provider;
  // Not unregistered on close: libraries keep the tracers they were handed (@apollo/gateway's is
  // bound to the first provider), so a process traces with one provider for its whole life.
  return { flush: () => started.forceFlush(), close: () => started.shutdown() };
}

/** The tracer the graph's own spans are made with. */
export const tracer = () => trace.getTracer('thai-cyber-threat-graph');

/** `traceId` and `spanId` of the span active now, for a log line (pino `mixin`); nothing outside a span. */
export function traceFields(): { traceId?: string; spanId?: string } {
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}

/**
 * Express middleware: a SERVER span for each request, continuing the caller's W3C `traceparent`
 * (a client's at the gateway, the gateway's fetch span at a subgraph), active while the request is
 * served, and naming `service` for the spans beneath it. Installed only while {@link tracing}.
 */
export function traceRequests(service: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const parent = propagation.extract(ROOT_CONTEXT, req.headers).setValue(SERVICE, service);
    const span = tracer().startSpan(
      `${req.method} ${req.baseUrl || req.path}`,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': req.method, 'url.path': req.originalUrl.split('?')[0], [SERVICE_ATTRIBUTE]: service },
      },
      parent,
    );
    res.once('close', () => {
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}

/** What `new Headers()` accepts: the headers a fetch is given. */
export type FetchHeaders = ConstructorParameters<typeof Headers>[0];

const headerSetter: TextMapSetter<Headers> = { set: (carrier, key, value) => carrier.set(key, value) };

/**
 * Runs `fetch` in a CLIENT span named for `subgraph`, handing it headers that carry the span's
 * `traceparent` (a copy of `headers`; the caller's are left as they are). Not tracing, or outside
 * any span, `fetch` is called with `headers` untouched.
 */
export async function tracedFetch<T>(
  subgraph: string,
  url: string,
  headers: FetchHeaders,
  fetch: (headers: FetchHeaders) => Promise<T>,
): Promise<T> {
  // Outside any span (readiness probes), a fetch would start a trace of its own: left untraced.
  if (!tracing() || !trace.getSpan(context.active())) return fetch(headers);
  return tracer().startActiveSpan(
    `fetch ${subgraph}`,
    { kind: SpanKind.CLIENT, attributes: { 'graph.subgraph': subgraph, 'url.full': url, 'http.request.method': 'POST' } },
    async (span) => {
      const carried = new Headers(headers);
      propagation.inject(context.active(), carried, headerSetter);
      try {
        return await fetch(carried);
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** What {@link traceQueries} reads of knex's query events. */
interface QueryEvent {
  __knexQueryUid?: string;
  sql?: string;
  method?: string;
}

/** Knex (MikroORM's connection) as far as its query events go. */
export interface QueryEvents {
  on(event: 'query', listener: (query: QueryEvent) => void): unknown;
  on(event: 'query-response', listener: (response: unknown, query: QueryEvent) => void): unknown;
  on(event: 'query-error', listener: (error: Error, query: QueryEvent) => void): unknown;
}

/**
 * A CLIENT span per SQL statement (its text with placeholders, never the values), child of the
 * span active when it was sent (a subgraph's request span), from knex's `query`, `query-response`
 * and `query-error` events; statements sent outside any span (background work: feeds, the outbox,
 * scans, migrations) are not traced. Nothing is listened to unless {@link tracing}.
 */
export function traceQueries(events: QueryEvents): void {
  if (!tracing()) return;
  const open = new Map<string, Span>();
  events.on('query', (query) => {
    // Only inside a traced request: background work (feeds, outbox, scans) would be a root trace a statement.
    if (!query.__knexQueryUid || !trace.getSpan(context.active())) return;
    const operation = (query.sql?.trim().split(/\s/, 1)[0] || query.method || 'query').toLowerCase();
    const span = tracer().startSpan(operation, {
      kind: SpanKind.CLIENT,
      attributes: { 'db.system': 'postgresql', 'db.operation.name': operation, 'db.query.text': query.sql ?? '' },
    });
    open.set(query.__knexQueryUid, span);
  });
  const end = (query: QueryEvent, error?: Error) => {
    const span = query.__knexQueryUid ? open.get(query.__knexQueryUid) : undefined;
    if (!span) return;
    open.delete(query.__knexQueryUid!);
    if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    span.end();
  };
  events.on('query-response', (_response, query) => end(query));
  events.on('query-error', (error, query) => end(query, error));
}

/** A caller's trace context, kept for work done for it later (a subscription's events). */
export type TraceContext = Context;

/**
 * The trace context a `traceparent` in `carrier` (headers, or a GraphQL message's `extensions`)
 * names, for {@link inSpan}; undefined when not tracing or none is given.
 */
export function incomingTrace(carrier: Record<string, unknown> | null | undefined): TraceContext | undefined {
  if (!tracing() || typeof carrier?.traceparent !== 'string') return undefined;
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/**
 * Runs `work` in an INTERNAL span of `service` under `parent`, active while it runs so the fetches
 * it makes carry it. Without a parent (a subscriber that sent no `traceparent`: a trace per event per
 * subscriber would flood the collector), or not tracing, `work` is just called.
 */
export async function inSpan<T>(
  name: string,
  service: string,
  parent: TraceContext | undefined,
  attributes: Record<string, string>,
  work: () => Promise<T>,
): Promise<T> {
  if (!tracing() || !parent) return work();
  const within = parent.setValue(SERVICE, service);
  return tracer().startActiveSpan(name, { attributes: { ...attributes, [SERVICE_ATTRIBUTE]: service } }, within, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}
