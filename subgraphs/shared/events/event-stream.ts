import type { EntityManager } from '@mikro-orm/postgresql';
import { AsyncQueue } from './async-queue.js';
import type { OutboxListener } from './outbox-listener.js';
import { readEvents, type OutboxEvent } from './outbox.js';

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

/**
 * One subscriber's events, in sequence order, without gaps or repeats: it listens first, then
 * replays what it missed from the table, then continues with the live events it buffered
 * meanwhile, skipping any it has already passed.
 */
export async function* streamEvents(options: EventStreamOptions): AsyncGenerator<OutboxEvent> {
  const queue = new AsyncQueue<OutboxEvent[]>(options.bufferLimit ?? 10_000);
  const unsubscribe = options.listener.subscribe((batch) => queue.push(batch));
  try {
    let last = options.afterSequence ?? options.listener.lastDispatched;
    if (options.afterSequence != null) {
      for (;;) {
        const missed = await readEvents(options.em(), last, 500);
        if (missed.length === 0) break;
        await options.enrich?.(missed);
        for (const event of missed) {
          last = event.sequence;
          if (await options.accept(event)) yield event;
        }
      }
    }
    for await (const batch of queue) {
      for (const event of batch) {
        if (event.sequence <= last) continue;
        last = event.sequence;
        if (await options.accept(event)) yield event;
      }
    }
  } finally {
    unsubscribe();
    queue.close();
  }
}
