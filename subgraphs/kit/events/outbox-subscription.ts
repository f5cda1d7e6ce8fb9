import type { MikroORM } from '@mikro-orm/postgresql';

import { mapStream, streamEvents, type EventStreamOptions } from './event-stream.js';
import type { OutboxListener } from './outbox-listener.js';
import type { OutboxEvent } from './outbox.js';

/** What a subscription's context must hold to stream from the subgraph's outbox. */
export interface OutboxSubscriber {
  orm: MikroORM;
  events: OutboxListener;
}

export interface OutboxSubscriptionArgs {
  afterSequence?: number | null;
  untilSequence?: number | null;
}

/**
 * A subscription field's stream over this subgraph's outbox: the events after `afterSequence`
 * (or from now) that `accept` lets this subscriber receive — row scope checked as the subgraph's
 * queries check it — each `present`ed after `renew` gave the context a fresh unit of work, since a
 * subscription lives for hours and must read current data, caching nothing between events.
 */
export async function outboxSubscription<TContext extends OutboxSubscriber, T>(
  context: TContext,
  args: OutboxSubscriptionArgs,
  options: {
    accept: EventStreamOptions['accept'];
    renew: (context: TContext) => void;
    present: (event: OutboxEvent) => Promise<T>;
  },
): Promise<AsyncIterableIterator<T>> {
  const events = await streamEvents({
    listener: context.events,
    em: () => context.orm.em.fork(),
    afterSequence: args.afterSequence,
    untilSequence: args.untilSequence,
    accept: options.accept,
  });
  return mapStream(events, async (event) => {
    options.renew(context);
    return options.present(event);
  });
}
