import { beforeAll, describe, expect, it } from 'vitest';

import { Role } from '../../platform/caller.js';
import { demo, organizationCaller, regulatorCaller, useGraph } from '../graph.js';
import { makeOpenPgpKey } from '../openpgp-keys.js';

const graph = useGraph({ subgraphs: ['organizations'] });
const CONTACT_DETAILS = ['email', 'officePhone', 'mobilePhone', 'pgpPublicKey', 'pgpFingerprint'] as const;
const ORGANIZATION = `query ($id: ID!) {
  organization(id: $id) { id nameEn kind sector { id } pointsOfContact { id fullName position isPrimary ${CONTACT_DETAILS.join(' ')} } }
}`;

/** Callers by how they relate to Krung Siam Bank (supervised by the Bank of Thailand). */
const callers: Record<string, () => Promise<string | undefined>> = {
  'the public': async () => undefined,
  'the organization itself': async () => graph().tokens.organization,
  'another organization under the same regulator': () => graph().token(organizationCaller(demo.organization('chaophraya-bank'))),
  'its supervising regulator': async () => graph().tokens.regulator,
  'another regulator of the same sector': () => graph().token(regulatorCaller(demo.regulator('sec'))),
  ThaiCERT: async () => graph().tokens.thaicert,
  NCSA: async () => graph().tokens.ncsa,
};

beforeAll(async () => {
  // Give the primary contact a PGP key, so every contact field has a value to hide or show.
  const { publicKey } = await makeOpenPgpKey();
  const contactId = demo.contact('krungsiam-bank', 'soc');
  const res = await graph().query(
    `mutation ($id: ID!, $key: String) { updatePointOfContact(id: $id, expectedVersion: 1, input: { pgpPublicKey: $key }) { pgpFingerprint } }`,
    { token: graph().tokens.thaicert, variables: { id: contactId, key: publicKey } },
  );
  expect(res.errors).toBeUndefined();
});

describe('contact details (SPEC §3): own organization, its regulator, ThaiCERT and NCSA only', () => {
  it.each([
    ['the organization itself', true],
    ['its supervising regulator', true],
    ['ThaiCERT', true],
    ['NCSA', true],
    ['another organization under the same regulator', false],
    ['another regulator of the same sector', false],
  ])('%s: sees contact details → %s', async (who, allowed) => {
    const res = await graph().query(ORGANIZATION, { token: await callers[who]!(), variables: { id: demo.organizationId } });
    const contacts = res.data?.organization.pointsOfContact as Record<string, unknown>[];
    expect(contacts.length).toBe(2);
    // Names and positions are directory data every signed-in caller sees.
    expect(contacts.every((c) => typeof c.fullName === 'string' && typeof c.position === 'string')).toBe(true);
    const primary = contacts.find((c) => c.isPrimary)!;
    for (const field of CONTACT_DETAILS) {
      const denied = (res.errors ?? []).filter((e) => e.path?.at(-1) === field);
      if (allowed) {
        expect(primary[field], field).toEqual(expect.any(String));
        expect(denied, field).toEqual([]);
      } else {
        expect(
          contacts.map((c) => c[field]),
          field,
        ).toEqual([null, null]);
        expect(
          denied.map((e) => e.extensions?.code),
          field,
        ).toEqual(['FORBIDDEN', 'FORBIDDEN']);
      }
    }
    if (!allowed) expect(res.data?.organization.nameEn).toBe('Krung Siam Bank PCL'); // the rest is served
  });

  it.each([
    ['the organization itself', true],
    ['its supervising regulator', true],
    ['ThaiCERT', true],
    ['NCSA', true],
    ['another organization under the same regulator', false],
    ['another regulator of the same sector', false],
  ])('%s: sees the primary contact’s details → %s, as in the list', async (who, allowed) => {
    const res = await graph().query(
      `query ($id: ID!) { organization(id: $id) { primaryContact { id fullName isPrimary ${CONTACT_DETAILS.join(' ')} } } }`,
      { token: await callers[who]!(), variables: { id: demo.organizationId } },
    );
    const primary = res.data?.organization.primaryContact as Record<string, unknown>;
    expect(primary).toMatchObject({ id: demo.contact('krungsiam-bank', 'soc'), fullName: expect.any(String), isPrimary: true });
    for (const field of CONTACT_DETAILS) {
      const denied = (res.errors ?? []).filter((e) => e.path?.at(-1) === field).map((e) => e.extensions?.code);
      expect(primary[field], field).toEqual(allowed ? expect.any(String) : null);
      expect(denied, field).toEqual(allowed ? [] : ['FORBIDDEN']);
    }
  });

  it('the public sees no organization data at all', async () => {
    const res = await graph().query(ORGANIZATION, { variables: { id: demo.organizationId } });
    expect(res.data).toEqual({ organization: null });
    expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['organization'], 'FORBIDDEN']]);
    const lists = await graph().query('{ organizations { totalCount } regulators { id } sectors { id } }');
    expect(lists.data?.organizations).toBeNull();
    expect(lists.data?.regulators).toBeNull();
    expect(lists.data?.sectors).toHaveLength(8);
  });

  it('exposes the fingerprint of the stored key', async () => {
    const res = await graph().query(ORGANIZATION, { token: graph().tokens.ncsa, variables: { id: demo.organizationId } });
    const primary = (res.data?.organization.pointsOfContact as Record<string, string>[]).find((c) => c.isPrimary)!;
    expect(primary.pgpFingerprint).toMatch(/^[0-9A-F]{40,64}$/);
    expect(primary.pgpPublicKey).toContain('BEGIN PGP PUBLIC KEY BLOCK');
  });

  it('follows the current supervision: after a move, the new regulator sees the contacts and the old one does not', async () => {
    const moved = await graph().query<{ registerOrganization: { id: string; version: number } }>(
      `mutation { registerOrganization(input: { nameTh: "ธนาคารทดสอบย้ายผู้กำกับ", nameEn: "Moving Test Bank", kind: CII_ORGANIZATION,
          sectorId: "BANKING_FINANCE", regulatorId: "${demo.regulatorId}" }) { id version } }`,
      { token: graph().tokens.ncsa },
    );
    const { id } = moved.data!.registerOrganization;
    const contact = await graph().query(
      `mutation ($id: ID!) { addPointOfContact(organizationId: $id, input: { fullName: "ผู้ติดต่อ ทดสอบ", email: "soc@moving.example", mobilePhone: "0812345678" }) { id } }`,
      { token: graph().tokens.ncsa, variables: { id } },
    );
    expect(contact.errors).toBeUndefined();
    const emailAs = async (token: string) =>
      (await graph().query(`query ($id: ID!) { organization(id: $id) { pointsOfContact { email } } }`, { token, variables: { id } })).data
        ?.organization.pointsOfContact[0].email;
    const sec = await graph().token(regulatorCaller(demo.regulator('sec')));
    expect(await emailAs(graph().tokens.regulator)).toBe('soc@moving.example');
    expect(await emailAs(sec)).toBeNull();

    const move = await graph().query(
      `mutation ($id: ID!) { updateOrganization(id: $id, expectedVersion: 1, input: { regulatorId: "${demo.regulator('sec')}" }) { regulator { nameEn } } }`,
      { token: graph().tokens.thaicert, variables: { id } },
    );
    expect(move.data?.updateOrganization.regulator.nameEn).toBe('Securities and Exchange Commission');
    expect(await emailAs(graph().tokens.regulator)).toBeNull();
    expect(await emailAs(sec)).toBe('soc@moving.example');
  });
});

describe('Query.me', () => {
  it.each([
    [Role.ORGANIZATION, () => graph().tokens.organization, { organization: { nameEn: 'Krung Siam Bank PCL' }, regulator: null }],
    [Role.REGULATOR, () => graph().tokens.regulator, { organization: null, regulator: { nameEn: 'Bank of Thailand' } }],
    [Role.THAICERT, () => graph().tokens.thaicert, { organization: null, regulator: null }],
  ])('tells a %s caller who it acts for', async (role, token, expected) => {
    const res = await graph().query('{ me { role organization { nameEn } regulator { nameEn } } }', { token: token() });
    expect(res.data?.me).toEqual({ role, ...expected });
  });
});
