import { describe, expect, it } from 'vitest';

import { published } from '../advisories.js';
import { useGraph } from '../graph.js';
import { errorCodes } from '../graphql-client.js';

const graph = useGraph({ env: { PUBLIC_CACHE_SECONDS: '2' }, subgraphs: ['organizations', 'advisories'] });

const PUBLIC_ADVISORIES = `{ advisories(first: 100) { edges { node { identifier } } } }`;
const identifiers = (response: { data?: Record<string, any> | null }) =>
  (response.data!.advisories.edges as { node: { identifier: string } }[]).map((e) => e.node.identifier);

describe('public responses', () => {
  it('are served from the gateway cache to anonymous callers, for at most PUBLIC_CACHE_SECONDS', async () => {
    const g = graph();
    const first = await g.query(PUBLIC_ADVISORIES);
    expect(first.errors).toBeUndefined();
    expect(first.headers.get('cache-control')).toBe('max-age=2, public');

    const advisory = await published(g);

    // Still the list from before the advisory was published: it came from the cache, not the subgraph.
    const cached = await g.query(PUBLIC_ADVISORIES);
    expect(identifiers(cached)).toEqual(identifiers(first));
    expect(identifiers(cached)).not.toContain(advisory.identifier);
    expect(cached.headers.get('age')).not.toBeNull();

    await new Promise((resolve) => setTimeout(resolve, 2_200));
    const fresh = await g.query(PUBLIC_ADVISORIES);
    expect(identifiers(fresh)).toContain(advisory.identifier);
  });

  it('are never stored for a signed-in caller, who sees changes at once', async () => {
    const g = graph();
    await g.query(PUBLIC_ADVISORIES); // fills the anonymous cache
    const advisory = await published(g);
    const signedIn = await g.query(PUBLIC_ADVISORIES, { token: g.tokens.organization });
    expect(identifiers(signedIn)).toContain(advisory.identifier);
    expect(signedIn.headers.get('cache-control')).toBe('no-store');

    const again = await g.query(PUBLIC_ADVISORIES, { token: g.tokens.organization });
    expect(again.headers.get('age')).toBeNull();
  });

  it('are not cached when they carry errors', async () => {
    const g = graph();
    const query = `{ advisory(id: "not-an-id") { identifier } }`;
    const refused = await g.query(query);
    expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    const again = await g.query(query);
    expect(again.headers.get('age')).toBeNull();
  });
});
