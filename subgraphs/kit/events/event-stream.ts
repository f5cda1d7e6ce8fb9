import type { EntityManager } from '@mikro-orm/postgresql';

import { AsyncQueue } from '../../../platform/async-queue.js';
import { badUserInput } from '../../../platform/errors.js';
import type { OutboxListener } from './outbox-listener.js';
import { newestSequence, readEvents, type OutboxEvent } from './outbox.js';

export interface EventStreamOptions {
  listener: OutboxListener;
  /** A fresh entity manager for reading missed events. */
  em: () => EntityManager;
  /** Resume after this sequence (at most the newest one); omitted: from the newest event now. */
  afterSequence?: number | null;
  /**
   * Replay up to this sequence and end, without live events: how a gateway catches one subscriber
   * up to where a stream it shares with others already is.
   */
  untilSequence?: number | null;
  /** Whether this subscriber may receive the event (row-level scope, narrower filters). */
  accept: (event: OutboxEvent) => boolean | Promise<boolean>;
  /** Events a subscriber may have waiting before it is ended as too slow. @default 10000 */
  bufferLimit?: number;
}

const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };
const REPLAY_BATCH = 500;

/**
 * One subscriber's events, in sequence order, without gaps or repeats: it listens first, then
 * reads where it starts (the newest event, or `afterSequence`), replays what it missed from the
 * table, then continues with the live events it buffered meanwhile, skipping any it has passed.
 *
 * Opening it checks `afterSequence` against the newest event: a sequence this outbox has not
 * reached (a client resuming after a database restore, say) is refused with the head, since
 * events numbered up to it will be new ones the client would otherwise silently skip.
 *
 * An iterator object rather than an async generator: a generator waiting for the next event
 * cannot be stopped until one arrives, so an unsubscribed client would hold its listener until
 * then. Here `return()` lets go at once.
 */
export async function streamEvents(options: EventStreamOptions): Promise<AsyncIterableIterator<OutboxEvent>> {
  const until = options.untilSequence ?? undefined;
  const live = new AsyncQueue<OutboxEvent[]>(options.bufferLimit ?? 10_000);
  const unsubscribe = until === undefined ? options.listener.subscribe((batch) => live.push(batch)) : () => undefined;
  let last: number;
  try {
    const head = await newestSequence(options.em());
    const after = options.afterSequence ?? undefined;
    if (after !== undefined && (after < 0 || after > head)) {
      throw badUserInput(`afterSequence ${after} is not a sequence this stream has reached: the newest event is ${head}`, {
        argument: 'afterSequence',
        headSequence: head,
      });
    }
    last = after ?? head;
  } catch (error) {
    unsubscribe();
    live.close();
    throw error;
  }
  let replaying = true;
  let pending: OutboxEvent[] = [];
  let stopped = false;

  const stop = () => {
    stopped = true;
    unsubscribe();
    live.close();
  };

  const refill = async (): Promise<boolean> => {
    if (replaying) {
      const missed = (await readEvents(options.em(), last, REPLAY_BATCH)).filter((event) => until === undefined || event.sequence <= until);
      if (missed.length > 0) {
        pending = missed;
        return true;
      }
      replaying = false;
    }
    if (until !== undefined) return false;
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
          if (event.sequence <= last) continue;
          last = event.sequence;
          if (await options.accept(event)) return { value: event, done: false };
          continue;
        }
        if (!(await refill())) {
          stop();
          return DONE;
        }
      }
    },
    async return() {
      stop();
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
