import { beforeAll, describe, expect, it } from 'vitest';

import { ADVISORY_FIELDS, advisoryInput, draft, publish, published } from '../advisories.js';
import { demo, regulatorCaller, useGraph } from '../graph.js';
import { codes, minimalReport, newOrganization, notified, type TestOrganization } from '../incidents.js';

const graph = useGraph();
let bank: TestOrganization; // BANKING_FINANCE, supervised by the Bank of Thailand
let telco: TestOrganization; // IT_TELECOM, supervised by the NBTC
const year = String(new Date().getUTCFullYear());

beforeAll(async () => {
  bank = await newOrganization(graph());
  telco = await newOrganization(graph(), demo.regulator('nbtc'), 'IT_TELECOM');
});

describe('advisory lifecycle', () => {
  it('drafts, publishes with a TH-CERT identifier, revises with a history, and withdraws', async () => {
    const g = graph();
    const drafted = await draft(g);
    expect(drafted.data?.draftAdvisory).toMatchObject({ status: 'DRAFT', identifier: null, currentRevision: 0 });
    const { id, version } = drafted.data!.draftAdvisory;
    const out = await publish(g, id, version);
    expect(out.data?.publishAdvisory).toMatchObject({ status: 'PUBLISHED', currentRevision: 1 });
    expect(out.data?.publishAdvisory.identifier).toMatch(new RegExp(`^TH-CERT-${year}-\\d{4}$`));

    const revised = await g.query(
      `mutation ($id: ID!, $v: Int!) { reviseAdvisory(id: $id, expectedVersion: $v, input: { summaryEn: "Exploited in the wild" }, changeSummary: "Active exploitation confirmed") { status currentRevision summaryEn } }`,
      { token: g.tokens.thaicert, variables: { id, v: out.data!.publishAdvisory.version } },
    );
    expect(revised.data?.reviseAdvisory).toEqual({ status: 'UPDATED', currentRevision: 2, summaryEn: 'Exploited in the wild' });

    const current = await g.query(`query ($id: ID!) { advisory(id: $id) { version } }`, { token: g.tokens.thaicert, variables: { id } });
    const withdrawn = await g.query(
      `mutation ($id: ID!, $v: Int!) { withdrawAdvisory(id: $id, expectedVersion: $v, reason: "Vendor retracted the issue") { status withdrawnAt revisions { number status summary } } }`,
      {
        token: g.tokens.ncsa,
        variables: { id, v: current.data!.advisory.version },
      },
    );
    expect(withdrawn.data?.withdrawAdvisory.status).toBe('WITHDRAWN');
    expect(withdrawn.data?.withdrawAdvisory.revisions.map((r: { number: number; status: string }) => [r.number, r.status])).toEqual([
      [1, 'PUBLISHED'],
      [2, 'UPDATED'],
      [3, 'WITHDRAWN'],
    ]);
  });

  it('refuses publishing twice (CONFLICT) and withdrawing a draft (BAD_USER_INPUT)', async () => {
    const g = graph();
    const drafted = (await draft(g)).data!.draftAdvisory;
    expect(
      codes(
        await g.query(`mutation ($id: ID!, $v: Int!) { withdrawAdvisory(id: $id, expectedVersion: $v, reason: "x") { id } }`, {
          token: g.tokens.thaicert,
          variables: { id: drafted.id, v: drafted.version },
        }),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    const first = await publish(g, drafted.id, drafted.version);
    expect(codes(await publish(g, drafted.id, first.data!.publishAdvisory.version))).toEqual(['CONFLICT']);
    expect(codes(await publish(g, drafted.id, drafted.version))).toEqual(['CONFLICT']); // stale version too
  });

  it('numbers the identifiers of a year without gaps, even when published at once', async () => {
    const g = graph();
    const drafts = await Promise.all(Array.from({ length: 6 }, () => draft(g)));
    const results = await Promise.all(drafts.map((d) => publish(g, d.data!.draftAdvisory.id, d.data!.draftAdvisory.version)));
    const numbers = results.map((r) => Number(r.data!.publishAdvisory.identifier.split('-').at(-1))).sort((a, b) => a - b);
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i));
  });

  it('is written by ThaiCERT and NCSA only', async () => {
    for (const token of [bank.token, graph().tokens.regulator]) {
      expect(codes(await draft(graph(), {}, token))).toEqual(['FORBIDDEN']);
    }
    const anonymous = await graph().query(`mutation { draftAdvisory(input: { tlp: CLEAR }) { id } }`);
    expect(codes(anonymous)).toEqual(['FORBIDDEN']);
  });
});

describe('advisory input', () => {
  it.each([
    ['an invalid CVE id', { cveIds: ['CVE-24-1'] }, /CVE id/],
    ['a CVSS vector of an unknown version', { cvssVector: 'CVSS:2.0/AV:N/AC:L/Au:N/C:C/I:C/A:C' }, /CVSS:3.0\/, CVSS:3.1\/ or CVSS:4.0/],
    ['a CVSS vector with an invalid value', { cvssVector: 'CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }, /not a valid CVSS 3.1 vector/],
    ['a CVSS vector missing a base metric', { cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H' }, /every base metric/],
    ['a CVSS vector repeating a metric', { cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:L' }, /AV is given more than once/],
    [
      'a CVSS vector with an unknown metric',
      { cvssVector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/ZZ:Q' },
      /ZZ is not one of its metrics/,
    ],
    ['TLP:RED without recipients', { tlp: 'RED', recipientOrganizationIds: [] }, /names its recipients/],
    ['an unknown recipient', { tlp: 'RED', recipientOrganizationIds: ['00000000-0000-4000-8000-000000000000'] }, /not registered/],
    ['an unknown sector', { targetSectorIds: ['SPACE'] }, /unknown sectors SPACE/],
    ['a reference that is not a URL', { references: ['see the vendor site'] }, /URL/],
    ['a Thai title with no Thai', { titleTh: 'No Thai here' }, /titleTh/],
  ])('refuses %s with BAD_USER_INPUT', async (_case, change, mention) => {
    const res = await draft(graph(), change);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.message).toMatch(mention);
  });

  it('computes the base score from a CVSS 3.1 and a 4.0 vector', async () => {
    const v31 = await draft(graph(), { cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' });
    expect(v31.data?.draftAdvisory).toMatchObject({ cvssBaseScore: 9.8, cvssSeverity: 'CRITICAL' });
    const v40 = await draft(graph(), { cvssVector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' });
    expect(v40.data?.draftAdvisory).toMatchObject({ cvssBaseScore: 9.3, cvssSeverity: 'CRITICAL' });
    const low = await draft(graph(), { cvssVector: 'CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N' });
    expect(low.data?.draftAdvisory).toMatchObject({ cvssBaseScore: 1.8, cvssSeverity: 'LOW' });
  });

  it('names a repeated metric in invalidFields with a code a client can translate', async () => {
    const res = await draft(graph(), { cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:H/AV:L' });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      invalidFields: [{ field: 'cvssVector', codes: ['BAD_FORMAT'] }],
    });
  });

  it('keeps cvssBaseScore the base score (CVSS-B) and names every other score as FIRST does', async () => {
    const scores = `cvssBaseScore cvssSeverity cvssScores { version base baseSeverity temporal environmental baseThreat baseEnvironmental
      baseThreatEnvironmental overall nomenclature severity }`;
    const drafted = async (cvssVector: string) =>
      (
        await graph().query(`mutation ($input: AdvisoryInput!) { draftAdvisory(input: $input) { ${scores} } }`, {
          token: graph().tokens.thaicert,
          variables: { input: advisoryInput({ cvssVector }) },
        })
      ).data?.draftAdvisory;
    expect(await drafted('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U')).toEqual({
      cvssBaseScore: 9.3,
      cvssSeverity: 'CRITICAL',
      cvssScores: {
        version: '4.0',
        base: 9.3,
        baseSeverity: 'CRITICAL',
        temporal: null,
        environmental: null,
        baseThreat: 8.1,
        baseEnvironmental: null,
        baseThreatEnvironmental: null,
        overall: 8.1,
        nomenclature: 'CVSS-BT',
        severity: 'HIGH',
      },
    });
    expect(await drafted('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:C/CR:H/MAV:L')).toMatchObject({
      cvssBaseScore: 9.8,
      cvssScores: { base: 9.8, temporal: 8.5, environmental: 7.3, baseThreat: null, overall: 7.3, nomenclature: 'Environmental' },
    });
  });
});

describe('TLP 2.0 as row-level scope', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const g = graph();
    ids.CLEAR = (await published(g, { tlp: 'CLEAR' })).id;
    ids.GREEN = (await published(g, { tlp: 'GREEN' })).id;
    ids.AMBER = (await published(g, { tlp: 'AMBER', targetSectorIds: ['BANKING_FINANCE'] })).id;
    ids.AMBER_STRICT = (await published(g, { tlp: 'AMBER_STRICT', targetSectorIds: ['BANKING_FINANCE'] })).id;
    ids.RED = (await published(g, { tlp: 'RED', recipientOrganizationIds: [bank.id] })).id;
    ids.DRAFT = (await draft(g, { tlp: 'CLEAR' })).data!.draftAdvisory.id;
  });

  const matrix: [string, () => Promise<string | undefined>, string[]][] = [
    ['the public', async () => undefined, ['CLEAR']],
    [
      'an organization in the target sector (and RED recipient)',
      async () => bank.token,
      ['CLEAR', 'GREEN', 'AMBER', 'AMBER_STRICT', 'RED'],
    ],
    ['an organization outside the target sector', async () => telco.token, ['CLEAR', 'GREEN']],
    ['the target sector’s regulator', async () => graph().tokens.regulator, ['CLEAR', 'GREEN', 'AMBER']],
    ['another regulator', () => graph().token(regulatorCaller(demo.regulator('nbtc'))), ['CLEAR', 'GREEN']],
    ['ThaiCERT', async () => graph().tokens.thaicert, ['CLEAR', 'GREEN', 'AMBER', 'AMBER_STRICT', 'RED', 'DRAFT']],
    ['NCSA', async () => graph().tokens.ncsa, ['CLEAR', 'GREEN', 'AMBER', 'AMBER_STRICT', 'RED', 'DRAFT']],
  ];

  it.each(matrix)('%s reads exactly %j', async (_who, token, readable) => {
    const t = await token();
    for (const [label, id] of Object.entries(ids)) {
      const res = await graph().query(`query ($id: ID!) { advisory(id: $id) { id } }`, { token: t, variables: { id } });
      if (readable.includes(label)) expect(res.data?.advisory?.id, label).toBe(id);
      else expect(codes(res), label).toEqual(['NOT_FOUND']);
    }
    const listed = await graph().query(`{ advisories(first: 100) { edges { node { id } } } }`, { token: t });
    const listedIds = new Set(listed.data!.advisories.edges.map((e: { node: { id: string } }) => e.node.id));
    expect(
      Object.entries(ids)
        .filter(([, id]) => listedIds.has(id))
        .map(([label]) => label)
        .sort(),
    ).toEqual([...readable].sort());
  });
});

describe('acknowledgments', () => {
  const ACK = `mutation ($id: ID!) { acknowledgeAdvisory(advisoryId: $id) { organizationId acknowledgedAt } }`;

  it('an organization acknowledges what is addressed to it, once; ThaiCERT sees who has and has not', async () => {
    const g = graph();
    const other = await newOrganization(g);
    const advisory = await published(g, { tlp: 'AMBER', targetSectorIds: ['BANKING_FINANCE'] });
    const first = await g.query(ACK, { token: bank.token, variables: { id: advisory.id } });
    expect(first.data?.acknowledgeAdvisory.organizationId).toBe(bank.id);
    const again = await g.query(ACK, { token: bank.token, variables: { id: advisory.id } });
    expect(again.data?.acknowledgeAdvisory.acknowledgedAt).toBe(first.data?.acknowledgeAdvisory.acknowledgedAt);

    const view = `query ($id: ID!) { advisory(id: $id) { acknowledgments(first: 100) { edges { node { organizationId } } } pendingAcknowledgments(first: 100) { edges { node { id } } } myAcknowledgment { organizationId } } }`;
    const nodes = (connection: { edges: { node: unknown }[] } | null | undefined) => connection?.edges.map((e) => e.node) ?? null;
    const pendingIds = async () =>
      (
        nodes((await g.query(view, { token: g.tokens.thaicert, variables: { id: advisory.id } })).data?.advisory.pendingAcknowledgments) ??
        []
      ).map((o) => (o as { id: string }).id);
    // The advisories subgraph learns of a newly registered organization from the registry's events.
    await expect.poll(pendingIds).toContain(other.id);
    const national = await g.query(view, { token: g.tokens.thaicert, variables: { id: advisory.id } });
    expect(nodes(national.data?.advisory.acknowledgments)).toEqual([{ organizationId: bank.id }]);
    const pending = await pendingIds();
    expect(pending).not.toContain(bank.id);
    expect(pending).not.toContain(telco.id); // not in the target sector

    const regulatorView = await g.query(view, { token: g.tokens.regulator, variables: { id: advisory.id } });
    expect(nodes(regulatorView.data?.advisory.acknowledgments)).toEqual([{ organizationId: bank.id }]);
    const mine = await g.query(view, { token: bank.token, variables: { id: advisory.id } });
    expect(mine.data?.advisory.myAcknowledgment).toEqual({ organizationId: bank.id });
    expect(mine.data?.advisory.acknowledgments).toBeNull();
  });

  it('refuses an acknowledgment of what is not addressed to the organization', async () => {
    const g = graph();
    const forTelcos = await published(g, { tlp: 'GREEN', targetSectorIds: ['IT_TELECOM'] });
    expect(codes(await g.query(ACK, { token: bank.token, variables: { id: forTelcos.id } }))).toEqual(['BAD_USER_INPUT']);
    const red = await published(g, { tlp: 'RED', recipientOrganizationIds: [telco.id] });
    expect(codes(await g.query(ACK, { token: bank.token, variables: { id: red.id } }))).toEqual(['NOT_FOUND']);
  });

  it('shows an organization the advisories addressed to it, and whether it acknowledged each', async () => {
    const g = graph();
    const advisory = await published(g, { tlp: 'RED', recipientOrganizationIds: [telco.id] });
    await g.query(ACK, { token: telco.token, variables: { id: advisory.id } });
    const res = await g.query(
      `query ($id: ID!) { organization(id: $id) { advisories(first: 100) { edges { node { advisory { id tlp } acknowledgedAt } } } } }`,
      {
        token: telco.token,
        variables: { id: telco.id },
      },
    );
    const entry = res.data?.organization.advisories.edges
      .map((e: { node: unknown }) => e.node)
      .find((n: { advisory: { id: string } }) => n.advisory.id === advisory.id);
    expect(entry).toMatchObject({ advisory: { tlp: 'RED' }, acknowledgedAt: expect.any(String) });
  });
});

describe('federation with incidents', () => {
  it('lists the advisories sharing a CVE id with an incident, as far as the caller may read them', async () => {
    const g = graph();
    const cve = `CVE-2099-${String(Date.now()).slice(-5)}`;
    const clear = await published(g, { tlp: 'CLEAR', cveIds: [cve] });
    const strict = await published(g, { tlp: 'AMBER_STRICT', cveIds: [cve], targetSectorIds: ['BANKING_FINANCE'] });
    await published(g, { tlp: 'CLEAR', cveIds: ['CVE-2000-0001'] });
    const incident = await notified(g, bank, minimalReport({ partTwo: { cveIds: [cve] } }));
    const query = `query ($id: ID!) { incident(id: $id) { id relatedAdvisories { id } } }`;
    const asBank = await g.query(query, { token: bank.token, variables: { id: incident.id } });
    expect(asBank.data?.incident.relatedAdvisories.map((a: { id: string }) => a.id).sort()).toEqual([clear.id, strict.id].sort());
    const asRegulator = await g.query(query, { token: g.tokens.regulator, variables: { id: incident.id } });
    // AMBER_STRICT is for the organization only
    expect(asRegulator.data?.incident.relatedAdvisories.map((a: { id: string }) => a.id)).toEqual([clear.id]);
  });
});

describe('search', () => {
  it('filters by CVE, product, sector, TLP, status and date', async () => {
    const g = graph();
    const cve = `CVE-2098-${String(Date.now()).slice(-5)}`;
    const a = await published(g, {
      tlp: 'GREEN',
      cveIds: [cve],
      affectedProducts: [{ vendor: 'Fortinet', product: 'FortiOS', versions: ['7.0'] }],
      targetSectorIds: ['ENERGY_UTILITIES'],
    });
    const find = async (filter: Record<string, unknown>) =>
      (
        await g.query(`query ($f: AdvisoryFilter) { advisories(first: 100, filter: $f) { edges { node { id } } } }`, {
          token: g.tokens.ncsa,
          variables: { f: filter },
        })
      ).data!.advisories.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(await find({ cveId: cve })).toEqual([a.id]);
    expect(await find({ product: 'fortios' })).toContain(a.id);
    expect(await find({ product: 'FORTINET' })).toContain(a.id);
    expect(await find({ sectorId: 'ENERGY_UTILITIES', cveId: cve })).toEqual([a.id]);
    expect(await find({ sectorId: 'PUBLIC_HEALTH', cveId: cve })).toEqual([]);
    expect(await find({ tlp: 'GREEN', cveId: cve })).toEqual([a.id]);
    expect(await find({ tlp: 'RED', cveId: cve })).toEqual([]);
    expect(await find({ status: 'PUBLISHED', cveId: cve })).toEqual([a.id]);
    expect(await find({ publishedFrom: new Date(Date.now() + 60_000).toISOString(), cveId: cve })).toEqual([]);
    const bad = await g.query(`{ advisories(filter: { cveId: "nope" }) { totalCount } }`, { token: g.tokens.ncsa });
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
  });
});

export { ADVISORY_FIELDS };
