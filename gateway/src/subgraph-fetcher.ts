import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import CircuitBreaker from 'opossum';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { Agent, request } from 'undici';

import { ErrorCode } from '../../platform/errors.js';
import { IDENTITY_HEADER } from '../../platform/identity.js';
import { LATENCY_BUCKETS } from '../../platform/operation-metrics.js';
import { tracedFetch, type FetchHeaders } from '../../platform/telemetry.js';

type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherResponse = Awaited<ReturnType<Fetcher>>;
type FetcherInit = NonNullable<Parameters<Fetcher>[1]>;

/** How the gateway's HTTP clients to the subgraphs behave (`SUBGRAPH_*`). */
export interface SubgraphClientOptions {
  /** Most keep-alive connections to one subgraph; further requests queue. */
  connectionsPerSubgraph: number;
  /** A subgraph that sends no headers, or stalls mid-body, this long fails the fetch. */
  timeoutMs: number;
  /** The circuit opens when this share (%) of a subgraph's recent fetches failed… */
  breakerErrorPercentage: number;
  /** …and lets one fetch through again after this long. */
  breakerResetMs: number;
  /** Identical reads of one caller in flight together are sent once (see {@link InFlightFetches}). */
  shareIdenticalReads: boolean;
  /** Where fetches are counted and timed, and open circuits shown. */
  metrics: Registry;
}

/** The error for the parts of an answer a subgraph could not give: SERVICE_UNAVAILABLE, naming it and why. */
export const subgraphUnavailable = (subgraph: string, why: string) =>
  new GraphQLError(
    `The ${subgraph} service is unavailable (${why}); the parts of this answer it provides are missing. Try again shortly.`,
    {
      extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, service: subgraph },
    },
  );

function carriesGraphQLErrors(body: string): boolean {
  try {
    return Array.isArray((JSON.parse(body) as { errors?: unknown }).errors);
  } catch {
    return false;
  }
}

/** A subgraph's response, read in full: what the data source needs of a fetch Response. */
class SubgraphResponse implements FetcherResponse {
  readonly bodyUsed = false;
  readonly redirected = false;
  readonly ok: boolean;
  readonly statusText = '';

  constructor(
    readonly url: string,
    readonly status: number,
    readonly headers: Headers,
    private readonly body: string,
  ) {
    // A subgraph refuses a request it cannot even run (variables that do not coerce, say) with a 4xx
    // and a GraphQL body; those errors are the client's to see, with their codes, not a failed fetch.
    this.ok = (status >= 200 && status < 300) || (status >= 400 && status < 500 && carriesGraphQLErrors(body));
  }

  async text(): Promise<string> {
    return this.body;
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.body);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return new TextEncoder().encode(this.body).buffer as ArrayBuffer;
  }

  clone(): SubgraphResponse {
    return new SubgraphResponse(this.url, this.status, new Headers(this.headers), this.body);
  }
}

/** The header a fetch's caller is named by: the gateway's signed identity, cached per caller (absent: the public). */
const IDENTITY = IDENTITY_HEADER.toLowerCase();

function headerOf(headers: FetcherInit['headers'], name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  if (Array.isArray(headers)) return headers.find(([key]) => key.toLowerCase() === name)?.[1];
  const record = headers as Record<string, string>;
  return record[name] ?? Object.entries(record).find(([key]) => key.toLowerCase() === name)?.[1];
}

/**
 * A read the gateway may share: a POST whose body is a query operation. The body is the data
 * source's `JSON.stringify({ query, variables, … })`, so a query's text leads it; anything else —
 * a mutation, or a body of another shape — is sent on its own.
 */
function shareableRead(init: FetcherInit): init is FetcherInit & { body: string } {
  if (init.method !== 'POST' || typeof init.body !== 'string' || !init.body.startsWith('{"query":"')) return false;
  const text = init.body.slice(10, 10 + 16).trimStart();
  return text.startsWith('{') || /^query\b/.test(text);
}

/**
 * Identical subgraph reads in flight at once are sent once and their answer given to each: the
 * same subgraph, URL, body (operation and variables) and forwarded identity. The identity is part
 * of the key, so callers never share an answer — row scope and field visibility are decided by
 * the subgraph for that identity. Request ids are not: a read shared by one caller's concurrent
 * requests is logged and audited once, under the first request's id. Mutations are never shared.
 */
class InFlightFetches {
  private readonly pending = new Map<string, Promise<SubgraphResponse>>();

  constructor(private readonly deduplicated: Counter) {}

  share(
    subgraph: string,
    url: string,
    init: FetcherInit,
    fetch: (url: string, init: FetcherInit) => Promise<SubgraphResponse>,
  ): Promise<SubgraphResponse> {
    if (!shareableRead(init)) return fetch(url, init);
    const key = `${subgraph}\n${url}\n${headerOf(init.headers, IDENTITY) ?? ''}\n${init.body}`;
    const already = this.pending.get(key);
    if (already) {
      this.deduplicated.inc({ subgraph });
      // Each waiter reads its own copy: the data source parses the body it is handed.
      return already.then((response) => response.clone());
    }
    const fetched = fetch(url, init).finally(() => this.pending.delete(key));
    this.pending.set(key, fetched);
    return fetched;
  }
}

/** A failure that counts against a subgraph's circuit: it did not answer, or answered 5xx. */
class SubgraphFailure extends Error {}

/** What the gateway measures of its fetches to the subgraphs. */
interface FetchMetrics {
  /**
   * By subgraph and outcome: `ok`, `http_error` (a status that is no answer: a 5xx, or a 4xx
   * without GraphQL errors), `failed` (nothing came back), `circuit_open` (not even sent).
   */
  fetches: Counter;
  latency: Histogram;
  /** Fetches not sent because an identical one for the same caller was already under way. */
  deduplicated: Counter;
}

/** Registers the fetch metrics; the circuit gauge reads each breaker's state when scraped. */
function fetchMetrics(registry: Registry, breakers: ReadonlyMap<string, CircuitBreaker>): FetchMetrics {
  const fetches = new Counter({
    name: 'gateway_subgraph_fetches_total',
    help: 'Fetches from the gateway to a subgraph, by outcome (ok, http_error, failed, circuit_open)',
    labelNames: ['subgraph', 'outcome'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'gateway_subgraph_fetch_duration_seconds',
    help: 'Time a subgraph took to answer the gateway',
    labelNames: ['subgraph'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: 'gateway_subgraph_circuit_open',
    help: '1 while the circuit to a subgraph is open (its fetches fail at once)',
    labelNames: ['subgraph'],
    registers: [registry],
    collect() {
      for (const [subgraph, breaker] of breakers) this.set({ subgraph }, breaker.opened ? 1 : 0);
    },
  });
  const deduplicated = new Counter({
    name: 'gateway_subgraph_fetches_deduplicated_total',
    help: 'Subgraph fetches answered by an identical fetch already in flight for the same caller (same subgraph, operation, variables and forwarded identity)',
    labelNames: ['subgraph'],
    registers: [registry],
  });
  return { fetches, latency, deduplicated };
}

/** Why a fetch got no answer, as the client reads it in the SERVICE_UNAVAILABLE message. */
function failureOf(error: unknown, timeoutMs: number): SubgraphFailure {
  if (error instanceof SubgraphFailure) return error;
  return new SubgraphFailure(
    (error as { code?: string }).code === 'UND_ERR_HEADERS_TIMEOUT' ? `no answer within ${timeoutMs} ms` : 'it cannot be reached',
  );
}

/**
 * One fetch to a subgraph over the pool, read in full, counted and timed. Rejects with a
 * {@link SubgraphFailure} — what counts against the circuit — when no answer comes or it is a 5xx;
 * a 4xx is an answer (see {@link SubgraphResponse}).
 */
async function fetchOnce(
  agent: Agent,
  metrics: FetchMetrics,
  timeoutMs: number,
  subgraph: string,
  url: string,
  init: FetcherInit = {},
): Promise<SubgraphResponse> {
  const stopTimer = metrics.latency.startTimer({ subgraph });
  try {
    const response = await request(url, {
      method: (init.method ?? 'GET') as 'POST',
      headers: init.headers,
      body: init.body,
      dispatcher: agent,
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      for (const one of Array.isArray(value) ? value : [value ?? '']) headers.append(name, one);
    }
    const result = new SubgraphResponse(url, response.statusCode, headers, await response.body.text());
    metrics.fetches.inc({ subgraph, outcome: result.ok ? 'ok' : 'http_error' });
    if (result.status >= 500) throw new SubgraphFailure(`it answered HTTP ${result.status}`);
    return result;
  } catch (error) {
    if (!(error instanceof SubgraphFailure)) metrics.fetches.inc({ subgraph, outcome: 'failed' });
    throw failureOf(error, timeoutMs);
  } finally {
    stopTimer();
  }
}

/**
 * The gateway's HTTP clients to its subgraphs: undici's request API over a keep-alive pool
 * (@apollo/gateway's default, make-fetch-happen, showed as the largest share of the gateway's CPU),
 * a timeout, and a circuit breaker per subgraph (opossum), so a subgraph that is down or stalled
 * fails its part of each answer at once with SERVICE_UNAVAILABLE instead of holding requests and
 * connections; the rest of the answer is still served. Fetches are counted and timed per subgraph.
 *
 * Every failure a fetcher reports is a {@link subgraphUnavailable} error naming the subgraph and
 * why (no answer within the timeout, unreachable, a 5xx, or the circuit open); a subgraph's 4xx
 * with GraphQL errors is passed on as its answer. `close` stops the breakers and the pool.
 */
export function subgraphClients(options: SubgraphClientOptions): { fetcherFor: (subgraph: string) => Fetcher; close: () => Promise<void> } {
  const agent = new Agent({
    connections: options.connectionsPerSubgraph,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    keepAliveTimeout: 30_000,
  });
  const breakers = new Map<string, CircuitBreaker<[string, FetcherInit], SubgraphResponse>>();
  const metrics = fetchMetrics(options.metrics, breakers);

  const inFlight = new InFlightFetches(metrics.deduplicated);
  const fetcherFor = (subgraph: string): Fetcher => {
    const breaker = new CircuitBreaker(
      (url: string, init: FetcherInit) => fetchOnce(agent, metrics, options.timeoutMs, subgraph, url, init),
      {
        timeout: false, // undici's own timeouts apply
        errorThresholdPercentage: options.breakerErrorPercentage,
        resetTimeout: options.breakerResetMs,
        rollingCountTimeout: 10_000,
        volumeThreshold: 5,
      },
    );
    breakers.set(subgraph, breaker);
    // A CLIENT span per fetch, its traceparent sent to the subgraph. A read shared with another in
    // flight (see InFlightFetches: keyed on identity and body, never on this header) is sent once,
    // with the first request's traceparent: the subgraph's spans sit under that request's trace.
    const fire = (url: string, init: FetcherInit) =>
      tracedFetch(subgraph, url, init.headers as FetchHeaders, (headers) =>
        breaker.fire(url, headers === init.headers ? init : { ...init, headers: headers as FetcherInit['headers'] }),
      );
    return async (url, init = {}) => {
      try {
        return await (options.shareIdenticalReads ? inFlight.share(subgraph, url, init, fire) : fire(url, init));
      } catch (error) {
        if (breaker.opened && !(error instanceof SubgraphFailure)) {
          metrics.fetches.inc({ subgraph, outcome: 'circuit_open' });
          throw subgraphUnavailable(subgraph, 'it failed repeatedly just now');
        }
        throw subgraphUnavailable(subgraph, (error as Error).message);
      }
    };
  };

  return {
    fetcherFor,
    close: async () => {
      for (const breaker of breakers.values()) breaker.shutdown();
      await agent.close();
    },
  };
}
