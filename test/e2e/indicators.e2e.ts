import { describe, expect, it } from 'vitest';

import { demo, organizationCaller, regulatorCaller, useGraph } from '../graph.js';
import { codes, notified } from '../incidents.js';
import { added, addIndicator } from '../indicators.js';

const graph = useGraph();

const problemCodes = (res: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  (res.errors?.[0]?.extensions?.invalidFields as { field: string; codes: string[] }[] | undefined)?.map((f) => [f.field, f.codes]);

describe('indicators', () => {
  it('normalizes each kind of value, and tells a hash’s algorithm by its length', async () => {
    const g = graph();
    const cases: [string, string, string, string | null][] = [
      ['IP_ADDRESS', ' 198.51.100.23 ', '198.51.100.23', null],
      ['IP_ADDRESS', '2001:DB8:0:0:0:0:0:1', '2001:db8::1', null],
      ['DOMAIN_NAME', 'Evil.Example.COM.', 'evil.example.com', null],
      ['DOMAIN_NAME', 'ตัวอย่าง.ไทย', 'xn--72c1a1bt4awk9o.xn--o3cw4h', null],
      ['URL', 'HTTP://Evil.Example.com/a b', 'http://evil.example.com/a%20b', null],
      ['FILE_HASH', 'D41D8CD98F00B204E9800998ECF8427E', 'd41d8cd98f00b204e9800998ecf8427e', 'MD5'],
      ['FILE_HASH', 'da39a3ee5e6b4b0d3255bfef95601890afd80709', 'da39a3ee5e6b4b0d3255bfef95601890afd80709', 'SHA1'],
      [
        'FILE_HASH',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        'SHA256',
      ],
      ['EMAIL_ADDRESS', 'Phisher@Evil.Example.COM', 'Phisher@evil.example.com', null],
    ];
    for (const [kind, value, normalized, algorithm] of cases) {
      const indicator = await added(g, { kind, value });
      expect([kind, indicator.value, indicator.hashAlgorithm]).toEqual([kind, normalized, algorithm]);
    }
  });

  it('refuses a value that is not of its kind with BAD_USER_INPUT naming the field and the problem', async () => {
    const g = graph();
    const cases: [string, string, string][] = [
      ['IP_ADDRESS', '999.1.1.1', 'BAD_FORMAT'],
      ['IP_ADDRESS', 'evil.example.com', 'BAD_FORMAT'],
      ['DOMAIN_NAME', 'no_underscores.example', 'BAD_FORMAT'],
      ['DOMAIN_NAME', 'localhost', 'BAD_FORMAT'],
      ['URL', 'javascript:alert(1)', 'NOT_A_URL'],
      ['URL', 'not a url', 'NOT_A_URL'],
      ['FILE_HASH', 'abc123', 'WRONG_LENGTH'],
      ['FILE_HASH', 'z41d8cd98f00b204e9800998ecf8427e', 'BAD_FORMAT'],
      ['EMAIL_ADDRESS', 'nobody', 'NOT_AN_EMAIL'],
    ];
    for (const [kind, value, code] of cases) {
      const res = await addIndicator(g, { kind, value });
      expect([kind, value, codes(res), problemCodes(res)]).toEqual([kind, value, ['BAD_USER_INPUT'], [['value', [code]]]]);
    }
    const backwards = await addIndicator(g, { validFrom: '2026-12-02T00:00:00Z', validUntil: '2026-12-01T00:00:00Z' });
    expect(problemCodes(backwards)).toEqual([['validUntil', ['CONTRADICTS_OTHER_FIELD']]]);
    const red = await addIndicator(g, { tlp: 'RED' });
    expect(problemCodes(red)).toEqual([['recipientOrganizationIds', ['REQUIRED']]]);
  });

  it('is written by ThaiCERT and NCSA only', async () => {
    const g = graph();
    expect(codes(await addIndicator(g, {}, g.tokens.organization))).toEqual(['FORBIDDEN']);
    expect(codes(await addIndicator(g, {}, g.tokens.regulator))).toEqual(['FORBIDDEN']);
    expect(codes(await addIndicator(g, {}, g.tokens.ncsa))).toEqual([]);
  });

  it('is revised and revoked, never deleted: every state stays in its revisions', async () => {
    const g = graph();
    const indicator = await added(g, { kind: 'DOMAIN_NAME', value: 'first.example' });
    const revised = await g.query(
      `mutation ($id: ID!, $v: Int!) { reviseIndicator(id: $id, expectedVersion: $v, changes: { value: "Second.Example", validUntil: "2027-01-01T00:00:00Z" }, changeSummary: "Typo") { value currentRevision version validUntil } }`,
      { token: g.tokens.thaicert, variables: { id: indicator.id, v: indicator.version } },
    );
    expect(revised.errors).toBeUndefined();
    expect(revised.data!.reviseIndicator).toMatchObject({ value: 'second.example', currentRevision: 2 });
    const stale = await g.query(`mutation ($id: ID!, $v: Int!) { revokeIndicator(id: $id, expectedVersion: $v, reason: "x") { id } }`, {
      token: g.tokens.thaicert,
      variables: { id: indicator.id, v: indicator.version },
    });
    expect(codes(stale)).toEqual(['CONFLICT']);
    const revoked = await g.query(
      `mutation ($id: ID!, $v: Int!) { revokeIndicator(id: $id, expectedVersion: $v, reason: "False positive") { status revokedAt revocationReason version revisions { number summary } } }`,
      { token: g.tokens.ncsa, variables: { id: indicator.id, v: revised.data!.reviseIndicator.version } },
    );
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data!.revokeIndicator).toMatchObject({ status: 'REVOKED', revocationReason: 'False positive' });
    expect(revoked.data!.revokeIndicator.revisions).toEqual([
      { number: 1, summary: 'Added' },
      { number: 2, summary: 'Typo' },
      { number: 3, summary: 'Revoked: False positive' },
    ]);
    const again = await g.query(
      `mutation ($id: ID!, $v: Int!) { reviseIndicator(id: $id, expectedVersion: $v, changes: { value: "third.example" }, changeSummary: "x") { id } }`,
      { token: g.tokens.thaicert, variables: { id: indicator.id, v: revoked.data!.revokeIndicator.version } },
    );
    expect(codes(again)).toEqual(['BAD_USER_INPUT']);
    const remaining = await g.query(`query ($id: ID!) { indicator(id: $id) { status } }`, {
      token: g.tokens.thaicert,
      variables: { id: indicator.id },
    });
    expect(remaining.data?.indicator).toEqual({ status: 'REVOKED' });
  });

  it('is read per TLP with the same targeting as advisories', async () => {
    const g = graph();
    const incidentId = (await notified(g, { id: demo.organizationId, token: g.tokens.organization })).id;
    const telelink = await g.token(organizationCaller(demo.organization('thai-telelink')));
    const nbtc = await g.token(regulatorCaller(demo.regulator('nbtc')));
    const clear = await added(g, { incidentId, tlp: 'CLEAR', value: '192.0.2.1' });
    const green = await added(g, { incidentId, tlp: 'GREEN', value: '192.0.2.2' });
    const amberBanks = await added(g, { incidentId, tlp: 'AMBER', value: '192.0.2.3', targetSectorIds: ['BANKING_FINANCE'] });
    const red = await added(g, { incidentId, tlp: 'RED', value: '192.0.2.4', recipientOrganizationIds: [demo.organizationId] });
    const readers: [string, string | undefined, string[]][] = [
      ['public', undefined, [clear.id]],
      ['demo bank (banking)', g.tokens.organization, [clear.id, green.id, amberBanks.id, red.id]],
      ['Bank of Thailand', g.tokens.regulator, [clear.id, green.id, amberBanks.id]],
      ['Thai Telelink (telecom)', telelink, [clear.id, green.id]],
      ['NBTC', nbtc, [clear.id, green.id]],
      ['ThaiCERT', g.tokens.thaicert, [clear.id, green.id, amberBanks.id, red.id]],
    ];
    for (const [who, token, expected] of readers) {
      const res = await g.query(
        `query ($incidentId: ID) { indicators(first: 100, filter: { incidentId: $incidentId }) { edges { node { id } } } }`,
        {
          token,
          variables: { incidentId },
        },
      );
      expect(res.errors).toBeUndefined();
      const seen = res.data!.indicators.edges.map((e: { node: { id: string } }) => e.node.id).sort();
      expect([who, seen]).toEqual([who, [...expected].sort()]);
    }
    // On the incident itself (the incidents subgraph decides who reads the incident; TLP, which of its indicators).
    const onIncident = await g.query(`query ($id: ID!) { incident(id: $id) { indicators { value } } }`, {
      token: g.tokens.thaicert,
      variables: { id: incidentId },
    });
    expect(onIncident.errors).toBeUndefined();
    expect(onIncident.data!.incident.indicators.map((i: { value: string }) => i.value)).toEqual([
      '192.0.2.1',
      '192.0.2.2',
      '192.0.2.3',
      '192.0.2.4',
    ]);
    // The affected organization is named to ThaiCERT and NCSA only.
    const named = await g.query(`query ($id: ID!) { indicator(id: $id) { affectedOrganization { id } } }`, {
      token: g.tokens.organization,
      variables: { id: clear.id },
    });
    expect(codes(named)).toEqual(['FORBIDDEN']);
  });
});
