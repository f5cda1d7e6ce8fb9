import { BigIntType, Entity, PrimaryKey, Property, type EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import { Gauge, type Registry } from 'prom-client';

import type { FeedContract, FeedEvent } from '../../../contracts/feeds/feed-contract.js';
import { IDENTITY_HEADER, signIdentity, type IdentitySecret } from '../../../platform/identity.js';
import type { Logger } from '../../../platform/logger.js';

export interface ConsumedEvent {
  sequence: number;
  type: string;
  aggregateId: string;
  occurredAt: string;
  payload: Record<string, unknown>;
}

/** An event of a feed read against its contract: the feed's envelope around the contract's `{ type, payload }`. */
export type ContractEvent<E extends FeedEvent> = E extends unknown ? Omit<ConsumedEvent, 'type' | 'payload'> & E : never;

/** An event that breaks its feed's contract: its batch is rolled back and the consumer stops before it. */
export class FeedContractViolation extends Error {
  constructor(
    readonly feed: string,
    readonly sequence: number,
    reason: string,
  ) {
    super(`event ${sequence} of the ${feed} feed breaks its contract: ${reason}`);
  }
}

export interface FeedConsumerOptions<T extends { sequence: number } = ConsumedEvent> {
  /** Checkpoint key, e.g. `organizations`. */
  feed: string;
  /** GraphQL endpoint of the subgraph that owns the feed. */
  url: string;
  /** Root query field of the feed, taking `afterSequence` and `first`. */
  field: string;
  /** The fields to select from each item; none when the feed returns JSON objects. @default event fields */
  selection?: string;
  /** Our service name, the subject of the identity we call with. */
  subject: string;
  identitySecret: IdentitySecret;
  /** The consuming subgraph's database, which holds the checkpoint. */
  orm: MikroORM;
  /**
   * Applies a batch of events, in sequence order, to the local read model inside the checkpoint's
   * transaction (a batch at a time, so the read model can load and write its rows in bulk).
   */
  apply: (em: EntityManager, events: T[]) => Promise<void>;
  /** How often to look for new events. @default 1000 */
  pollIntervalMs?: number;
  /** Events fetched per round trip. @default 500 */
  batchSize?: number;
  logger: Logger;
  /** Where to report how far the consumer has got (`feed_applied_sequence`, `feed_caught_up_timestamp_seconds`). */
  metrics: Registry;
}

/** A gauge shared by every feed of a process, labelled by feed. */
function feedGauge(metrics: Registry, name: string, help: string): Gauge {
  return (metrics.getSingleMetric(name) as Gauge | undefined) ?? new Gauge({ name, help, labelNames: ['feed'], registers: [metrics] });
}

/** Where a consumer keeps the last sequence it applied, per feed (add it to the subgraph's entities). */
@Entity({ tableName: 'feed_checkpoint' })
export class FeedCheckpoint {
  @PrimaryKey({ length: 60 })
  feed!: string;

  @Property({ type: new BigIntType('number'), default: 0 })
  sequence: number = 0;
}

/** SQL for a migration: the {@link FeedCheckpoint} table. */
export function feedCheckpointTableSql(schema: string): string {
  return `create table "${schema}"."feed_checkpoint" ("feed" varchar(60) not null, "sequence" bigint not null default 0, constraint "feed_checkpoint_pkey" primary key ("feed"));`;
}

/**
 * Keeps a local read model in step with another subgraph's event feed, through that subgraph's
 * API (never its tables). Each batch is applied in one transaction together with the checkpoint,
 * under a row lock on it, so every event is applied exactly once even with several replicas, and
 * a consumer that was down resumes where it stopped.
 */
export class FeedConsumer<T extends { sequence: number } = ConsumedEvent> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;

  private readonly applied: Gauge;
  private readonly caughtUp: Gauge;

  constructor(private readonly options: FeedConsumerOptions<T>) {
    this.applied = feedGauge(options.metrics, 'feed_applied_sequence', 'The last event sequence applied from another subgraph’s feed');
    this.caughtUp = feedGauge(
      options.metrics,
      'feed_caught_up_timestamp_seconds',
      'When the consumer last had applied every event of the feed',
    );
  }

  /**
   * Catches up now, then keeps polling until {@link stop}. Failures are logged and retried, except
   * an event that breaks the feed's contract ({@link FeedContractViolation}): polling stops before it.
   */
  start(): void {
    this.stopped = false;
    const tick = async () => {
      try {
        await this.catchUp();
      } catch (error) {
        if (error instanceof FeedContractViolation) {
          // Retrying reads the same event again: it waits for a consumer that understands it, from where it stopped.
          this.options.logger.error(
            { err: error, feed: this.options.feed, sequence: error.sequence },
            'event breaks the feed contract; consumer stopped',
          );
          return;
        }
        this.options.logger.warn({ err: error, feed: this.options.feed }, 'event feed unavailable; will retry');
      }
      if (!this.stopped) this.timer = setTimeout(tick, this.options.pollIntervalMs ?? 1000);
    };
    void tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Applies every event published so far; resolves to how many were applied. */
  catchUp(): Promise<number> {
    // One pass at a time in this process; other replicas wait on the checkpoint's row lock.
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async drain(): Promise<number> {
    let applied = 0;
    for (;;) {
      const batch = await this.applyBatch();
      applied += batch;
      if (batch < (this.options.batchSize ?? 500)) {
        this.caughtUp.set({ feed: this.options.feed }, Date.now() / 1000);
        return applied;
      }
    }
  }

  private applyBatch(): Promise<number> {
    const { orm, feed } = this.options;
    const em = orm.em.fork();
    return em.transactional(async (tx) => {
      const schema = tx.config.get('schema');
      const connection = tx.getConnection();
      const trx = tx.getTransactionContext();
      await connection.execute(
        `insert into "${schema}"."feed_checkpoint" ("feed", "sequence") values (?, 0) on conflict ("feed") do nothing`,
        [feed],
        'run',
        trx,
      );
      const [checkpoint] = await connection.execute<{ sequence: string }[]>(
        `select "sequence" from "${schema}"."feed_checkpoint" where "feed" = ? for update`,
        [feed],
        'all',
        trx,
      );
      const after = Number(checkpoint!.sequence);
      const events = await this.fetch(after);
      if (events.length > 0) await this.options.apply(tx, events);
      if (events.length > 0) {
        await connection.execute(
          `update "${schema}"."feed_checkpoint" set "sequence" = ? where "feed" = ?`,
          [events.at(-1)!.sequence, feed],
          'run',
          trx,
        );
      }
      this.applied.set({ feed }, events.at(-1)?.sequence ?? after);
      return events.length;
    });
  }

  private async fetch(afterSequence: number): Promise<T[]> {
    const { url, field, subject, identitySecret } = this.options;
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [IDENTITY_HEADER]: await signIdentity({ role: 'SERVICE', subject }, identitySecret, 60),
      },
      body: JSON.stringify({
        query: `query ($after: SafeInt!, $first: Int!) { ${field}(afterSequence: $after, first: $first) ${this.options.selection ?? '{ sequence type aggregateId occurredAt payload }'} }`,
        variables: { after: afterSequence, first: this.options.batchSize ?? 500 },
      }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json()) as { data?: Record<string, T[]> | null; errors?: { message: string }[] };
    if (body.errors?.length || !body.data) {
      throw new Error(`${field} failed: ${body.errors?.map((e) => e.message).join('; ') ?? response.status}`);
    }
    return body.data[field]!;
  }
}

/**
 * A consumer of a feed that a contract describes (`contracts/feeds/`). Each event is read against
 * the contract where it is consumed: one of a type the contract does not know is logged and
 * skipped, and the checkpoint moves past it (a newer producer may add types before its consumers
 * are deployed); one that breaks the contract rolls its batch back and stops the consumer before
 * it ({@link FeedContractViolation}), so the checkpoint stays and nothing is silently lost.
 */
export function eventFeedConsumer<E extends FeedEvent>(
  options: Omit<FeedConsumerOptions, 'apply' | 'selection'> & {
    contract: FeedContract<E>;
    /** Applies the batch's events the contract knows, in sequence order (see {@link FeedConsumerOptions.apply}). */
    apply: (em: EntityManager, events: ContractEvent<E>[]) => Promise<void>;
  },
): FeedConsumer {
  const { contract, apply, ...rest } = options;
  return new FeedConsumer({
    ...rest,
    apply: async (em, events) => {
      const known: ContractEvent<E>[] = [];
      for (const { sequence, aggregateId, occurredAt, type, payload } of events) {
        const reading = contract.read(type, payload);
        if (reading.kind === 'malformed') throw new FeedContractViolation(options.feed, sequence, reading.reason);
        if (reading.kind === 'unknown')
          options.logger.warn({ feed: options.feed, sequence, type }, 'event of a type this consumer does not know; skipped');
        else known.push({ sequence, aggregateId, occurredAt, ...reading.event } as ContractEvent<E>);
      }
      if (known.length > 0) await apply(em, known);
    },
  });
}
