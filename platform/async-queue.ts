/*
 * Hand-written, not built on @repeaterjs/repeater (issue 14 weighed it): the overflow policy is
 * not one a Repeater has, and adding it would take as much glue as this class is.
 * - A consumer that falls behind is failed at once with QueueOverflowError and its backlog
 *   dropped: it learns now that it must resume from its last sequence, not after working through
 *   a backlog it is too slow for, and the memory is freed. A Repeater's
 *   FixedBuffer makes the producer wait when full instead (and throws to the producer past 1024
 *   waiting pushes); stop(error) still hands out the whole buffer before the error; its sliding
 *   and dropping buffers lose events silently, a gap the client would never learn of.
 * - Producers (the outbox listener, the gateway's topics) push, close and fail it from outside,
 *   and from before the consumer's first next(). A Repeater hands out push and stop only to its
 *   executor, which it runs on the first next(): both would be captured out of it, and what was
 *   pushed before then kept in a buffer of our own.
 */

/** Raised to a consumer that fell too far behind; it should resume from its last sequence. */
export class QueueOverflowError extends Error {}

/**
 * A bounded queue read as an async iterator. Producers push without waiting; a consumer that
 * lets more than `limit` items pile up is ended with {@link QueueOverflowError} rather than
 * growing memory without bound.
 */
export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private failWaiting: ((error: Error) => void) | undefined;
  private failure: Error | undefined;
  private closed = false;

  private ended = false;

  /** @param onEnd called once, when the queue is closed, returned or fails. */
  constructor(
    private readonly limit: number,
    private readonly onEnd?: () => void,
  ) {}

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.onEnd?.();
  }

  push(item: T): void {
    if (this.closed || this.failure) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = this.failWaiting = undefined;
      resolve({ value: item, done: false });
      return;
    }
    if (this.items.length >= this.limit) {
      this.fail(new QueueOverflowError(`more than ${this.limit} items waiting: the consumer is too slow`));
      return;
    }
    this.items.push(item);
  }

  fail(error: Error): void {
    this.failure = error;
    this.items.length = 0;
    this.failWaiting?.(error);
    this.waiting = this.failWaiting = undefined;
    this.end();
  }

  /** No more items; those already queued are still read. */
  close(): void {
    this.closed = true;
    this.waiting?.({ value: undefined, done: true });
    this.waiting = this.failWaiting = undefined;
    this.end();
  }

  get size(): number {
    return this.items.length;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.items.length > 0) return Promise.resolve({ value: this.items.shift()!, done: false });
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failWaiting = reject;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.close();
    this.items.length = 0;
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
