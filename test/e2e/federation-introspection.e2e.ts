import { describe, expect, it } from 'vitest';

import { Role } from '../../platform/caller.js';
import { IDENTITY_HEADER, identitySecret, signIdentity } from '../../platform/identity.js';
import { SUBGRAPHS } from '../../subgraphs/registry.js';
import { TEST_IDENTITY_SECRET, useGraph } from '../graph.js';
import { errorCodes, graphqlRequest } from '../graphql-client.js';

const graph = useGraph();

const SDL = '{ _service { sdl } }';
/** The same field behind an alias and an inline fragment: the refusal is the field's, however it is asked for. */
const SDL_DISGUISED = '{ ... on Query { schema: _service { sdl } } }';
const SUBGRAPH_NAMES = SUBGRAPHS.map((s) => s.name);

const asIdentity = async (caller: Parameters<typeof signIdentity>[0]) => ({
  [IDENTITY_HEADER]: await signIdentity(caller, identitySecret(TEST_IDENTITY_SECRET)),
});

describe('federation introspection (_service) on a subgraph reached directly', () => {
  it.each(SUBGRAPH_NAMES)('%s refuses it to the public with FORBIDDEN', async (name) => {
    for (const query of [SDL, SDL_DISGUISED]) {
      const res = await graphqlRequest(graph().subgraphUrls[name]!, query);
      expect(errorCodes(res), query).toEqual(['FORBIDDEN']);
      expect(JSON.stringify(res.data ?? null)).not.toMatch(/type Query/);
    }
  });

  it.each(SUBGRAPH_NAMES)('%s refuses it to a signed-in user with FORBIDDEN', async (name) => {
    for (const role of [Role.NCSA, Role.THAICERT] as const) {
      const res = await graphqlRequest(graph().subgraphUrls[name]!, SDL_DISGUISED, {
        headers: await asIdentity({ role, subject: 'analyst' }),
      });
      expect(errorCodes(res), role).toEqual(['FORBIDDEN']);
    }
  });

  it.each(SUBGRAPH_NAMES)('%s answers it to one of our services', async (name) => {
    const res = await graphqlRequest(graph().subgraphUrls[name]!, SDL, {
      headers: await asIdentity({ role: 'SERVICE', subject: 'schema-check' }),
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?._service.sdl).toMatch(/type Query/);
  });
});

describe('federation introspection through the gateway', () => {
  it('is not part of the API, for anyone', async () => {
    for (const token of [undefined, graph().tokens.ncsa]) {
      expect(errorCodes(await graph().query(SDL, { token }))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    }
  });
});
