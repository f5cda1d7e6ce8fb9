import { beforeAll, describe, expect, it } from 'vitest';

import { demo, useGraph } from '../graph.js';
import { hoursAgo, minimalReport, newOrganization, notified } from '../incidents.js';

// Background work (registry polling, deadline scans) would add statements of its own mid-measurement.
const graph = useGraph({
  env: { SUPERVISION_POLL_INTERVAL_MS: '3600000', DEADLINE_SCAN_INTERVAL_MS: '3600000' },
  subgraphs: ['organizations', 'incidents'],
});

const DASHBOARD = `query ($regulatorId: ID!, $first: Int!) {
  incidents(first: $first, filter: { regulatorId: $regulatorId, open: true }) {
    totalCount
    edges { node {
      id severity reportedSeverity reportDueAt reportDueAtBangkok overdue status categories
      organization { id nameTh nameEn sector { nameEn } pointsOfContact { fullName email } }
      assessment { severity }
      revisions { number kind }
    } }
  }
}`;

beforeAll(async () => {
  for (let o = 0; o < 3; o++) {
    const organization = await newOrganization(graph());
    // Every page then reads contact details, so each is audited alike (one write per request, whatever its size).
    const contact = await graph().query(
      `mutation ($id: ID!) { addPointOfContact(organizationId: $id, input: { fullName: "ผู้ติดต่อ ${o}", email: "soc${o}@federation.example", mobilePhone: "081234567${o}" }) { id } }`,
      { token: graph().tokens.ncsa, variables: { id: organization.id } },
    );
    expect(contact.errors).toBeUndefined();
    for (let i = 0; i < 10; i++) await notified(graph(), organization, minimalReport({ detectedAt: hoursAgo(1 + i * 5) }));
  }
}, 120_000);

/** Statements one dashboard request costs each subgraph. */
async function statementsOnce(first: number): Promise<{ incidents: number; organizations: number; rows: number }> {
  const g = graph();
  const before = {
    incidents: await g.metric('incidents', 'db_statements_total'),
    organizations: await g.metric('organizations', 'db_statements_total'),
  };
  const res = await g.query(DASHBOARD, { token: g.tokens.regulator, variables: { regulatorId: demo.regulatorId, first } });
  expect(res.errors).toBeUndefined();
  return {
    incidents: (await g.metric('incidents', 'db_statements_total')) - before.incidents,
    organizations: (await g.metric('organizations', 'db_statements_total')) - before.organizations,
    rows: res.data!.incidents.edges.length,
  };
}

/** The fewest of three requests: the outbox listener's safety poll can only add a statement to one. */
async function statementsFor(first: number): Promise<{ incidents: number; organizations: number; rows: number }> {
  const samples = [await statementsOnce(first), await statementsOnce(first), await statementsOnce(first)];
  const fewest = (key: 'incidents' | 'organizations') => Math.min(...samples.map((sample) => sample[key]));
  return { incidents: fewest('incidents'), organizations: fewest('organizations'), rows: samples[0]!.rows };
}

describe('federation', () => {
  it('serves a regulator’s dashboard in one request: incidents with organization names, contacts, levels and due times', async () => {
    const res = await graph().query(DASHBOARD, { token: graph().tokens.regulator, variables: { regulatorId: demo.regulatorId, first: 5 } });
    expect(res.errors).toBeUndefined();
    const first = res.data!.incidents.edges[0].node;
    expect(first.organization.nameEn).toMatch(/\S/);
    expect(first.organization.sector.nameEn).toBe('Banking and finance');
    expect(first.organization.pointsOfContact).toEqual(expect.any(Array));
    expect(first.reportDueAtBangkok).toMatch(/\+07:00$/);
    expect(res.data!.incidents.totalCount).toBeGreaterThanOrEqual(30);
  });

  it('issues the same number of SQL statements for a page of 5 and a page of 30 (no N+1)', async () => {
    await statementsFor(5); // warm-up
    const small = await statementsFor(5);
    const large = await statementsFor(30);
    expect(small.rows).toBe(5);
    expect(large.rows).toBe(30);
    expect(large.incidents).toBe(small.incidents);
    expect(large.organizations).toBe(small.organizations);
    expect(small.incidents + small.organizations).toBeLessThanOrEqual(14); // ten at most, and the audit trail's one write (four statements)
  });

  it('contributes Organization.incidents to the organizations subgraph’s Organization', async () => {
    const organization = await newOrganization(graph());
    const incident = await notified(graph(), organization);
    const res = await graph().query(
      `query ($id: ID!) { organization(id: $id) { nameEn incidents(first: 10) { totalCount edges { node { id organization { nameEn } } } } } }`,
      { token: organization.token, variables: { id: organization.id } },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.organization.incidents.totalCount).toBe(1);
    expect(res.data!.organization.incidents.edges[0].node).toEqual({
      id: incident.id,
      organization: { nameEn: res.data!.organization.nameEn },
    });
  });

  it('refuses another organization’s incident list', async () => {
    const mine = await newOrganization(graph());
    const theirs = await newOrganization(graph());
    const res = await graph().query(`query ($id: ID!) { organization(id: $id) { nameEn incidents { totalCount } } }`, {
      token: mine.token,
      variables: { id: theirs.id },
    });
    expect(res.data!.organization).toEqual({ nameEn: expect.any(String), incidents: null });
    expect(res.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([['organization.incidents', 'FORBIDDEN']]);
  });
});
