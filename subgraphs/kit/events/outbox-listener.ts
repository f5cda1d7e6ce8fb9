import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { Gauge, type Registry } from 'prom-client';

import type { Logger } from '../../../platform/logger.js';
import { newestSequence, newestSequenceSql, outboxChannel, readEvents, type OutboxEvent } from './outbox.js';

export interface OutboxListenerOptions {
  /** Also look without a notification this often, in case one was missed. @default 5000 */
  pollIntervalMs?: number;
  /**
   * Where to LISTEN (`DATABASE_LISTEN_URL`): a direct connection, since a transaction pooler hands
   * each statement to any server connection and notifications would never come back. @default the ORM's URL
   */
  listenUrl?: string;
  logger: Logger;
}

type Handler = (events: OutboxEvent[]) => void;

/**
 * One PostgreSQL listener per process, not one per subscriber: LISTENs on the subgraph's outbox
 * channel on a dedicated connection, reads each new batch of events once and hands it to every
 * subscriber. Notifications only wake it: it always reads from the table after the last sequence
 * it dispatched, so a missed notification or a lost connection delays events but loses none.
 */
export class OutboxListener {
  private readonly handlers = new Set<Handler>();
  private client: pg.Client | undefined;
  private head = 0;
  private reading: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly options: OutboxListenerOptions,
  ) {}

  get subscriberCount(): number {
    return this.handlers.size;
  }

  /** The last sequence read and handed to subscribers. */
  get dispatchedSequence(): number {
    return this.head;
  }

  async start(): Promise<void> {
    this.head = await newestSequence(this.orm.em.fork());
    await this.connect();
    this.timer = setInterval(() => this.wake(), this.options.pollIntervalMs ?? 5000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.handlers.clear();
    await this.reading;
    await this.client?.end().catch(() => undefined);
  }

  /**
   * Events committed but not yet handed to subscribers. Asked on the listener's own connection
   * when it has one, so a metrics scrape neither takes a pooled connection nor counts among the
   * statements the service's work sends (`db_statements_total`).
   */
  async lag(): Promise<number> {
    const client = this.client;
    const newest = client
      ? await client.query<{ max: string | null }>(newestSequenceSql(this.schema)).then(
          (result) => Number(result.rows[0]?.max ?? 0),
          () => newestSequence(this.orm.em.fork()),
        )
      : await newestSequence(this.orm.em.fork());
    return Math.max(0, newest - this.head);
  }

  /** Receives every batch dispatched from now on; returns the unsubscribe function. */
  subscribe(handler: Handler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  private get schema(): string {
    return this.orm.config.get('schema')!;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.listenUrl ?? this.orm.config.get('clientUrl') });
    client.on('notification', () => this.wake());
    client.on('error', (error) => {
      this.options.logger.warn({ err: error }, 'outbox listener connection lost; reconnecting');
      this.reconnect(client);
    });
    await client.connect();
    await client.query(`listen "${outboxChannel(this.schema)}"`);
    this.client = client;
    this.wake(); // whatever was committed while we were not listening
  }

  private reconnect(lost: pg.Client, delayMs = 200): void {
    if (this.stopped || this.client !== lost) return;
    this.client = undefined;
    void lost.end().catch(() => undefined);
    setTimeout(() => {
      if (this.stopped) return;
      this.connect().catch((error) => {
        this.options.logger.warn({ err: error }, 'outbox listener cannot reconnect yet');
        this.client = lost;
        this.reconnect(lost, Math.min(delayMs * 2, 5000));
      });
    }, delayMs).unref();
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.dispatchNew()
      .catch((error) => this.options.logger.warn({ err: error }, 'could not read the outbox; will retry'))
      .finally(() => {
        this.reading = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async dispatchNew(): Promise<void> {
    for (;;) {
      const batch = await readEvents(this.orm.em.fork(), this.head, 1000);
      if (batch.length === 0) return;
      this.head = batch.at(-1)!.sequence;
      for (const handler of this.handlers) handler(batch);
    }
  }
}

/**
 * Starts a subgraph's outbox listener and reports, as `outbox_subscribers`, how many streams it
 * feeds (so leaked subscriptions show), and as `outbox_lag_events` how many committed events it
 * has not yet handed to them.
 */
export async function listenToOutbox(orm: MikroORM, metrics: Registry, options: OutboxListenerOptions): Promise<OutboxListener> {
  const listener = new OutboxListener(orm, options);
  await listener.start();
  new Gauge({
    name: 'outbox_subscribers',
    help: 'Subscriptions streaming from this process’s outbox listener',
    registers: [metrics],
    collect() {
      this.set(listener.subscriberCount);
    },
  });
  new Gauge({
    name: 'outbox_lag_events',
    help: 'Events committed to the outbox but not yet read by this process’s listener',
    registers: [metrics],
    async collect() {
      this.set(await listener.lag());
    },
  });
  return listener;
}
