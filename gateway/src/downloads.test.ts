import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { Supergraph } from '@apollo/federation-internals';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';

import { DOWNLOADS, refusalOf } from './downloads.js';

const answer = (body: object, status = 200) => ({ status, headers: new Map<string, string>(), body });

describe('the downloads table', () => {
  it('holds operations the composed graph accepts, each on its own path', async () => {
    const sdl = await readFile(join(import.meta.dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8');
    const schema = Supergraph.build(sdl).apiSchema().toGraphQLJSSchema();
    for (const download of DOWNLOADS) expect(validate(schema, parse(download.query)), download.path).toEqual([]);
    expect(new Set(DOWNLOADS.map((d) => d.path)).size).toBe(DOWNLOADS.length);
  });
});

describe('the status a download answers with', () => {
  it('is the one its GraphQL error code means', () => {
    const refused = (code: string) =>
      refusalOf(answer({ data: null, errors: [{ message: 'no', extensions: { code } }] }), undefined)?.status;
    expect(refused('UNAUTHENTICATED')).toBe(401);
    expect(refused('FORBIDDEN')).toBe(403);
    expect(refused('NOT_FOUND')).toBe(404);
    expect(refused('BAD_USER_INPUT')).toBe(400);
    expect(refused('GRAPHQL_VALIDATION_FAILED')).toBe(400);
    expect(refused('RATE_LIMITED')).toBe(429);
  });

  it('keeps the status GraphQL gave for a code it does not know, and is 500 when that was no error', () => {
    const body = { errors: [{ message: 'odd', extensions: { code: 'SOMETHING_NEW' } }] };
    expect(refusalOf(answer(body, 502), undefined)).toEqual({ status: 502, code: 'SOMETHING_NEW', message: 'odd' });
    expect(refusalOf(answer(body), undefined)?.status).toBe(500);
  });

  it('is 404 for a document that came back null, and no refusal for one that came', () => {
    expect(refusalOf(answer({ data: { annualSummary: null } }), undefined)).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(refusalOf(answer({ data: { annualSummary: { csv: '' } } }), '')).toBeNull();
  });
});
