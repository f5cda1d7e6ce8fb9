import { describe, expect, it } from 'vitest';

import { DEMO_ORGANIZATIONS } from '../../demo/demo-registry.js';
import { demo, useGraph } from '../graph.js';

// Paging itself (every page once, cursors, page sizes) is tested for every connection in connections.e2e.ts.

const graph = useGraph({ subgraphs: ['organizations'] });
const PAGE = `query ($filter: OrganizationFilter) {
  organizations(first: 100, filter: $filter) { totalCount edges { node { nameEn } } }
}`;

const page = (filter?: Record<string, unknown>) => graph().query(PAGE, { token: graph().tokens.regulator, variables: { filter } });

describe('the organizations list', () => {
  it('lists every organization by English name', async () => {
    const res = await page();
    expect(res.errors).toBeUndefined();
    expect(res.data!.organizations.edges.map((e: { node: { nameEn: string } }) => e.node.nameEn)).toEqual(
      DEMO_ORGANIZATIONS.map((o) => o.nameEn).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  });

  it('filters by regulator, sector, kind and name', async () => {
    const byRegulator = await page({ regulatorId: demo.regulatorId });
    expect(byRegulator.data?.organizations.totalCount).toBe(DEMO_ORGANIZATIONS.filter((o) => o.regulator === 'bot').length);
    const bySector = await page({ sectorId: 'PUBLIC_HEALTH' });
    expect(bySector.data?.organizations.totalCount).toBe(DEMO_ORGANIZATIONS.filter((o) => o.sector === 'PUBLIC_HEALTH').length);
    const agencies = await page({ kind: 'GOVERNMENT_AGENCY' });
    expect(agencies.data?.organizations.totalCount).toBe(DEMO_ORGANIZATIONS.filter((o) => o.kind === 'GOVERNMENT_AGENCY').length);
    const byName = await page({ nameContains: 'เจ้าพระยา' });
    expect(byName.data?.organizations.edges.map((e: { node: { nameEn: string } }) => e.node.nameEn)).toEqual(['Chao Phraya Bank PCL']);
    const wildcard = await page({ nameContains: '%' });
    expect(wildcard.data?.organizations.totalCount).toBe(0);
  });
});
