import { describe, expect, it } from 'vitest';
import { DEMO_ORGANIZATIONS } from '../../subgraphs/organizations/src/demo-data/demo-registry.js';
import { demo, useGraph } from '../graph.js';

const graph = useGraph();
const PAGE = `query ($first: Int!, $after: String, $filter: OrganizationFilter) {
  organizations(first: $first, after: $after, filter: $filter) {
    totalCount
    edges { cursor node { id nameEn } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

async function page(variables: Record<string, unknown>) {
  const res = await graph().query(PAGE, { token: graph().tokens.regulator, variables });
  return res;
}

describe('organizations as a Relay connection', () => {
  it('walks every organization exactly once, in name order, pages of 7', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const res = await page({ first: 7, after });
      expect(res.errors).toBeUndefined();
      const connection = res.data!.organizations;
      expect(connection.totalCount).toBe(DEMO_ORGANIZATIONS.length);
      seen.push(...connection.edges.map((e: { node: { nameEn: string } }) => e.node.nameEn));
      pages += 1;
      expect(connection.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(pages).toBe(Math.ceil(DEMO_ORGANIZATIONS.length / 7));
    expect(seen).toEqual(DEMO_ORGANIZATIONS.map((o) => o.nameEn).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('filters by regulator, sector, kind and name', async () => {
    const byRegulator = await page({ first: 50, filter: { regulatorId: demo.regulatorId } });
    expect(byRegulator.data?.organizations.totalCount).toBe(DEMO_ORGANIZATIONS.filter((o) => o.regulator === 'bot').length);
    const bySector = await page({ first: 50, filter: { sectorId: 'PUBLIC_HEALTH' } });
    expect(bySector.data?.organizations.totalCount).toBe(DEMO_ORGANIZATIONS.filter((o) => o.sector === 'PUBLIC_HEALTH').length);
    const agencies = await page({ first: 50, filter: { kind: 'GOVERNMENT_AGENCY' } });
    expect(agencies.data?.organizations.totalCount).toBe(DEMO_ORGANIZATIONS.filter((o) => o.kind === 'GOVERNMENT_AGENCY').length);
    const byName = await page({ first: 50, filter: { nameContains: 'เจ้าพระยา' } });
    expect(byName.data?.organizations.edges.map((e: { node: { nameEn: string } }) => e.node.nameEn)).toEqual(['Chao Phraya Bank PCL']);
    const wildcard = await page({ first: 50, filter: { nameContains: '%' } });
    expect(wildcard.data?.organizations.totalCount).toBe(0);
  });

  it.each([
    ['a page size above 100', { first: 101 }],
    ['a page size of 0', { first: 0 }],
    ['a cursor it never returned', { first: 5, after: 'not-a-cursor' }],
    ['a tampered cursor', { first: 5, after: Buffer.from(JSON.stringify(['Zed', 'not-a-uuid'])).toString('base64url') }],
  ])('refuses %s with BAD_USER_INPUT', async (_case, variables) => {
    const res = await page(variables);
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(res.data?.organizations).toBeNull();
  });
});
