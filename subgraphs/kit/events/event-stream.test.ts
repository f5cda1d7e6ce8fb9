import { randomUUID } from 'node:crypto';

import { defineConfig, MikroORM } from '@mikro-orm/postgresql';
import type { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createLogger } from '../../../platform/logger.js';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { mapStream, streamEvents, type EventStreamOptions } from './event-stream.js';
import { OutboxListener } from './outbox-listener.js';
import { appendEvent, newestSequence, OutboxEvent, OutboxSequence, outboxTablesSql } from './outbox.js';

const SCHEMA = 'stream_test';
let database: TestDatabase;
let orm: MikroORM;
let listener: OutboxListener;

beforeAll(async () => {
  database = await createTestDatabase();
  orm = await MikroORM.init(
    defineConfig({
      clientUrl: database.url,
      schema: SCHEMA,
      entities: [OutboxEvent, OutboxSequence],
      discovery: { disableDynamicFileAccess: true },
      metadataCache: { enabled: false },
      allowGlobalContext: false,
      forceUtcTimezone: true,
      debug: false,
    }),
  );
  const connection = orm.em.getConnection();
  await connection.execute(`create schema "${SCHEMA}"`);
  for (const sql of outboxTablesSql(SCHEMA)) await connection.execute(sql);
  // A short poll, so a test never waits long even if a notification were missed.
  listener = new OutboxListener(orm, { logger: createLogger('event-stream-test', 'silent'), pollIntervalMs: 100 });
  await listener.start();
});
afterAll(async () => {
  await listener?.stop();
  await orm?.close();
  await database?.drop();
});

/** Commits an event of each type in one transaction, as a service does with its change; returns the last one's sequence. */
const append = (...types: string[]) =>
  orm.em.fork().transactional(async (em) => {
    let sequence = 0;
    for (const type of types) sequence = await appendEvent(em, { type, aggregateId: randomUUID(), payload: { type } });
    return sequence;
  });
const head = () => newestSequence(orm.em.fork());
const open = (options: Partial<EventStreamOptions> = {}) =>
  streamEvents({ listener, em: () => orm.em.fork(), accept: () => true, ...options });
/** The next `count` events of a stream, as [sequence, type]. */
async function take(stream: AsyncIterableIterator<OutboxEvent>, count: number): Promise<[number, string][]> {
  const taken: [number, string][] = [];
  while (taken.length < count) {
    const { value, done } = await stream.next();
    if (done) break;
    taken.push([value.sequence, value.type]);
  }
  return taken;
}

describe('streamEvents', () => {
  it('starts from the newest event, delivering only what is committed after it opens', async () => {
    await append('BEFORE');
    const start = await head();
    const stream = await open();
    try {
      await append('AFTER_1', 'AFTER_2');
      expect(await take(stream, 2)).toEqual([
        [start + 1, 'AFTER_1'],
        [start + 2, 'AFTER_2'],
      ]);
    } finally {
      await stream.return!();
    }
  });

  it('resumes after a sequence: what was missed first, then live events, without a gap or a repeat', async () => {
    const resumeAfter = (await append('SEEN', 'MISSED_1', 'MISSED_2')) - 2;
    const stream = await open({ afterSequence: resumeAfter });
    try {
      const live = append('LIVE');
      expect(await take(stream, 3)).toEqual([
        [resumeAfter + 1, 'MISSED_1'],
        [resumeAfter + 2, 'MISSED_2'],
        [await live, 'LIVE'],
      ]);
    } finally {
      await stream.return!();
    }
  });

  it('replays up to untilSequence and ends there, without listening for live events', async () => {
    const until = (await append('R1', 'R2', 'PAST_THE_END')) - 1;
    const from = until - 1;
    const listening = listener.subscriberCount;
    const stream = await open({ afterSequence: from - 1, untilSequence: until });
    expect(listener.subscriberCount).toBe(listening);
    expect(await take(stream, 10)).toEqual([
      [from, 'R1'],
      [until, 'R2'],
    ]);
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it('delivers only the events the subscriber accepts', async () => {
    const start = await head();
    const stream = await open({ afterSequence: start, accept: (event) => event.type !== 'HIDDEN' });
    try {
      await append('SHOWN_1', 'HIDDEN', 'SHOWN_2');
      expect(await take(stream, 2)).toEqual([
        [start + 1, 'SHOWN_1'],
        [start + 3, 'SHOWN_2'],
      ]);
    } finally {
      await stream.return!();
    }
  });

  it.each([
    ['beyond the newest event', 1],
    ['below zero', -1],
  ])('refuses an afterSequence %s with BAD_USER_INPUT and the head, holding no listener', async (_case, offset) => {
    const newest = await head();
    const after = offset > 0 ? newest + offset : offset;
    const listening = listener.subscriberCount;
    const error: GraphQLError = await open({ afterSequence: after }).then(
      () => expect.unreachable('the stream opened'),
      (thrown: GraphQLError) => thrown,
    );
    expect(error.message).toBe(`afterSequence ${after} is not a sequence this stream has reached: the newest event is ${newest}`);
    expect(error.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      argument: 'afterSequence',
      field: 'afterSequence',
      invalidFields: [{ field: 'afterSequence', problems: [error.message], codes: ['NOT_A_SEQUENCE'] }],
      headSequence: newest,
    });
    expect(listener.subscriberCount).toBe(listening);
  });

  it('lets go of its listener at once when returned while waiting for an event', async () => {
    const listening = listener.subscriberCount;
    const stream = await open();
    expect(listener.subscriberCount).toBe(listening + 1);
    const waiting = stream.next();
    expect(await stream.return!()).toEqual({ value: undefined, done: true });
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(listener.subscriberCount).toBe(listening);
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });
});

describe('mapStream', () => {
  it('maps each event and passes return() through to the stream', async () => {
    const listening = listener.subscriberCount;
    const start = await head();
    const mapped = mapStream(await open({ afterSequence: start }), async (event) => `${event.sequence}:${event.type}`);
    await append('MAPPED');
    expect(await mapped.next()).toEqual({ value: `${start + 1}:MAPPED`, done: false });
    expect(await mapped.return!()).toEqual({ value: undefined, done: true });
    expect(listener.subscriberCount).toBe(listening);
  });
});
