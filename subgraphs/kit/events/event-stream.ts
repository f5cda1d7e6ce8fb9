import type { EntityManager } from '@mikro-orm/postgresql';

import { AsyncQueue } from '../../../platform/async-queue.js';
import { invalidField, ProblemCode } from '../../../platform/errors.js';
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
 * Where a subscriber starts: after `afterSequence` when given, else after the newest event now.
 * A sequence this outbox has not reached is refused with BAD_USER_INPUT naming the head (see
 * {@link streamEvents}).
 */
async function startingSequence(em: EntityManager, afterSequence: number | null | undefined): Promise<number> {
  const head = await newestSequence(em);
  const after = afterSequence ?? undefined;
  if (after !== undefined && (after < 0 || after > head)) {
    throw invalidField(
      'afterSequence',
      ProblemCode.NOT_A_SEQUENCE,
      `afterSequence ${after} is not a sequence this stream has reached: the newest event is ${head}`,
      { argument: 'afterSequence', headSequence: head },
    );
  }
  return after ?? head;
}

/**
 * A subscriber's source of batches: first the table's events after `last()` (at most `until`),
 * a batch at a time until none are left, then — unless `until` is set — the live batches, each a
 * copy the caller may consume. Resolves `undefined` once there is nothing more to read. Batches
 * may repeat events at or before `last()`: the reader skips them.
 */
function eventBatches(
  em: () => EntityManager,
  live: AsyncQueue<OutboxEvent[]>,
  until: number | undefined,
  last: () => number,
): () => Promise<OutboxEvent[] | undefined> {
  let replaying = true;
  return async () => {
    if (replaying) {
      const missed = (await readEvents(em(), last(), REPLAY_BATCH)).filter((event) => until === undefined || event.sequence <= until);
      if (missed.length > 0) return missed;
      replaying = false;
    }
    if (until !== undefined) return undefined;
    const batch = await live.next();
    if (batch.done) return undefined;
    return [...batch.value]; // every subscriber receives the same batch: consume a copy
  };
}

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
    last = await startingSequence(options.em(), options.afterSequence);
  } catch (error) {
    unsubscribe();
    live.close();
    throw error;
  }
  const nextBatch = eventBatches(options.em, live, until, () => last);
  let pending: OutboxEvent[] = [];
  let stopped = false;

  const stop = () => {
    stopped = true;
    unsubscribe();
    live.close();
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
        const batch = await nextBatch();
        if (!batch) {
          stop();
          return DONE;
        }
        pending = batch;
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
