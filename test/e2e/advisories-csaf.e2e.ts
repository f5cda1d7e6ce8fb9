import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

import { advisoryInput, draft, publish as publishAdvisory, published } from '../advisories.js';
import { checkedCsaf, csafSchemaValidator } from '../csaf-schema.js';
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

/** Valid against OASIS's schema, and no failure of BSI's validator (strict schema, every mandatory test); its warnings printed. */
async function expectValid(document: Record<string, unknown>) {
  const valid = validate(document);
  expect(valid, JSON.stringify(validate.errors, null, 2)).toBe(true);
  expect(await checkedCsaf(document, 'advisories-csaf.e2e.ts')).toEqual([]);
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
    await expectValid(csaf);
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
    await expectValid(csaf);
    expect(csaf.document.distribution.tlp.label).toBe(label);
  });

  it('passes BSI’s validator for every advisory of the demo data', async () => {
    const res = await graph().query(`{ advisories(first: 100) { edges { node { identifier affectedProducts { product } csaf } } } }`, {
      token: graph().tokens.thaicert,
    });
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.advisories.edges.map((e: { node: Record<string, any> }) => e.node);
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      expect(await checkedCsaf(node.csaf, `demo ${node.identifier}`), node.identifier).toEqual([]);
      expect(node.csaf.document.category).toBe(node.affectedProducts.length > 0 ? 'csaf_security_advisory' : 'csaf_informational_advisory');
    }
  });

  it('is an informational advisory when it names no affected products, with no empty arrays', async () => {
    const advisory = await published(graph(), { affectedProducts: [], references: [], cveIds: ['CVE-2024-3400'] });
    const csaf = await csafOf(advisory.id);
    await expectValid(csaf);
    expect(csaf.document.category).toBe('csaf_informational_advisory');
    expect(csaf.vulnerabilities).toBeUndefined();
    // A released advisory's own URL at the CSAF provider comes first (self); an informational one still needs an external reference.
    expect(csaf.document.references).toEqual([
      {
        category: 'self',
        summary: expect.any(String),
        url: expect.stringMatching(/\/\.well-known\/csaf\/white\/\d{4}\/th-cert-\d{4}-\d{4}\.json$/),
      },
      { category: 'external', summary: 'CVE-2024-3400 in the CVE List', url: 'https://www.cve.org/CVERecord?id=CVE-2024-3400' },
    ]);
  });

  it('is valid for a draft and for a withdrawn advisory, with their history', async () => {
    const drafted = (await draft(graph())).data!.draftAdvisory;
    const draftCsaf = await csafOf(drafted.id);
    await expectValid(draftCsaf);
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
    await expectValid(withdrawn);
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

/** Vectors of every version, with and without temporal, threat, environmental and supplemental metrics. */
const CVSS_VECTORS = [
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:C/CR:H/MAV:L',
  'CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:C/C:N/I:N/A:N',
  'CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N/E:P',
  'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
  'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U/CR:L/MAV:L/S:P/U:Amber',
];

/** Version strings as ThaiCERT's analysts write them: single versions, comparisons, ranges, wildcards, words. */
const version = fc.oneof(
  fc.stringMatching(/^\d{1,2}(\.\d{1,2}){0,3}(-h\d)?$/),
  fc
    .tuple(fc.constantFrom('<', '<=', '>', '>=', '≤', '≥', '= '), fc.stringMatching(/^\d{1,2}(\.\d{1,2}){0,2}$/))
    .map(([op, v]) => `${op} ${v}`),
  fc
    .tuple(fc.stringMatching(/^\d{1,2}\.\d$/), fc.constantFrom(' – ', ' - ', '–', ' to '), fc.stringMatching(/^\d{1,2}\.\d$/))
    .map((p) => p.join('')),
  fc.constantFrom('22.x', '*', 'all', 'all versions', 'before 5.1', 'prior to 2024R2', 'v10 and later', '  ', '11.0'),
  fc.string({ minLength: 1, maxLength: 30 }),
);
const product = fc.record({
  vendor: fc.constantFrom('Palo Alto Networks', 'Ivanti', 'Fortinet', 'ไทยซอฟต์'),
  product: fc.oneof(fc.constantFrom('PAN-OS', 'Connect Secure', 'FortiOS', 'ระบบบัญชี'), fc.string({ minLength: 1, maxLength: 20 })),
  versions: fc.array(version, { maxLength: 4 }),
});
const generatedAdvisory = fc.record({
  tlp: fc.constantFrom('CLEAR', 'GREEN', 'AMBER', 'AMBER_STRICT', 'RED'),
  affectedProducts: fc.array(
    product.filter((p) => p.product.trim().length > 0),
    { maxLength: 4 },
  ),
  cveIds: fc.uniqueArray(
    fc.integer({ min: 1000, max: 9_999_999 }).map((n) => `CVE-20${String(n % 30).padStart(2, '0')}-${String(n).padStart(4, '0')}`),
    {
      maxLength: 3,
    },
  ),
  cvssVector: fc.option(fc.constantFrom(...CVSS_VECTORS), { nil: null }),
  references: fc.uniqueArray(fc.constantFrom('https://example.org/a', 'https://vendor.example/advisory/1', 'http://cve.example/x'), {
    maxLength: 2,
  }),
  publish: fc.boolean(),
});

describe('CSAF 2.0 export of generated advisories', () => {
  it('passes BSI’s validator (strict schema, every mandatory test) for any products, versions, CVEs, TLP and CVSS vector', async () => {
    await fc.assert(
      fc.asyncProperty(generatedAdvisory, async ({ publish, ...input }) => {
        const overrides = { ...input, ...(input.tlp === 'RED' && { recipientOrganizationIds: [demo.organizationId] }) };
        const drafted = await draft(graph(), overrides);
        expect(drafted.errors, JSON.stringify(advisoryInput(overrides))).toBeUndefined();
        let advisory = drafted.data!.draftAdvisory;
        if (publish) {
          const done = await publishAdvisory(graph(), advisory.id, advisory.version);
          expect(done.errors).toBeUndefined();
          advisory = done.data!.publishAdvisory;
        }
        const csaf = await csafOf(advisory.id);
        expect(validate(csaf), JSON.stringify(validate.errors)).toBe(true);
        expect(await checkedCsaf(csaf, 'generated advisories')).toEqual([]);
      }),
      // Each run drafts (and maybe publishes) through the real graph: a few seconds each on a shared machine.
      { numRuns: 25 },
    );
  }, 300_000);
});
