/**
 * The common part of the feed contracts (one module per feed beside this one): how an event read
 * off a feed is checked against its contract before a consumer applies it. Hand-written checks,
 * so the contract layer stays free of dependencies.
 */

/** One event of a feed as its contract knows it: a type and the payload of that type. */
export interface FeedEvent {
  type: string;
  payload: object;
}

/**
 * What a consumer makes of one event: one its contract knows, one of a type it does not know (a
 * newer producer may add types before its consumers are deployed), or one of a known type whose
 * payload breaks the contract (a producer's bug, never to be applied or passed over silently).
 */
export type Reading<E extends FeedEvent> = { kind: 'event'; event: E } | { kind: 'unknown' } | { kind: 'malformed'; reason: string };

/** Checks a value read off a feed; returns why it is not a `T`, or null when it is. */
export interface Check<T> {
  (value: unknown): string | null;
  /** Never set: ties the check to the type it checks, so a shape cannot check a field as something else. */
  readonly checks?: T;
}

/** The check of every field of a payload type: a field added to the type fails to compile until it is checked. */
export type Shape<P> = { [K in keyof Required<P>]: Check<P[K]> };

/** The payload check of each type of a feed's event union. */
export type Shapes<E extends FeedEvent> = { [T in E['type']]: Check<PayloadOf<E, T>> };

/** The payload of events of type `T` (a member of the union may stand for several types). */
export type PayloadOf<E extends FeedEvent, T extends E['type']> = E extends unknown ? (T extends E['type'] ? E['payload'] : never) : never;

/** The contract of one feed: its event types, and how to read an event against them. */
export interface FeedContract<E extends FeedEvent> {
  /** Every event type the contract knows. */
  readonly types: readonly E['type'][];
  /** Reads one event as it came off the feed. */
  read(type: string, payload: unknown): Reading<E>;
}

/** A feed's contract from the payload check of each of its event types. */
export function feedContract<E extends FeedEvent>(shapes: Shapes<E>): FeedContract<E> {
  const types = Object.keys(shapes) as E['type'][];
  return {
    types,
    read(type, payload) {
      if (!Object.hasOwn(shapes, type)) return { kind: 'unknown' };
      const reason = (shapes[type as E['type']] as Check<unknown>)(payload);
      return reason === null ? { kind: 'event', event: { type, payload } as E } : { kind: 'malformed', reason: `${type}: ${reason}` };
    },
  };
}

// Names what was found, never the value: payloads carry contacts' details and keys, which stay out of the logs.
const kindOf = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : value === undefined ? 'nothing' : `a ${typeof value}`;

const check =
  <T>(expected: string, accepts: (value: unknown) => boolean): Check<T> =>
  (value) =>
    accepts(value) ? null : `expected ${expected}, got ${kindOf(value)}`;

export const text = check<string>('a string', (value) => typeof value === 'string');

export const integer = check<number>('an integer', (value) => Number.isSafeInteger(value));

/** An instant as JSON carries it: a string `Date` reads (ISO 8601 from the producers, PostgreSQL's form from bulk loads). */
export const instant = check<string>('an instant', (value) => typeof value === 'string' && !Number.isNaN(Date.parse(value)));

/** One of a closed set of values: a value outside it is a contract change, so consumers are deployed first. */
export function oneOf<const V extends string>(values: readonly V[]): Check<V> {
  return check<V>(`one of ${values.join(', ')}`, (value) => values.includes(value as V));
}

/** An array whose every item passes `item`. */
export function every<T>(item: Check<T>): Check<T[]> {
  return (value) => {
    if (!Array.isArray(value)) return `expected an array, got ${kindOf(value)}`;
    const index = value.findIndex((v) => item(v) !== null);
    return index < 0 ? null : `[${index}]: ${item(value[index])}`;
  };
}

export const texts = every(text);

export function nullable<T>(inner: Check<T>): Check<T | null> {
  return (value) => (value === null ? null : inner(value));
}

/** A field events written before it was added do not carry. */
export function optional<T>(inner: Check<T>): Check<T | undefined> {
  return (value) => (value === undefined ? null : inner(value));
}

/** A JSON object with these fields; fields it does not name are allowed (a producer adds fields, never removes them). */
export function shape<P>(fields: Shape<P>): Check<P> {
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'expected an object';
    for (const [name, field] of Object.entries<Check<unknown>>(fields)) {
      const reason = field((value as Record<string, unknown>)[name]);
      if (reason !== null) return `${name}: ${reason}`;
    }
    return null;
  };
}

/**
 * Compiles only when nothing is left of a payload a consumer destructured: a consumer names every
 * field it reads or passes over, so a field added to a contract fails to compile until each
 * consumer has said what it does with it.
 */
export function readAll<R extends object>(_rest: keyof R extends never ? R : never): void {}

/**
 * Compiles only when `A` and `B` are the same set of names: a producer's GraphQL enum and its
 * feed's contract cannot drift apart (`sameNames<`${Enum}`, ContractType>(true)`).
 */
export function sameNames<A extends string, B extends string>(_same: [A] extends [B] ? ([B] extends [A] ? true : never) : never): void {}
