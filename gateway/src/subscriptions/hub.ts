import type { ServiceMap } from '@apollo/gateway';
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Gauge } from 'prom-client';

import { AsyncQueue, QueueOverflowError } from '../../../platform/async-queue.js';
import { canonicalScope, isSignedIn } from '../../../platform/caller.js';
import { IDENTITY_EXTENSION, REQUEST_ID_EXTENSION, type IdentitySigner } from '../../../platform/identity.js';
import type { Logger } from '../../../platform/logger.js';
import { inSpan } from '../../../platform/telemetry.js';
import { refusesForwardedIdentity } from '../identity-refusals.js';
import type { GatewayContext } from '../server.js';
import { resumedOperation, type SubscriptionPlan, type SubscriptionPlanner } from './event-plan.js';
import { isIdentityExpiry, isRefusal, type UpstreamConnections, type UpstreamError, type UpstreamResult } from './upstream.js';

/** What a {@link SubscriptionHub} runs on. */
export interface HubOptions {
  /** Completes each event with the rest of its plan. */
  planner: SubscriptionPlanner;
  /** The multiplexed WebSocket connections to the subgraphs that own the streams. */
  upstream: UpstreamConnections;
  /** One data source per subgraph, for the entity fetches that complete an event (as over HTTP). */
  dataSources: ServiceMap;
  /** Signs the identity each upstream operation carries. */
  identities: IdentitySigner;
  /** The error subscribers get when a subgraph refuses the identity the gateway forwarded (see `IdentityRefusals`). */
  identityRefused: (subgraph: string) => GraphQLError;
  logger: Logger;
  /** Results a subscriber may have waiting before it is ended as too slow (it can resume). @default 1000 */
  bufferLimit?: number;
  /** Client subscriptions being served, and upstream subscriptions (topics) open. */
  gauges: { subscribers: Gauge; topics: Gauge };
}

const RETRY_DELAYS_MS = [100, 250, 500, 1000, 2000];
const retryDelay = (retries: number) => RETRY_DELAYS_MS[Math.min(retries, RETRY_DELAYS_MS.length - 1)]!;
/** How long to wait before resuming a lost upstream: at once when only its identity ran out (the gateway renews it then). */
const resumeDelay = (reason: unknown, retries: number) => (isIdentityExpiry(reason) ? 0 : retryDelay(retries));
const asErrors = (errors: readonly UpstreamError[]) => errors.map((e) => new GraphQLError(e.message, { extensions: e.extensions }));
const reasonOf = (reason: unknown) => String((reason as Error)?.message ?? reason);

/** A completed event, as the subscribers of a topic receive it. */
interface Delivery {
  sequence: number;
  result: ExecutionResult;
}

/** The event an upstream result carries (its root field), if it carries one. */
function eventOf(plan: SubscriptionPlan, result: UpstreamResult): { sequence: number } | undefined {
  const event = result.data?.[plan.rootField] as { sequence?: unknown } | null | undefined;
  return event && typeof event.sequence === 'number' ? { sequence: event.sequence } : undefined;
}

/**
 * One client subscription. It receives each event once, in sequence order, from where it starts:
 * its own `afterSequence` — replayed for it alone up to where its topic stood when it joined,
 * while the topic's newer events wait — or else where its topic stood.
 */
class Subscriber {
  /** The last sequence it received, or where it starts. */
  last = 0;
  /** The topic's events that arrived while it was catching up. */
  private held: Delivery[] | undefined;
  /** Stops its catch-up replay, while one runs. */
  stopCatchUp: (() => void) | undefined;

  constructor(
    readonly queue: AsyncQueue<ExecutionResult>,
    readonly context: GatewayContext,
    readonly requestedStart: number | undefined,
    private readonly heldLimit: number,
  ) {}

  startAt(sequence: number, catchingUp: boolean): void {
    this.last = sequence;
    this.held = catchingUp ? [] : undefined;
  }

  offer(delivery: Delivery): void {
    if (!this.held) return this.receive(delivery);
    if (this.held.length >= this.heldLimit)
      this.queue.fail(new QueueOverflowError('too many events arrived while catching up: resume with afterSequence'));
    else this.held.push(delivery);
  }

  receive({ sequence, result }: Delivery): void {
    if (sequence <= this.last) return;
    this.last = sequence;
    this.queue.push(result);
  }

  caughtUp(): void {
    const held = this.held ?? [];
    this.held = undefined;
    this.stopCatchUp = undefined;
    for (const delivery of held) this.receive(delivery);
  }

  end(errors: GraphQLError[]): void {
    this.queue.push({ errors });
    this.queue.close();
  }
}

/**
 * Everyone subscribed with the same operation, variables and scope (role and organization or
 * regulator) — whatever `afterSequence` each gave: one upstream subscription and one completion
 * per event, delivered to each of them. An event therefore costs work per distinct scope, not per
 * subscriber. The stream starts at the subgraph's newest event when the topic opens and, when the
 * upstream is lost, resumes after the last event received — whether or not any arrived yet.
 */
class Topic {
  private readonly subscribers = new Set<Subscriber>();
  /** Joined before the topic knew where its stream starts. */
  private waiting: Subscriber[] = [];
  /** The last sequence received from upstream: where the stream resumes after a loss. */
  private received: number | undefined;
  /** The last sequence handed to the subscribers: where a newcomer without `afterSequence` starts. */
  private delivered: number | undefined;
  private unsubscribe: (() => void) | undefined;
  private chain: Promise<void> = Promise.resolve();
  private retries = 0;
  private closed = false;
  private connecting = false;
  /** Counts upstream attempts, so a late signal from an abandoned one is ignored. */
  private attempt = 0;

  constructor(
    private readonly key: string,
    private readonly plan: SubscriptionPlan,
    private readonly variables: Record<string, unknown>,
    private readonly context: GatewayContext,
    private readonly hub: SubscriptionHub,
  ) {}

  add(subscriber: Subscriber): void {
    if (this.delivered === undefined) this.waiting.push(subscriber);
    else this.join(subscriber);
    if (!this.unsubscribe && !this.connecting) this.start();
  }

  remove(subscriber: Subscriber): void {
    subscriber.stopCatchUp?.();
    this.subscribers.delete(subscriber);
    this.waiting = this.waiting.filter((s) => s !== subscriber);
    if (this.size === 0) this.close();
  }

  get size(): number {
    return this.subscribers.size + this.waiting.length;
  }

  private join(subscriber: Subscriber): void {
    this.subscribers.add(subscriber);
    const at = this.delivered!;
    const start = subscriber.requestedStart;
    subscriber.startAt(start ?? at, start !== undefined);
    // Even a start at or past the topic's position replays (nothing): the subgraph checks it is a sequence it has reached.
    if (start !== undefined) this.catchUp(subscriber, at);
  }

  private start(): void {
    this.connecting = true;
    void this.connect().finally(() => (this.connecting = false));
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const attempt = ++this.attempt;
    const current = () => attempt === this.attempt && !this.closed;
    const { plan, hub } = this;
    try {
      const extensions = await hub.extensionsFor(this.context);
      if (this.received === undefined) {
        const head = await hub.head(plan, extensions);
        if (!current()) return;
        if (typeof head !== 'number') return this.end(hub.refusal(plan, head));
        this.received = this.delivered = head;
        for (const subscriber of this.waiting.splice(0)) this.join(subscriber);
      }
      if (!current()) return;
      const query = resumedOperation(plan.upstreamOperation, plan.rootField, this.received);
      const unsubscribe = hub.options.upstream.subscribe(
        plan.serviceName,
        { query, variables: hub.upstreamVariables(plan, this.variables), extensions },
        {
          next: (result) => {
            if (!current()) return;
            this.retries = 0;
            this.receive(result);
          },
          refused: (errors) => current() && this.end(hub.refusal(plan, errors)),
          lost: (reason) => current() && this.reconnect(reason),
          completed: () => current() && this.reconnect('upstream stream completed'),
        },
      );
      // A connection already known to be down reports the loss before subscribe() returns.
      if (current()) this.unsubscribe = unsubscribe;
      else unsubscribe();
    } catch (error) {
      if (current()) this.reconnect(error);
    }
  }

  private receive(upstream: UpstreamResult): void {
    const event = eventOf(this.plan, upstream);
    if (!event) {
      // No event: the subgraph refused the stream when it opened, or failed opening it.
      if (upstream.errors?.length) {
        if (isRefusal(upstream.errors)) this.end(this.hub.refusal(this.plan, upstream.errors));
        else this.reconnect(upstream.errors[0]!.message);
      }
      return;
    }
    if (this.received !== undefined && event.sequence <= this.received) return; // already had before a reconnection
    this.received = event.sequence;
    this.chain = this.chain.then(async () => {
      const result = await this.hub.complete(this.plan, upstream, this.variables, this.context);
      this.delivered = event.sequence;
      for (const subscriber of this.subscribers) subscriber.offer({ sequence: event.sequence, result });
    });
  }

  /**
   * Replays, for one newcomer alone, its events after its `afterSequence` up to `until` (where
   * the topic stood when it joined), then hands it the topic's events that waited meanwhile. A
   * lost replay resumes after the last event it delivered.
   */
  private catchUp(subscriber: Subscriber, until: number, retries = 0): void {
    const { plan, hub } = this;
    let chain: Promise<void> = Promise.resolve();
    let over = false;
    const finish = (then: () => void) => {
      if (over) return;
      over = true;
      chain = chain.then(then);
    };
    const retry = (reason: unknown) =>
      finish(() => {
        if (!this.subscribers.has(subscriber)) return;
        if (!isIdentityExpiry(reason))
          hub.options.logger.warn({ reason: reasonOf(reason), topic: plan.rootField }, 'catch-up replay lost; resuming');
        setTimeout(
          () => this.subscribers.has(subscriber) && this.catchUp(subscriber, until, retries + 1),
          resumeDelay(reason, retries),
        ).unref();
      });
    const refuse = (errors: readonly UpstreamError[]) => finish(() => subscriber.end(hub.refusal(plan, errors)));
    void hub.extensionsFor(subscriber.context).then((extensions) => {
      if (!this.subscribers.has(subscriber)) return;
      const query = resumedOperation(plan.upstreamOperation, plan.rootField, subscriber.last, until);
      subscriber.stopCatchUp = hub.options.upstream.subscribe(
        plan.serviceName,
        { query, variables: hub.upstreamVariables(plan, this.variables), extensions },
        {
          next: (result) => {
            const event = eventOf(plan, result);
            if (!event) {
              if (result.errors?.length) (isRefusal(result.errors) ? refuse : retry)(result.errors);
              return;
            }
            chain = chain.then(async () =>
              subscriber.receive({
                sequence: event.sequence,
                result: await hub.complete(plan, result, this.variables, subscriber.context),
              }),
            );
          },
          refused: refuse,
          lost: retry,
          completed: () => finish(() => subscriber.caughtUp()),
        },
      );
    }, retry);
  }

  private reconnect(reason: unknown): void {
    this.attempt += 1; // whatever the lost attempt still reports is stale from now on
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.closed) return;
    const delay = resumeDelay(reason, this.retries);
    if (delay > 0) {
      this.retries += 1;
      this.hub.options.logger.warn({ reason: reasonOf(reason), topic: this.plan.rootField, delay }, 'upstream subscription lost; resuming');
    }
    setTimeout(() => {
      if (this.closed || this.unsubscribe || this.connecting) return;
      this.start();
    }, delay).unref();
  }

  /** The subgraph refused the stream: each subscriber gets the errors and its stream ends. */
  private end(errors: GraphQLError[]): void {
    for (const subscriber of [...this.subscribers, ...this.waiting]) subscriber.end(errors);
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe?.();
    for (const subscriber of this.subscribers) subscriber.stopCatchUp?.();
    this.hub.forget(this.key);
  }
}

/**
 * Serves every client subscription of the gateway from as few upstream subscriptions as scope
 * allows. Subscribers with the same operation (whatever their `afterSequence`), variables and scope
 * share one topic: one upstream subscription on the subgraph that owns the root field, opened
 * under the identity of the subscriber that opened the topic, and one completion of each event
 * (the entity fetches to the other subgraphs), handed to each of them. The owning subgraph filters
 * its stream by that scope, so what a topic carries is exactly what each of its subscribers may see.
 * A signed-in subscriber whose selection reads audited data shares nothing (see {@link subscribe}).
 *
 * What a subscriber is guaranteed:
 * - every event of its scope after its start, each once and in sequence order. Its start is its
 *   `afterSequence`, replayed for it alone up to where the topic stood when it joined while the
 *   topic's newer events wait for it; or else where the topic stood: the subgraph's newest event
 *   when the topic opened.
 * - nothing lost or repeated when the upstream is lost (the subgraph restarts or is killed, the
 *   connection drops, the forwarded identity expires): the topic resubscribes after the last event
 *   it received, at once for an expired identity, else after 100 ms rising to 2 s, for as long as
 *   it has subscribers. A catch-up replay that is lost resumes the same way.
 * - a refusal by the subgraph (a client-facing code: FORBIDDEN, BAD_USER_INPUT, …) ends the
 *   streams it concerns with its errors; a refused forwarded identity is SERVICE_UNAVAILABLE
 *   naming the subgraph instead (the deployment's fault, see `IdentityRefusals`).
 * - an event that cannot be completed arrives as an error result in its place, never as a gap.
 *
 * A slow client costs only itself: each subscriber has its own queue of at most `bufferLimit`
 * results (and as many events waiting while it catches up); one that lets more pile up is ended
 * with an error saying it is too slow, while the others go on, and may resubscribe with
 * `afterSequence` set to the last `sequence` it received. The last subscriber to leave a topic
 * closes its upstream subscription.
 *
 * Why so: an event costs work per distinct scope, not per subscriber, so a surge of dashboards in
 * one scope costs the subgraphs one stream; and because every event carries its stream's
 * `sequence`, resuming — the hub's after a loss, a client's after a reconnection — is exact.
 * Each gateway replica has its own hub: every replica's subscribers get every event.
 */
export class SubscriptionHub {
  private readonly topics = new Map<string, Topic>();

  constructor(readonly options: HubOptions) {}

  /**
   * A subscriber's stream of results; ends its share of the topic when the client stops.
   * Subscribers whose selection reads audited data share nothing: each is its own reader, audited
   * by the subgraphs under its own request id, as over HTTP.
   */
  subscribe(plan: SubscriptionPlan, variables: Record<string, unknown>, context: GatewayContext): AsyncIterableIterator<ExecutionResult> {
    const alone = plan.readsAuditedData && isSignedIn(context.caller);
    const sharedVariables = Object.fromEntries(Object.entries(variables).filter(([name]) => name !== plan.startVariable));
    const key = JSON.stringify([plan.sharedAs, sharedVariables, canonicalScope(context.caller), alone ? context.requestId : null]);
    let topic = this.topics.get(key);
    if (!topic) {
      topic = new Topic(key, plan, variables, context, this);
      this.topics.set(key, topic);
      this.options.gauges.topics.inc();
    }
    const joined = topic;
    const bufferLimit = this.options.bufferLimit ?? 1000;
    // However the stream ends — the client stops, the topic ends, the subscriber falls behind —
    // it leaves the topic once, and the topic closes its upstream when the last one leaves.
    const queue: AsyncQueue<ExecutionResult> = new AsyncQueue<ExecutionResult>(bufferLimit, () => {
      joined.remove(subscriber);
      this.options.gauges.subscribers.dec();
    });
    const subscriber = new Subscriber(queue, context, plan.requestedStart(variables), bufferLimit);
    joined.add(subscriber);
    this.options.gauges.subscribers.inc();
    return queue;
  }

  /** What identifies the subscriber on an upstream operation: its signed identity and the gateway's request id. */
  async extensionsFor(context: GatewayContext): Promise<Record<string, unknown>> {
    const { caller } = context;
    return {
      [REQUEST_ID_EXTENSION]: context.requestId,
      ...(isSignedIn(caller) && { [IDENTITY_EXTENSION]: await this.options.identities.sign(caller) }),
    };
  }

  /**
   * What subscribers get of a subgraph's refusal: its errors, unless it refused the identity the
   * gateway forwarded — the deployment's fault, not theirs: SERVICE_UNAVAILABLE naming the subgraph.
   */
  refusal(plan: SubscriptionPlan, errors: readonly UpstreamError[]): GraphQLError[] {
    return refusesForwardedIdentity(errors) ? [this.options.identityRefused(plan.serviceName)] : asErrors(errors);
  }

  /** Where the plan's stream stands now (its newest sequence), or the subgraph's refusal. */
  async head(plan: SubscriptionPlan, extensions: Record<string, unknown>): Promise<number | readonly UpstreamError[]> {
    const result = await this.options.upstream.query(plan.serviceName, { query: `{ ${plan.headField} }`, variables: {}, extensions });
    const head = result.data?.[plan.headField];
    if (typeof head === 'number') return head;
    if (result.errors && isRefusal(result.errors)) return result.errors;
    throw new Error(`could not read where ${plan.rootField} stands: ${result.errors?.[0]?.message ?? 'no answer'}`);
  }

  /** The client's variables the upstream operation uses (the rest belong to the entity fetches). */
  upstreamVariables(plan: SubscriptionPlan, variables: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(plan.upstreamVariableNames.filter((name) => name in variables).map((name) => [name, variables[name]]));
  }

  /** Completes one event for a subscriber; a failure becomes an error result rather than a lost event. */
  async complete(
    plan: SubscriptionPlan,
    upstream: UpstreamResult,
    variables: Record<string, unknown>,
    context: GatewayContext,
  ): Promise<ExecutionResult> {
    try {
      // Traced, in the subscriber's trace: the entity fetches it makes carry it to the subgraphs.
      return await inSpan(
        `subscription event ${plan.rootField}`,
        'gateway',
        context.trace,
        { 'graphql.subscription': plan.rootField },
        () => this.options.planner.complete(plan, upstream, variables, context, this.options.dataSources),
      );
    } catch (error) {
      this.options.logger.error({ err: error }, 'could not complete a subscription event');
      return { data: null, errors: [new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })] };
    }
  }

  /** Drops a topic that closed, so the next subscriber with its key opens a new one. */
  forget(key: string): void {
    if (this.topics.delete(key)) this.options.gauges.topics.dec();
  }

  /** Closes every topic's upstream subscription, on shutdown (the server then closes the clients' sockets with 1001). */
  close(): void {
    for (const topic of [...this.topics.values()]) topic.close();
  }
}
