import type { ServiceMap } from '@apollo/gateway';
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Gauge } from 'prom-client';
import { canonicalScope } from '../../../subgraphs/shared/caller.js';
import { AsyncQueue } from '../../../subgraphs/shared/events/async-queue.js';
import { IDENTITY_EXTENSION, type IdentitySigner } from '../../../subgraphs/shared/identity.js';
import type { Logger } from '../../../subgraphs/shared/logger.js';
import type { GatewayContext } from '../server.js';
import { resumedOperation, type SubscriptionPlan, type SubscriptionPlanner, type UpstreamResult } from './event-plan.js';
import type { UpstreamConnections } from './upstream.js';

export interface HubOptions {
  planner: SubscriptionPlanner;
  upstream: UpstreamConnections;
  dataSources: ServiceMap;
  identities: IdentitySigner;
  logger: Logger;
  /** Results a subscriber may have waiting before it is ended as too slow (it can resume). @default 1000 */
  bufferLimit?: number;
  gauges: { subscribers: Gauge; topics: Gauge };
}

const RETRY_DELAYS_MS = [100, 250, 500, 1000, 2000];

/**
 * Everyone subscribed with the same operation, variables and scope (role and organization or
 * regulator): one upstream subscription and one completion per event, delivered to each of them.
 * An event therefore costs work per distinct scope, not per subscriber.
 */
class Topic {
  private readonly subscribers = new Set<AsyncQueue<ExecutionResult>>();
  private lastSequence: number | undefined;
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

  add(subscriber: AsyncQueue<ExecutionResult>): void {
    this.subscribers.add(subscriber);
    if (this.subscribers.size === 1 && !this.unsubscribe && !this.connecting) {
      this.connecting = true;
      void this.connect().finally(() => (this.connecting = false));
    }
  }

  remove(subscriber: AsyncQueue<ExecutionResult>): void {
    this.subscribers.delete(subscriber);
    if (this.subscribers.size === 0) this.close();
  }

  get size(): number {
    return this.subscribers.size;
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const { plan } = this;
    const query = this.lastSequence === undefined ? plan.upstreamOperation : resumedOperation(plan.upstreamOperation, plan.rootField, this.lastSequence);
    const variables = Object.fromEntries(plan.upstreamVariableNames.filter((name) => name in this.variables).map((name) => [name, this.variables[name]]));
    const caller = this.context.caller;
    const extensions = caller.role === 'PUBLIC' || caller.role === 'SERVICE' ? {} : { [IDENTITY_EXTENSION]: await this.hub.options.identities.sign(caller) };
    if (this.closed) return;
    const attempt = ++this.attempt;
    const current = () => attempt === this.attempt && !this.closed;
    try {
      this.unsubscribe = this.hub.options.upstream.subscribe(plan.serviceName, { query, variables, extensions }, {
        next: (result) => {
          if (!current()) return;
          this.retries = 0;
          this.chain = this.chain.then(() => this.deliver(result));
        },
        refused: (errors) => current() && this.end(errors.map((e) => new GraphQLError(e.message, { extensions: e.extensions }))),
        lost: (reason) => current() && this.reconnect(reason),
      });
    } catch (error) {
      this.reconnect(error);
    }
  }

  private reconnect(reason: unknown): void {
    this.attempt += 1; // whatever the lost attempt still reports is stale from now on
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.closed) return;
    const delay = RETRY_DELAYS_MS[Math.min(this.retries++, RETRY_DELAYS_MS.length - 1)]!;
    this.hub.options.logger.warn({ reason: String((reason as Error)?.message ?? reason), topic: this.plan.rootField, delay }, 'upstream subscription lost; resuming');
    setTimeout(() => {
      if (this.closed || this.unsubscribe || this.connecting) return;
      this.connecting = true;
      void this.connect().finally(() => (this.connecting = false));
    }, delay).unref();
  }

  private async deliver(upstream: UpstreamResult): Promise<void> {
    const event = upstream.data?.[this.plan.rootField] as { sequence?: number } | null | undefined;
    if (!event) {
      if (upstream.errors?.length) this.end(upstream.errors.map((e) => new GraphQLError(e.message, { extensions: e.extensions })));
      return;
    }
    if (typeof event.sequence === 'number') {
      if (this.lastSequence !== undefined && event.sequence <= this.lastSequence) return; // already delivered before a reconnection
      this.lastSequence = event.sequence;
    }
    let result: ExecutionResult;
    try {
      result = await this.hub.options.planner.complete(this.plan, upstream, this.variables, this.context, this.hub.options.dataSources);
    } catch (error) {
      this.hub.options.logger.error({ err: error }, 'could not complete a subscription event');
      result = { data: null, errors: [new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })] };
    }
    for (const subscriber of this.subscribers) subscriber.push(result);
  }

  /** The subgraph refused the operation: each subscriber gets the errors and its stream ends. */
  private end(errors: GraphQLError[]): void {
    for (const subscriber of [...this.subscribers]) {
      subscriber.push({ errors });
      subscriber.close();
    }
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe?.();
    this.hub.forget(this.key);
  }
}

export class SubscriptionHub {
  private readonly topics = new Map<string, Topic>();

  constructor(readonly options: HubOptions) {}

  /** A subscriber's stream of results; ends its share of the topic when the client stops. */
  subscribe(plan: SubscriptionPlan, variables: Record<string, unknown>, context: GatewayContext): AsyncIterableIterator<ExecutionResult> {
    const key = JSON.stringify([plan.operationName ?? null, plan.upstreamOperation, variables, canonicalScope(context.caller)]);
    let topic = this.topics.get(key);
    if (!topic) {
      topic = new Topic(key, plan, variables, context, this);
      this.topics.set(key, topic);
      this.options.gauges.topics.inc();
    }
    const joined = topic;
    // However the stream ends — the client stops, the topic ends, the subscriber falls behind —
    // it leaves the topic once, and the topic closes its upstream when the last one leaves.
    const queue: AsyncQueue<ExecutionResult> = new AsyncQueue<ExecutionResult>(this.options.bufferLimit ?? 1000, () => {
      joined.remove(queue);
      this.options.gauges.subscribers.dec();
    });
    joined.add(queue);
    this.options.gauges.subscribers.inc();
    return queue;
  }

  forget(key: string): void {
    if (this.topics.delete(key)) this.options.gauges.topics.dec();
  }

  get topicCount(): number {
    return this.topics.size;
  }

  close(): void {
    for (const topic of [...this.topics.values()]) topic.close();
  }
}
