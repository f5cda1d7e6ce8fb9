import { describe, expect, it } from 'vitest';

import { demo, useGraph } from '../graph.js';
import { makeOpenPgpKey } from '../openpgp-keys.js';

const graph = useGraph({ subgraphs: ['organizations'] });

const ADD_CONTACT = `mutation ($org: ID!, $input: PointOfContactInput!) { addPointOfContact(organizationId: $org, input: $input) { id email officePhone mobilePhone pgpFingerprint isPrimary } }`;
const REGISTER = `mutation ($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { id nameTh sector { id } regulator { id } } }`;
const validContact = {
  fullName: 'สมหญิง ทดสอบ',
  email: 'duty@krungsiam-bank.example',
  officePhone: '02 123 4567',
  mobilePhone: '081 234 5678',
};
const validOrganization = {
  nameTh: 'ธนาคารทดสอบ จำกัด',
  nameEn: 'Test Bank Ltd',
  kind: 'CII_ORGANIZATION',
  sectorId: 'BANKING_FINANCE',
  regulatorId: demo.regulatorId,
};

async function addContact(input: Record<string, unknown>) {
  return graph().query(ADD_CONTACT, { token: graph().tokens.ncsa, variables: { org: demo.organizationId, input } });
}

function expectRefused(res: Awaited<ReturnType<typeof addContact>>, code: string, mention: RegExp) {
  expect(res.errors?.map((e) => e.extensions?.code)).toEqual([code]);
  expect(res.errors?.[0]?.message).toMatch(mention);
  expect(JSON.stringify(res.errors)).not.toMatch(/\bat .+\.(js|ts):\d+/); // no stack trace
}

describe('points of contact: validated on input', () => {
  it.each([
    ['an e-mail address that is not one', { email: 'soc-at-bank' }, /email/],
    ['a blank full name', { fullName: '   ' }, /fullName/],
    ['a full name longer than 200 characters', { fullName: 'ก'.repeat(201) }, /fullName/],
    ['an office number that is not Thai', { officePhone: '+1 212 555 0100' }, /officePhone/],
    ['a mobile number that is a landline', { mobilePhone: '02 123 4567' }, /mobilePhone/],
    ['a mobile number with too few digits', { mobilePhone: '081 234' }, /mobilePhone/],
    ['no telephone at all', { officePhone: null, mobilePhone: null }, /telephone/],
    ['text that is not an OpenPGP key', { pgpPublicKey: 'ssh-ed25519 AAAAC3Nza' }, /OpenPGP/],
  ])('refuses %s with BAD_USER_INPUT', async (_case, change, mention) => {
    expectRefused(await addContact({ ...validContact, ...change }), 'BAD_USER_INPUT', mention);
  });

  it('refuses a private key, which must never be sent', async () => {
    const { privateKey } = await makeOpenPgpKey();
    expectRefused(await addContact({ ...validContact, pgpPublicKey: privateKey }), 'BAD_USER_INPUT', /PRIVATE/);
  });

  it('stores numbers in E.164 and the key’s fingerprint', async () => {
    const { publicKey } = await makeOpenPgpKey();
    const res = await addContact({ ...validContact, email: 'e164@krungsiam-bank.example', pgpPublicKey: publicKey });
    expect(res.errors).toBeUndefined();
    expect(res.data?.addPointOfContact).toMatchObject({ officePhone: '+6621234567', mobilePhone: '+66812345678' });
    expect(res.data?.addPointOfContact.pgpFingerprint).toMatch(/^[0-9A-F]{40,64}$/);
  });

  it('refuses a second contact with the same e-mail in one organization (CONFLICT)', async () => {
    const first = await addContact({ ...validContact, email: 'twice@krungsiam-bank.example' });
    expect(first.errors).toBeUndefined();
    expectRefused(await addContact({ ...validContact, email: 'TWICE@krungsiam-bank.example' }), 'CONFLICT', /already exists/);
  });

  it('keeps one primary contact: a new primary demotes the old one', async () => {
    const res = await addContact({ ...validContact, email: 'new-primary@krungsiam-bank.example', isPrimary: true });
    expect(res.data?.addPointOfContact.isPrimary).toBe(true);
    const listed = await graph().query(`{ organization(id: "${demo.organizationId}") { pointsOfContact { email isPrimary } } }`, {
      token: graph().tokens.ncsa,
    });
    const primaries = listed.data?.organization.pointsOfContact.filter((c: { isPrimary: boolean }) => c.isPrimary);
    expect(primaries).toEqual([{ email: 'new-primary@krungsiam-bank.example', isPrimary: true }]);
  });

  it('writes nothing when a mutation fails part-way (one transaction per mutation)', async () => {
    // Making a new primary first demotes the old primary; the duplicate e-mail then fails the insert.
    const before = await graph().query(
      `{ organization(id: "${demo.organizationId}") { pointsOfContact { id email isPrimary version } } }`,
      { token: graph().tokens.ncsa },
    );
    const duplicate = before.data?.organization.pointsOfContact[0].email;
    const res = await addContact({ ...validContact, email: duplicate, isPrimary: true });
    expect(res.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const after = await graph().query(`{ organization(id: "${demo.organizationId}") { pointsOfContact { id email isPrimary version } } }`, {
      token: graph().tokens.ncsa,
    });
    expect(after.data).toEqual(before.data);
  });

  it('refuses a contact for an organization that does not exist (NOT_FOUND)', async () => {
    const res = await graph().query(ADD_CONTACT, {
      token: graph().tokens.ncsa,
      variables: { org: '00000000-0000-4000-8000-000000000000', input: validContact },
    });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
  });
});

describe('organizations: validated on input', () => {
  const register = (change: Record<string, unknown>) =>
    graph().query(REGISTER, { token: graph().tokens.ncsa, variables: { input: { ...validOrganization, ...change } } });

  it.each([
    ['a Thai name with no Thai in it', { nameTh: 'Test Bank' }, /nameTh/],
    ['an empty English name', { nameEn: '' }, /nameEn/],
    ['a name over 300 characters', { nameEn: 'x'.repeat(301) }, /nameEn/],
    ['a CII organization without a regulator', { regulatorId: null }, /regulatorId/],
    ['an unknown sector', { sectorId: 'SPACE' }, /sector/],
    ['a regulator that does not supervise the sector', { sectorId: 'PUBLIC_HEALTH' }, /does not supervise/],
    ['a regulator id that is not a UUID', { regulatorId: 'bank-of-thailand' }, /regulatorId/],
    [
      'a postal code that is not five digits',
      { address: { line: '1 ถนนพระราม 9', subdistrict: 'ห้วยขวาง', district: 'ห้วยขวาง', province: 'กรุงเทพมหานคร', postalCode: '1031' } },
      /postalCode/,
    ],
  ])('refuses %s with BAD_USER_INPUT', async (_case, change, mention) => {
    const res = await register(change);
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.message).toMatch(mention);
  });

  it('registers a valid CII organization under its regulator', async () => {
    const res = await register({});
    expect(res.errors).toBeUndefined();
    expect(res.data?.registerOrganization).toMatchObject({
      nameTh: 'ธนาคารทดสอบ จำกัด',
      sector: { id: 'BANKING_FINANCE' },
      regulator: { id: demo.regulatorId },
    });
  });

  it('answers an unknown organization id with NOT_FOUND and a malformed one with BAD_USER_INPUT', async () => {
    const unknown = await graph().query('{ organization(id: "00000000-0000-4000-8000-000000000000") { id } }', {
      token: graph().tokens.ncsa,
    });
    expect(unknown.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    const malformed = await graph().query('{ organization(id: "42") { id } }', { token: graph().tokens.ncsa });
    expect(malformed.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses a query the schema does not allow, without a stack trace', async () => {
    const res = await graph().query('{ organizations { edges { node { secretField } } } }', { token: graph().tokens.ncsa });
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(res.errors)).not.toMatch(/stacktrace/);
  });
});

describe('concurrent updates', () => {
  it('refuses an update made against an old version with CONFLICT and the current version', async () => {
    const id = demo.organization('lanna-savings');
    const update = (version: number, mission: string) =>
      graph().query(
        `mutation ($id: ID!, $v: Int!, $m: String) { updateOrganization(id: $id, expectedVersion: $v, input: { missionDescription: $m }) { version missionDescription } }`,
        {
          token: graph().tokens.thaicert,
          variables: { id, v: version, m: mission },
        },
      );
    const first = await update(1, 'first writer');
    expect(first.data?.updateOrganization).toEqual({ version: 2, missionDescription: 'first writer' });
    const stale = await update(1, 'second writer, working from version 1');
    expect(stale.errors?.map((e) => e.extensions?.code)).toEqual(['CONFLICT']);
    expect(stale.errors?.[0]?.extensions?.currentVersion).toBe(2);
    const stored = await graph().query(`{ organization(id: "${id}") { missionDescription } }`, { token: graph().tokens.ncsa });
    expect(stored.data?.organization.missionDescription).toBe('first writer');
  });

  it('lets exactly one of many simultaneous writers of the same version win', async () => {
    const id = demo.contact('siam-ix', 'cio');
    const writers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        graph().query(
          `mutation ($id: ID!, $p: String) { updatePointOfContact(id: $id, expectedVersion: 1, input: { position: $p }) { version } }`,
          {
            token: graph().tokens.ncsa,
            variables: { id, p: `writer ${i}` },
          },
        ),
      ),
    );
    const won = writers.filter((w) => !w.errors);
    expect(won).toHaveLength(1);
    expect(writers.flatMap((w) => w.errors ?? []).map((e) => e.extensions?.code)).toEqual(Array(7).fill('CONFLICT'));
  });
});
