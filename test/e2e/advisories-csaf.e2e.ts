import { beforeAll, describe, expect, it } from 'vitest';

import { draft, published } from '../advisories.js';
import { csafSchemaValidator } from '../csaf-schema.js';
import { demo, regulatorCaller, useGraph } from '../graph.js';
import { minimalReport, newOrganization, notified } from '../incidents.js';
import { connect, streamHead } from '../ws-client.js';

const graph = useGraph();
let validate: ReturnType<typeof csafSchemaValidator>;

beforeAll(() => {
  validate = csafSchemaValidator();
});

async function csafOf(id: string) {
  const res = await graph().query(`query ($id: ID!) { advisory(id: $id) { csaf } }`, { token: graph().tokens.thaicert, variables: { id } });
  expect(res.errors).toBeUndefined();
  return res.data!.advisory.csaf as Record<string, any>;
}

function expectValid(document: Record<string, unknown>) {
  const valid = validate(document);
  expect(valid, JSON.stringify(validate.errors, null, 2)).toBe(true);
}

describe('CSAF 2.0 export', () => {
  it('is a valid csaf_security_advisory with tracking, TLP, product tree and CVSS v3.1 scores', async () => {
    const advisory = await published(graph(), {
      tlp: 'AMBER_STRICT',
      targetSectorIds: ['BANKING_FINANCE'],
      affectedProducts: [
        { vendor: 'Palo Alto Networks', product: 'PAN-OS', versions: ['< 10.2.9'] },
        { vendor: 'Palo Alto Networks', product: 'Prisma Access', versions: [] },
        { vendor: 'Ivanti', product: 'Connect Secure', versions: ['22.x'] },
      ],
      cveIds: ['CVE-2024-3400', 'CVE-2024-21887'],
    });
    const csaf = await csafOf(advisory.id);
    expectValid(csaf);
    expect(csaf.document).toMatchObject({
      category: 'csaf_security_advisory',
      csaf_version: '2.0',
      publisher: { category: 'coordinator', name: expect.stringContaining('ThaiCERT') },
      distribution: { tlp: { label: 'AMBER' }, text: expect.stringContaining('TLP:AMBER+STRICT') },
      tracking: {
        id: advisory.identifier,
        status: 'final',
        version: '1',
        revision_history: [{ number: '1', summary: 'Initial publication' }],
      },
    });
    expect(csaf.product_tree.branches.map((b: { name: string }) => b.name)).toEqual(['Palo Alto Networks', 'Ivanti']);
    expect(csaf.vulnerabilities.map((v: { cve: string }) => v.cve)).toEqual(['CVE-2024-3400', 'CVE-2024-21887']);
    expect(csaf.vulnerabilities[0].scores[0].cvss_v3).toMatchObject({ version: '3.1', baseScore: 9.8, baseSeverity: 'CRITICAL' });
  });

  it.each([
    ['CLEAR, no products', { tlp: 'CLEAR', affectedProducts: [], cvssVector: null }, 'WHITE'],
    [
      'GREEN with a CVSS 4.0 vector',
      { tlp: 'GREEN', cvssVector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' },
      'GREEN',
    ],
    ['RED without CVEs', { tlp: 'RED', recipientOrganizationIds: [demo.organizationId], cveIds: [] }, 'RED'],
  ])('is valid for %s, with TLP label %s', async (_case, overrides, label) => {
    const advisory = await published(graph(), overrides);
    const csaf = await csafOf(advisory.id);
    expectValid(csaf);
    expect(csaf.document.distribution.tlp.label).toBe(label);
  });

  it('is valid for a draft and for a withdrawn advisory, with their history', async () => {
    const drafted = (await draft(graph())).data!.draftAdvisory;
    const draftCsaf = await csafOf(drafted.id);
    expectValid(draftCsaf);
    expect(draftCsaf.document.tracking).toMatchObject({ status: 'draft', version: '0' });

    const advisory = await published(graph());
    await graph().query(
      `mutation ($id: ID!, $v: Int!) { withdrawAdvisory(id: $id, expectedVersion: $v, reason: "Duplicate of another advisory") { id } }`,
      {
        token: graph().tokens.ncsa,
        variables: { id: advisory.id, v: advisory.version },
      },
    );
    const withdrawn = await csafOf(advisory.id);
    expectValid(withdrawn);
    expect(withdrawn.document.tracking.revision_history.map((r: { number: string }) => r.number)).toEqual(['1', '2']);
  });
});

describe('advisory events', () => {
  it('go live only to subscribers who may read the advisory under TLP', async () => {
    const g = graph();
    const bank = await newOrganization(g);
    const telco = await newOrganization(g, demo.regulator('nbtc'), 'IT_TELECOM');
    const query = `subscription ($after: Int) { advisoryEvents(afterSequence: $after) { sequence type advisory { id tlp } } }`;
    const after = await streamHead(g.gatewayUrl, 'advisoryEvents');
    const connections = [
      connect(g.gatewayUrl),
      connect(g.gatewayUrl, bank.token),
      connect(g.gatewayUrl, telco.token),
      connect(g.gatewayUrl, g.tokens.thaicert),
    ];
    try {
      const [pub, bankSub, telcoSub, thaicert] = connections.map((c) => c.subscribe(query, { after }));
      // Not for the subscriptions (they start at the head): for the advisories subgraph to learn of the new organizations.
      await new Promise((r) => setTimeout(r, 400));
      const clear = await published(g, { tlp: 'CLEAR' });
      const amber = await published(g, { tlp: 'AMBER', targetSectorIds: ['BANKING_FINANCE'] });
      // Everyone may read a CLEAR advisory: what reached a subscriber before it is all that will.
      const sentinel = await published(g, { tlp: 'CLEAR' });
      const ids = async (s: typeof pub) =>
        (await s!.before((r) => r.data?.advisoryEvents.advisory.id === sentinel.id)).map((r) => r.data?.advisoryEvents.advisory.id);
      expect(await ids(thaicert)).toEqual([clear.id, amber.id]);
      expect(await ids(bankSub)).toEqual([clear.id, amber.id]);
      expect(await ids(pub)).toEqual([clear.id]);
      expect(await ids(telcoSub)).toEqual([clear.id]);
    } finally {
      await Promise.all(connections.map((c) => c.dispose()));
    }
  });

  it('tell of an acknowledgment only those who may see it in the acknowledgment list: not another target sector’s regulator', async () => {
    const g = graph();
    const bank = await newOrganization(g);
    const query = `subscription ($after: Int) { advisoryEvents(afterSequence: $after) { sequence type advisory { id } } }`;
    const after = await streamHead(g.gatewayUrl, 'advisoryEvents');
    const connections = [g.tokens.regulator, await g.token(regulatorCaller(demo.regulator('nbtc'))), g.tokens.thaicert, bank.token].map(
      (t) => connect(g.gatewayUrl, t),
    );
    try {
      const [bot, nbtc, thaicert, own] = connections.map((c) => c.subscribe(query, { after }));
      // Not for the subscriptions (they start at the head): for the advisories subgraph to learn of the new organizations.
      await new Promise((r) => setTimeout(r, 400));
      const amber = await published(g, { tlp: 'AMBER', targetSectorIds: ['BANKING_FINANCE', 'IT_TELECOM'] });
      const acknowledged = await g.query(`mutation ($id: ID!) { acknowledgeAdvisory(advisoryId: $id) { acknowledgedAt } }`, {
        token: bank.token,
        variables: { id: amber.id },
      });
      expect(acknowledged.errors).toBeUndefined();
      const listed = async (token: string) =>
        (
          (
            await g.query(
              `query ($id: ID!) { advisory(id: $id) { acknowledgments(first: 100) { edges { node { organization { id } } } } } }`,
              {
                token,
                variables: { id: amber.id },
              },
            )
          ).data?.advisory.acknowledgments.edges as unknown[]
        ).length;
      // Everyone may read a CLEAR advisory: what reached a subscriber before it is all that will.
      const sentinel = await published(g, { tlp: 'CLEAR' });
      const types = async (s: typeof bot) =>
        (await s!.before((r) => r.data?.advisoryEvents.advisory.id === sentinel.id)).map((r) => r.data?.advisoryEvents.type);
      expect(await types(bot)).toEqual(['PUBLISHED', 'ACKNOWLEDGED']);
      expect(await types(thaicert)).toEqual(['PUBLISHED', 'ACKNOWLEDGED']);
      expect(await types(nbtc)).toEqual(['PUBLISHED']);
      expect(await types(own)).toEqual(['PUBLISHED']);
      expect([await listed(g.tokens.regulator), await listed(await g.token(regulatorCaller(demo.regulator('nbtc'))))]).toEqual([1, 0]);
    } finally {
      await Promise.all(connections.map((c) => c.dispose()));
    }
  });

  it('with afterSequence, replays what a subscriber missed', async () => {
    const g = graph();
    const first = await published(g, { tlp: 'GREEN' });
    const c = connect(g.gatewayUrl, g.tokens.ncsa);
    try {
      const live = c.subscribe(`subscription { advisoryEvents { sequence advisory { id } } }`);
      await new Promise((r) => setTimeout(r, 300));
      const second = await published(g, { tlp: 'GREEN' });
      const [event] = await live.waitFor(1);
      expect(event!.data!.advisoryEvents.advisory.id).toBe(second.id);
      const replay = c.subscribe(`subscription ($after: Int) { advisoryEvents(afterSequence: $after) { sequence advisory { id } } }`, {
        after: event!.data!.advisoryEvents.sequence - 1,
      });
      const [again] = await replay.waitFor(1);
      expect(again!.data!.advisoryEvents.advisory.id).toBe(second.id);
      expect(first.id).not.toBe(second.id);
    } finally {
      await c.dispose();
    }
  });

  it('an incident sees related advisories live as they are published', async () => {
    const g = graph();
    const bank = await newOrganization(g);
    const cve = `CVE-2097-${String(Date.now()).slice(-5)}`;
    const incident = await notified(g, bank, minimalReport({ partTwo: { cveIds: [cve] } }));
    await published(g, { tlp: 'CLEAR', cveIds: [cve] });
    const res = await g.query(`query ($id: ID!) { incident(id: $id) { relatedAdvisories { cveIds } } }`, {
      token: bank.token,
      variables: { id: incident.id },
    });
    expect(res.data?.incident.relatedAdvisories).toEqual([{ cveIds: [cve] }]);
  });
});
