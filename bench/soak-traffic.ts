import { setTimeout as sleep } from 'node:timers/promises';

import type { GraphProcess } from './graph-process.js';
import { postGraphQL, type GraphQLResponse } from './load.js';
import { bearer, PUBLIC_QUERY, readLoads, tokensFor } from './scenarios.js';
import { SCOPED_ORGANIZATIONS } from './scopes.js';
import { WriteLane, type AcknowledgedWrite, type WriteTarget } from './soak-writes.js';

/** One finished operation, on the clock of the phase it ran in. */
export interface Timed {
  /** The read scenario, or the kind of write. */
  name: string;
  /** Milliseconds from the phase's start to the operation's start. */
  atMs: number;
  ms: number;
  ok: boolean;
}

/** What one phase of traffic did (the calibration and the soak each keep their own). */
export class PhaseLog {
  readonly startedAt = Date.now();
  readonly reads: Timed[] = [];
  readonly writes: Timed[] = [];
  /** Error counts by `read:CODE` / `write:CODE`; a write retried three times counts three. */
  readonly errors = new Map<string, number>();
  retries = 0;
  /** Starts that found every slot busy: the load generator could not hold the rate. */
  skipped = { reads: 0, writes: 0 };

  clock(): number {
    return Date.now() - this.startedAt;
  }

  error(kind: 'read' | 'write', code: string): void {
    const key = `${kind}:${code}`;
    this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
  }
}

/** A GraphQL operation the soak sends, named for its latency table. */
export interface Operation {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  headers?: Record<string, string>;
}

const OWN_INCIDENTS = `query { incidents(first: 20) { edges { node { id status currentRevision reportDueAt } } } }`;

/** Retried with the same idempotency key, as a client is told to; anything else is final. */
const RETRYABLE = new Set(['NETWORK', 'TIMEOUT', 'SERVICE_UNAVAILABLE']);
const REQUEST_TIMEOUT_MS = 30_000;
const GIVE_UP_AFTER_MS = 120_000;
const MAX_READS_IN_FLIGHT = 32;

const codeOf = (error: unknown) => ((error as Error).name === 'TimeoutError' ? 'TIMEOUT' : 'NETWORK');

/**
 * The soak's reads and writes through the gateway. Reads rotate over the bench's read scenarios
 * plus a public query and an organization's own list; writes go through one {@link WriteLane}
 * per demo organization (those the subscribers watch), each making one write at a time.
 */
export class SoakTraffic implements WriteTarget {
  /** Every acknowledged write, in every phase. */
  readonly acknowledged: AcknowledgedWrite[] = [];
  log = new PhaseLog();
  private readsInFlight = 0;
  private nextRead = 0;
  private nextLane = 0;

  private constructor(
    private readonly url: string,
    private readonly reads: Operation[],
    private readonly lanes: WriteLane[],
  ) {}

  static async start(graph: GraphProcess): Promise<SoakTraffic> {
    const tokens = await tokensFor(graph);
    const ownOrganization = SCOPED_ORGANIZATIONS[0]!.id;
    const reads: Operation[] = [
      ...(await readLoads(graph)),
      { name: 'public: advisories and sectors (cached at the gateway)', query: PUBLIC_QUERY },
      { name: 'organization: its own incidents', query: OWN_INCIDENTS, headers: bearer(await tokens.organization(ownOrganization)) },
    ];
    const traffic: SoakTraffic = new SoakTraffic(graph.gatewayUrl, reads, []);
    // Counted over all lanes, not per lane: at a low rate a lane may file only a few incidents.
    let notifications = 0;
    const everyFifth = () => ++notifications % 5 === 0;
    for (const organization of SCOPED_ORGANIZATIONS) {
      traffic.lanes.push(new WriteLane(traffic, organization.id, bearer(await tokens.organization(organization.id)), everyFifth));
    }
    return traffic;
  }

  /** Starts the next read, or returns null when MAX_READS_IN_FLIGHT are still running. */
  tryRead(): Promise<void> | null {
    if (this.readsInFlight >= MAX_READS_IN_FLIGHT) return null;
    const operation = this.reads[this.nextRead++ % this.reads.length]!;
    this.readsInFlight += 1;
    return this.read(operation).finally(() => (this.readsInFlight -= 1));
  }

  /** Advances the next idle lane by one write, or returns null when every lane is busy. */
  tryWrite(): Promise<void> | null {
    for (let i = 0; i < this.lanes.length; i++) {
      const lane = this.lanes[this.nextLane++ % this.lanes.length]!;
      if (!lane.busy) return lane.advance();
    }
    return null;
  }

  private async read(operation: Operation): Promise<void> {
    const log = this.log;
    const atMs = log.clock();
    const started = performance.now();
    let ok = false;
    try {
      const body = await postGraphQL(this.url, operation, AbortSignal.timeout(REQUEST_TIMEOUT_MS));
      for (const error of body.errors ?? []) log.error('read', error.extensions?.code ?? 'UNKNOWN');
      ok = !body.errors;
    } catch (error) {
      log.error('read', codeOf(error));
    }
    log.reads.push({ name: operation.name, atMs, ms: performance.now() - started, ok });
  }

  /**
   * Sends a mutation until it is acknowledged, retrying a network error, a timeout or
   * SERVICE_UNAVAILABLE with the same input (and so the same idempotency key). Its latency is
   * the client's: from the first attempt to the acknowledgement. Null when refused or given up.
   */
  async write(operation: Operation, field: string): Promise<Record<string, any> | null> {
    const log = this.log;
    const atMs = log.clock();
    const started = performance.now();
    for (let attempt = 0; ; attempt++) {
      let code: string;
      try {
        const body: GraphQLResponse = await postGraphQL(this.url, operation, AbortSignal.timeout(REQUEST_TIMEOUT_MS));
        for (const error of body.errors ?? []) log.error('write', error.extensions?.code ?? 'UNKNOWN');
        const data = body.data?.[field];
        if (data) {
          log.writes.push({ name: operation.name, atMs, ms: performance.now() - started, ok: true });
          return data;
        }
        code = body.errors?.[0]?.extensions?.code ?? 'UNKNOWN';
      } catch (error) {
        code = codeOf(error);
        log.error('write', code);
      }
      if (!RETRYABLE.has(code) || performance.now() - started > GIVE_UP_AFTER_MS) {
        log.writes.push({ name: operation.name, atMs, ms: performance.now() - started, ok: false });
        return null;
      }
      log.retries += 1;
      await sleep(Math.min(2000, 100 * 2 ** attempt));
    }
  }
}
