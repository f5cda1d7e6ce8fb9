import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import CircuitBreaker from 'opossum';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { Agent, request } from 'undici';

import { ErrorCode } from '../../platform/errors.js';
import { LATENCY_BUCKETS } from '../../platform/operation-metrics.js';

type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherResponse = Awaited<ReturnType<Fetcher>>;
type FetcherInit = Parameters<Fetcher>[1];

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
  return { fetches, latency };
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
    return async (url, init) => {
      try {
        return await breaker.fire(url, init);
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
