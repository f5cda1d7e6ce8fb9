import canonicalize from 'canonicalize';

/**
 * A value as RFC 8785 (JSON Canonicalization Scheme) bytes' text: object keys sorted by UTF-16
 * code units, no whitespace, numbers and strings as ECMAScript's JSON writes them. What a
 * signature covers, so a client in any language with an RFC 8785 library signs the same bytes
 * the server verifies; also how two stored contents compare equal whatever order jsonb gave
 * their keys. Dates are written by their `toJSON` (ISO 8601 in UTC, with milliseconds), and
 * properties whose value is `undefined` are left out, as `JSON.stringify` does.
 *
 * @throws on what RFC 8785 has no bytes for: NaN, ±Infinity, an unpaired UTF-16 surrogate, a
 *   cycle, or `undefined` itself.
 */
export function canonicalJson(value: unknown): string {
  const json = canonicalize(value);
  if (json === undefined) throw new TypeError(`${typeof value} has no JSON form, so no canonical one`);
  return json;
}
