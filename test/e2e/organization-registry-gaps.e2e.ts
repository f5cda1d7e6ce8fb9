import { randomUUID } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { demo, useGraph } from '../graph.js';
import { errorCodes } from '../graphql-client.js';

const graph = useGraph({ subgraphs: ['organizations'] });

const REGISTER = `mutation ($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { id version } }`;
const UPDATE = `mutation ($id: ID!, $v: Int!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, expectedVersion: $v, input: $input) { id nameTh nameEn } }`;

/** A name no other test uses, in Thai and English. */
const names = () => {
  const tag = randomUUID().slice(0, 8);
  return { nameTh: `ธนาคารชื่อซ้ำ ${tag}`, nameEn: `Duplicate Name Bank ${tag}` };
};
const bank = (overrides: Record<string, unknown>) => ({
  kind: 'CII_ORGANIZATION',
  sectorId: 'BANKING_FINANCE',
  regulatorId: demo.regulatorId,
  ...overrides,
});

const register = (input: Record<string, unknown>) => graph().query(REGISTER, { token: graph().tokens.ncsa, variables: { input } });

async function registered(input: Record<string, unknown>): Promise<{ id: string; version: number }> {
  const res = await register(input);
  expect(res.errors).toBeUndefined();
  return res.data!.registerOrganization;
}

function expectDuplicateOf(res: Awaited<ReturnType<typeof register>>, field: string, existingId: string) {
  expect(errorCodes(res)).toEqual(['CONFLICT']);
  expect(res.errors![0]!.message).toContain(existingId);
  expect(res.errors![0]!.extensions).toMatchObject({
    field,
    existingOrganizationId: existingId,
    invalidFields: [{ field, codes: ['DUPLICATE_NAME'] }],
  });
}

describe('an organization’s name in its sector', () => {
  it('is refused as CONFLICT when another organization of the sector has it, in Thai or English, whatever the case or spacing', async () => {
    const name = names();
    const existing = await registered(bank(name));
    const spacedTh = `  ${name.nameTh.replace(' ', '   ')} `;
    expectDuplicateOf(await register(bank({ ...names(), nameTh: spacedTh })), 'nameTh', existing.id);
    expectDuplicateOf(await register(bank({ ...names(), nameEn: name.nameEn.toUpperCase().replace(' ', '\t') })), 'nameEn', existing.id);
  });

  it('is accepted again when allowDuplicateName says it is intended, and in another sector', async () => {
    const name = names();
    await registered(bank(name));
    await registered(bank({ ...name, allowDuplicateName: true }));
    await registered(bank({ ...name, sectorId: 'IT_TELECOM', regulatorId: demo.regulator('nbtc') }));
    // Agencies outside every sector share no sector, so their names are not compared.
    const agency = names();
    await registered({ ...agency, kind: 'GOVERNMENT_AGENCY' });
    await registered({ ...agency, kind: 'GOVERNMENT_AGENCY' });
  });

  it('is checked on rename too, the organization not colliding with itself', async () => {
    const taken = names();
    const existing = await registered(bank(taken));
    const other = await registered(bank(names()));
    const rename = (input: Record<string, unknown>, v: number) =>
      graph().query(UPDATE, { token: graph().tokens.thaicert, variables: { id: other.id, v, input } });
    expectDuplicateOf(await rename({ nameEn: ` ${taken.nameEn.toLowerCase()}` }, other.version), 'nameEn', existing.id);
    const renamed = await rename({ nameEn: taken.nameEn, allowDuplicateName: true }, other.version);
    expect(renamed.errors).toBeUndefined();
    // Its own name, unchanged or respelled, is no duplicate.
    const again = await rename(
      {
        nameTh: (
          await graph().query(`query ($id: ID!) { organization(id: $id) { nameTh } }`, {
            token: graph().tokens.ncsa,
            variables: { id: other.id },
          })
        ).data!.organization.nameTh,
      },
      other.version + 1,
    );
    expect(again.errors).toBeUndefined();
  });

  it('lets only one of two registrations of the same new name racing each other through', async () => {
    const name = names();
    const results = await Promise.all(Array.from({ length: 4 }, () => register(bank(name))));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    const winner = results.find((r) => !r.errors)!.data!.registerOrganization.id as string;
    for (const refused of results.filter((r) => r.errors)) expectDuplicateOf(refused, 'nameTh', winner);
  });
});

describe('Address', () => {
  it('carries its organization’s id, so a client cache merges it', async () => {
    const address = { line: '1 ถนนพระราม 9', subdistrict: 'ห้วยขวาง', district: 'ห้วยขวาง', province: 'กรุงเทพมหานคร', postalCode: '10310' };
    const { id } = await registered(bank({ ...names(), address }));
    const res = await graph().query(`query ($id: ID!) { organization(id: $id) { id address { __typename id postalCode } } }`, {
      token: graph().tokens.regulator,
      variables: { id },
    });
    expect(res.data?.organization.address).toEqual({ __typename: 'Address', id, postalCode: '10310' });
  });
});

describe('Organization.primaryContact', () => {
  const ADD = `mutation ($org: ID!, $input: PointOfContactInput!) { addPointOfContact(organizationId: $org, input: $input) { id version } }`;
  const primaryOf = async (id: string) =>
    (
      await graph().query(`query ($id: ID!) { organization(id: $id) { primaryContact { id email } } }`, {
        token: graph().tokens.ncsa,
        variables: { id },
      })
    ).data?.organization.primaryContact;
  const add = async (org: string, email: string, isPrimary: boolean) => {
    const res = await graph().query(ADD, {
      token: graph().tokens.ncsa,
      variables: { org, input: { fullName: 'ผู้ติดต่อ ทดสอบ', email, mobilePhone: '0812345678', isPrimary } },
    });
    expect(res.errors).toBeUndefined();
    return res.data!.addPointOfContact as { id: string; version: number };
  };

  it('is the contact flagged primary, follows the flag, and is null without one', async () => {
    const { id } = await registered(bank(names()));
    expect(await primaryOf(id)).toBeNull();
    await add(id, 'cio@primary.example', false);
    expect(await primaryOf(id)).toBeNull();
    const soc = await add(id, 'soc@primary.example', true);
    expect(await primaryOf(id)).toEqual({ id: soc.id, email: 'soc@primary.example' });
    const duty = await add(id, 'duty@primary.example', true);
    expect(await primaryOf(id)).toEqual({ id: duty.id, email: 'duty@primary.example' });
    const removed = await graph().query(`mutation ($id: ID!) { removePointOfContact(id: $id, expectedVersion: 1) { id } }`, {
      token: graph().tokens.ncsa,
      variables: { id: duty.id },
    });
    expect(removed.errors).toBeUndefined();
    expect(await primaryOf(id)).toBeNull();
  });
});
