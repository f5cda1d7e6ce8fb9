import { invalidField, ProblemCode } from './errors.js';

/**
 * NUL, or half of a surrogate pair: text PostgreSQL cannot store (in `text` or `jsonb`) and no
 * report contains. A client can send it in variables (JSON `"\u0000"`, `"\ud800"`) or write NUL
 * inside a string literal of the document itself (`"\u0000"` in GraphQL).
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly the character PostgreSQL cannot store
const UNSTORABLE = /\u0000|\p{Cs}/u;
// eslint-disable-next-line no-control-regex -- as above
const UNSTORABLE_EVERYWHERE = /\u0000|\p{Cs}/gu;

/** Deeper than any input of the graph; a value nested further is not looked into. */
const MAX_DEPTH = 64;

/**
 * The path (e.g. `input.report.trackingUnit`, `input.contact.<key>`) of the first string or object
 * key in a value that holds unstorable text, or null when there is none.
 */
export function unstorableTextAt(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : null;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return null;
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((inner, i) => [String(i), inner]) : Object.entries(value);
  for (const [key, inner] of entries) {
    const at = path ? `${path}.${key}` : key;
    if (UNSTORABLE.test(key)) return at;
    const found = unstorableTextAt(inner, at, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/** The refusal of unstorable text, naming the field it was found in. */
export function unstorableTextRefusal(path: string) {
  return invalidField(
    path,
    ProblemCode.UNSTORABLE_TEXT,
    `${path}: contains a NUL character (\\u0000) or an unpaired UTF-16 surrogate, which no field accepts`,
  );
}

/** Refuses (BAD_USER_INPUT) a value holding unstorable text anywhere. */
export function assertStorableText(value: unknown): void {
  const path = unstorableTextAt(value);
  if (path !== null) throw unstorableTextRefusal(path);
}

/**
 * A JSON-like value with every unstorable character replaced by U+FFFD (the replacement
 * character), for keeping a refused submission as near as possible to how it arrived.
 */
export function withStorableText<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return value.replace(UNSTORABLE_EVERYWHERE, '\uFFFD') as T;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((inner) => withStorableText(inner, depth + 1)) as T;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [withStorableText(key), withStorableText(inner, depth + 1)])) as T;
}
