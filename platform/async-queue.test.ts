import { describe, expect, it, vi } from 'vitest';

import { AsyncQueue, QueueOverflowError } from './async-queue.js';

const DONE = { value: undefined, done: true };

/** Everything the queue yields until it ends, or the error it ends with. */
async function drain<T>(queue: AsyncQueue<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of queue) items.push(item);
  return items;
}

describe('AsyncQueue', () => {
  it('yields items in the order they were pushed, queued or handed to a waiting reader', async () => {
    const queue = new AsyncQueue<number>(10);
    queue.push(1);
    queue.push(2);
    expect(await queue.next()).toEqual({ value: 1, done: false });
    expect(await queue.next()).toEqual({ value: 2, done: false });
    const waiting = queue.next();
    queue.push(3);
    queue.push(4);
    queue.close();
    expect(await waiting).toEqual({ value: 3, done: false });
    expect(await drain(queue)).toEqual([4]);
  });

  it('holds up to its limit waiting, and counts nothing handed straight to a reader', async () => {
    const queue = new AsyncQueue<number>(2);
    const waiting = queue.next();
    queue.push(1);
    queue.push(2);
    queue.push(3);
    expect(queue.size).toBe(2);
    expect(await waiting).toEqual({ value: 1, done: false });
    queue.close();
    expect(await drain(queue)).toEqual([2, 3]);
  });

  it('ends a reader that lets more than its limit pile up with QueueOverflowError, dropping what waited', async () => {
    const onEnd = vi.fn();
    const queue = new AsyncQueue<number>(2, onEnd);
    queue.push(1);
    queue.push(2);
    queue.push(3);
    expect(queue.size).toBe(0);
    expect(onEnd).toHaveBeenCalledOnce();
    await expect(queue.next()).rejects.toThrow(QueueOverflowError);
    await expect(queue.next()).rejects.toThrow('more than 2 items waiting: the consumer is too slow');
    queue.push(4);
    expect(queue.size).toBe(0);
    expect(onEnd).toHaveBeenCalledOnce();
  });

  it('still yields what was queued before close, then ends, ignoring later pushes', async () => {
    const onEnd = vi.fn();
    const queue = new AsyncQueue<string>(10, onEnd);
    queue.push('a');
    queue.close();
    queue.push('b');
    expect(onEnd).toHaveBeenCalledOnce();
    expect(await drain(queue)).toEqual(['a']);
    expect(await queue.next()).toEqual(DONE);
  });

  it('ends a reader waiting when it is closed', async () => {
    const queue = new AsyncQueue<string>(10);
    const waiting = queue.next();
    queue.close();
    expect(await waiting).toEqual(DONE);
  });

  it('passes a failure to the reader waiting and to every later read, before anything queued', async () => {
    const onEnd = vi.fn();
    const failure = new Error('upstream lost');
    const waiting = new AsyncQueue<number>(10, onEnd);
    const pending = waiting.next();
    waiting.fail(failure);
    await expect(pending).rejects.toBe(failure);
    await expect(waiting.next()).rejects.toBe(failure);
    expect(onEnd).toHaveBeenCalledOnce();

    const queued = new AsyncQueue<number>(10);
    queued.push(1);
    queued.fail(failure);
    queued.push(2);
    await expect(drain(queued)).rejects.toBe(failure);
  });

  it('lets go at once on return(): what waited is dropped, the end reported once, later pushes ignored', async () => {
    const onEnd = vi.fn();
    const queue = new AsyncQueue<number>(10, onEnd);
    queue.push(1);
    queue.push(2);
    expect(await queue.return()).toEqual(DONE);
    queue.push(3);
    expect(queue.size).toBe(0);
    expect(await queue.next()).toEqual(DONE);
    queue.close();
    expect(onEnd).toHaveBeenCalledOnce();
  });

  it('is returned when a for await loop leaves early', async () => {
    const onEnd = vi.fn();
    const queue = new AsyncQueue<number>(10, onEnd);
    queue.push(1);
    queue.push(2);
    for await (const item of queue) {
      expect(item).toBe(1);
      break;
    }
    expect(onEnd).toHaveBeenCalledOnce();
    expect(await queue.next()).toEqual(DONE);
  });
});
