import type { EntityManager } from '@mikro-orm/postgresql';
import { AsyncQueue } from './async-queue.js';
import type { OutboxListener } from './outbox-listener.js';
import { newestSequence, readEvents, type OutboxEvent } from './outbox.js';

export interface EventStreamOptions {
  listener: OutboxListener;
  /** A fresh entity manager for reading missed events. */
  em: () => EntityManager;
  /** Resume after this sequence; omitted: live events only, from now. */
  afterSequence?: number | null;
  /** What the listener adds to live batches, applied to replayed ones too. */
  enrich?: (events: OutboxEvent[]) => Promise<void>;
  /** Whether this subscriber may receive the event (row-level scope, narrower filters). */
  accept: (event: OutboxEvent) => boolean | Promise<boolean>;
  /** Events a subscriber may have waiting before it is ended as too slow. @default 10000 */
  bufferLimit?: number;
}

const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };

/**
 * One subscriber's events, in sequence order, without gaps or repeats: it listens first, then
 * replays what it missed from the table, then continues with the live events it buffered
 * meanwhile, skipping any it has already passed.
 *
 * An iterator object rather than an async generator: a generator waiting for the next event
 * cannot be stopped until one arrives, so an unsubscribed client would hold its listener until
 * then. Here `return()` lets go at once.
 */
export function streamEvents(options: EventStreamOptions): AsyncIterableIterator<OutboxEvent> {
  const live = new AsyncQueue<OutboxEvent[]>(options.bufferLimit ?? 10_000);
  const unsubscribe = options.listener.subscribe((batch) => live.push(batch));
  // Live only: "now" is the newest committed event, which the listener may not have dispatched yet.
  let last: number | undefined = options.afterSequence ?? undefined;
  let replaying = options.afterSequence != null;
  let pending: OutboxEvent[] = [];
  let stopped = false;

  const refill = async (): Promise<boolean> => {
    last ??= await newestSequence(options.em());
    if (replaying) {
      const missed = await readEvents(options.em(), last, 500);
      if (missed.length > 0) {
        await options.enrich?.(missed);
        pending = missed;
        return true;
      }
      replaying = false;
    }
    const batch = await live.next();
    if (batch.done) return false;
    pending = [...batch.value]; // every subscriber receives the same batch: consume a copy
    return true;
  };

  const stream: AsyncIterableIterator<OutboxEvent> = {
    async next() {
      for (;;) {
        if (stopped) return DONE;
        const event = pending.shift();
        if (event) {
          if (event.sequence <= last!) continue;
          last = event.sequence;
          if (await options.accept(event)) return { value: event, done: false };
          continue;
        }
        if (!(await refill())) return DONE;
      }
    },
    async return() {
      stopped = true;
      unsubscribe();
      live.close();
      return DONE;
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream;
}

/** Maps a stream one item at a time, passing `return()` straight through (see {@link streamEvents}). */
export function mapStream<T, U>(source: AsyncIterableIterator<T>, map: (item: T) => Promise<U>): AsyncIterableIterator<U> {
  const mapped: AsyncIterableIterator<U> = {
    async next() {
      const item = await source.next();
      return item.done ? DONE : { value: await map(item.value), done: false };
    },
    async return() {
      await source.return?.();
      return DONE;
    },
    [Symbol.asyncIterator]() {
      return mapped;
    },
  };
  return mapped;
}
