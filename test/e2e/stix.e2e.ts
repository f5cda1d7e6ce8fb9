import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { draft, publish, published } from '../advisories.js';
import { demo, useGraph } from '../graph.js';
import { added } from '../indicators.js';
import { stixProblems } from '../stix-schema.js';

const graph = useGraph();

type StixObject = { type: string; id: string; [property: string]: any };
type Bundle = { type: 'bundle'; id: string; objects: StixObject[] };

const TLP_MARKING: Record<string, string> = {
  CLEAR: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  GREEN: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  AMBER: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  AMBER_STRICT: 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  RED: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

async function stixOf(field: 'advisory' | 'indicator', id: string, token = graph().tokens.thaicert): Promise<Bundle> {
  const res = await graph().query(`query ($id: ID!) { ${field}(id: $id) { stix } }`, { token, variables: { id } });
  expect(res.errors).toBeUndefined();
  return res.data![field].stix as Bundle;
}

const ofType = (bundle: Bundle, type: string) => bundle.objects.filter((object) => object.type === type);

describe('STIX 2.1 export of advisories', () => {
  it('is a bundle valid against the OASIS STIX 2.1 schemas for every advisory of the demo data', async () => {
    const res = await graph().query(`{ advisories(first: 100) { edges { node { identifier stix } } } }`, {
      token: graph().tokens.thaicert,
    });
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.advisories.edges.map((e: { node: { identifier: string; stix: Bundle } }) => e.node);
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) expect([node.identifier, stixProblems(node.stix)]).toEqual([node.identifier, []]);
  });

  it('ties a vulnerability per CVE and the course of action together in a report, by ThaiCERT, under its TLP 2.0 marking, with fixed ids', async () => {
    const advisory = await published(graph(), {
      tlp: 'AMBER',
      targetSectorIds: ['BANKING_FINANCE'],
      cveIds: ['CVE-2024-3400', 'CVE-2024-21887'],
    });
    const bundle = await stixOf('advisory', advisory.id);
    expect(stixProblems(bundle)).toEqual([]);
    const [identity] = ofType(bundle, 'identity');
    expect(identity).toMatchObject({ name: 'ThaiCERT', identity_class: 'organization' });
    expect(ofType(bundle, 'marking-definition')).toEqual([
      {
        type: 'marking-definition',
        spec_version: '2.1',
        id: TLP_MARKING.AMBER,
        created: '2022-10-01T00:00:00.000Z',
        name: 'TLP:AMBER',
        extensions: {
          'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': { extension_type: 'property-extension', tlp_2_0: 'amber' },
        },
      },
    ]);
    const vulnerabilities = ofType(bundle, 'vulnerability');
    expect(vulnerabilities.map((v) => v.external_references[0])).toEqual([
      expect.objectContaining({ source_name: 'cve', external_id: 'CVE-2024-3400' }),
      expect.objectContaining({ source_name: 'cve', external_id: 'CVE-2024-21887' }),
    ]);
    const [course] = ofType(bundle, 'course-of-action');
    expect(ofType(bundle, 'relationship').map((r) => [r.relationship_type, r.source_ref, r.target_ref])).toEqual(
      vulnerabilities.map((v) => ['mitigates', course!.id, v.id]),
    );
    const [report] = ofType(bundle, 'report');
    expect(report).toMatchObject({
      name: expect.stringMatching(/^Test advisory /),
      published: advisory.publishedAt,
      created: advisory.publishedAt,
    });
    expect(report!.object_refs).toEqual(expect.arrayContaining([...vulnerabilities.map((v) => v.id), course!.id]));
    expect(report!.external_references[0]).toEqual({ source_name: 'ThaiCERT', external_id: advisory.identifier });
    for (const object of bundle.objects.filter((o) => o.type !== 'marking-definition' && o.type !== 'identity')) {
      expect([object.id, object.created_by_ref, object.object_marking_refs]).toEqual([object.id, identity!.id, [TLP_MARKING.AMBER]]);
    }
    // Exported again: the same ids, the same document.
    expect(await stixOf('advisory', advisory.id)).toEqual(bundle);
  });

  it('is valid for generated advisories, drafts and published ones, and a withdrawn one is revoked', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          tlp: fc.constantFrom('CLEAR', 'GREEN', 'AMBER', 'AMBER_STRICT', 'RED'),
          cveIds: fc.uniqueArray(
            fc.integer({ min: 1000, max: 9_999_999 }).map((n) => `CVE-20${String(n % 30).padStart(2, '0')}-${String(n).padStart(4, '0')}`),
            { maxLength: 4 },
          ),
          references: fc.uniqueArray(fc.constantFrom('https://example.org/a', 'https://vendor.example/advisory/1'), { maxLength: 2 }),
          titleEn: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0),
          publish: fc.boolean(),
        }),
        async ({ publish: publishIt, ...input }) => {
          const overrides = { ...input, ...(input.tlp === 'RED' && { recipientOrganizationIds: [demo.organizationId] }) };
          const drafted = await draft(graph(), overrides);
          expect(drafted.errors).toBeUndefined();
          let advisory = drafted.data!.draftAdvisory;
          if (publishIt) advisory = (await publish(graph(), advisory.id, advisory.version)).data!.publishAdvisory;
          const bundle = await stixOf('advisory', advisory.id);
          expect(stixProblems(bundle)).toEqual([]);
          expect(ofType(bundle, 'vulnerability').map((v) => v.name)).toEqual(input.cveIds);
          expect(ofType(bundle, 'report')[0]!.object_marking_refs).toEqual([TLP_MARKING[input.tlp]]);
        },
      ),
      { numRuns: 15 },
    );
    const advisory = await published(graph());
    const withdrawn = await graph().query(
      `mutation ($id: ID!, $v: Int!) { withdrawAdvisory(id: $id, expectedVersion: $v, reason: "Retracted") { id } }`,
      {
        token: graph().tokens.thaicert,
        variables: { id: advisory.id, v: advisory.version },
      },
    );
    expect(withdrawn.errors).toBeUndefined();
    const bundle = await stixOf('advisory', advisory.id);
    expect(stixProblems(bundle)).toEqual([]);
    expect(ofType(bundle, 'report')[0]!.revoked).toBe(true);
  }, 300_000);
});

describe('STIX 2.1 export of indicators', () => {
  const KINDS: [string, string, string][] = [
    ['IP_ADDRESS', '203.0.113.9', "[ipv4-addr:value = '203.0.113.9']"],
    ['IP_ADDRESS', '2001:db8::9', "[ipv6-addr:value = '2001:db8::9']"],
    ['DOMAIN_NAME', 'evil.example', "[domain-name:value = 'evil.example']"],
    ['URL', "https://evil.example/it's", "[url:value = 'https://evil.example/it\\'s']"],
    ['FILE_HASH', 'd41d8cd98f00b204e9800998ecf8427e', "[file:hashes.'MD5' = 'd41d8cd98f00b204e9800998ecf8427e']"],
    ['FILE_HASH', 'da39a3ee5e6b4b0d3255bfef95601890afd80709', "[file:hashes.'SHA-1' = 'da39a3ee5e6b4b0d3255bfef95601890afd80709']"],
    [
      'FILE_HASH',
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      "[file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']",
    ],
    ['EMAIL_ADDRESS', 'phisher@evil.example', "[email-addr:value = 'phisher@evil.example']"],
  ];

  it('is an indicator with a STIX pattern and a sighting, valid for every kind at every TLP label', async () => {
    for (const tlp of Object.keys(TLP_MARKING)) {
      for (const [kind, value, pattern] of KINDS) {
        const indicator = await added(graph(), {
          kind,
          value,
          tlp,
          validUntil: '2027-06-01T00:00:00.000Z',
          ...(tlp === 'RED' && { recipientOrganizationIds: [demo.organizationId] }),
        });
        const bundle = await stixOf('indicator', indicator.id);
        expect([tlp, kind, stixProblems(bundle)]).toEqual([tlp, kind, []]);
        const [stixIndicator] = ofType(bundle, 'indicator');
        expect(stixIndicator).toMatchObject({
          pattern,
          pattern_type: 'stix',
          valid_from: indicator.validFrom,
          valid_until: '2027-06-01T00:00:00.000Z',
          created: indicator.createdAt,
          object_marking_refs: [TLP_MARKING[tlp]],
        });
        expect(ofType(bundle, 'sighting')[0]).toMatchObject({
          sighting_of_ref: stixIndicator!.id,
          first_seen: indicator.firstSeenAt,
          last_seen: indicator.lastSeenAt,
        });
      }
    }
  }, 120_000);

  it('names the affected organization only at TLP:RED', async () => {
    const affectedOrganizationId = demo.organization('chaophraya-bank');
    for (const tlp of ['CLEAR', 'GREEN', 'AMBER', 'AMBER_STRICT']) {
      const indicator = await added(graph(), { tlp, affectedOrganizationId });
      const bundle = await stixOf('indicator', indicator.id);
      expect(JSON.stringify(bundle)).not.toContain(affectedOrganizationId);
      expect(ofType(bundle, 'identity').map((i) => i.name)).toEqual(['ThaiCERT']);
      expect(ofType(bundle, 'sighting')[0]!.where_sighted_refs).toBeUndefined();
    }
    const red = await added(graph(), { tlp: 'RED', affectedOrganizationId, recipientOrganizationIds: [demo.organizationId] });
    const bundle = await stixOf('indicator', red.id);
    expect(stixProblems(bundle)).toEqual([]);
    const organization = ofType(bundle, 'identity').find((i) => i.name !== 'ThaiCERT');
    expect(organization).toMatchObject({ identity_class: 'organization', name: expect.stringContaining(affectedOrganizationId) });
    expect(ofType(bundle, 'sighting')[0]!.where_sighted_refs).toEqual([organization!.id]);
  });

  it('is revoked when the indicator is, with the same ids', async () => {
    const indicator = await added(graph());
    const before = await stixOf('indicator', indicator.id);
    const revoked = await graph().query(
      `mutation ($id: ID!, $v: Int!) { revokeIndicator(id: $id, expectedVersion: $v, reason: "False positive") { id } }`,
      {
        token: graph().tokens.thaicert,
        variables: { id: indicator.id, v: indicator.version },
      },
    );
    expect(revoked.errors).toBeUndefined();
    const after = await stixOf('indicator', indicator.id);
    expect(stixProblems(after)).toEqual([]);
    expect(ofType(after, 'indicator')[0]).toMatchObject({ id: ofType(before, 'indicator')[0]!.id, revoked: true });
    expect(ofType(after, 'indicator')[0]!.modified > ofType(before, 'indicator')[0]!.modified).toBe(true);
  });
});
