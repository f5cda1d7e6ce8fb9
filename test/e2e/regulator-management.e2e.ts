import { randomUUID } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { draft, published } from '../advisories.js';
import { demo, regulatorCaller, useGraph } from '../graph.js';
import { errorCodes, type GraphQLResponse } from '../graphql-client.js';
import { newOrganization, notified } from '../incidents.js';

/** NCSA manages regulators and the sectors they supervise (SPEC §3); the statistics subgraph keeps the audit trail. */
const graph = useGraph({ subgraphs: ['organizations', 'incidents', 'advisories', 'statistics'] });

const UPDATE = `mutation ($id: ID!, $v: Int!, $input: UpdateRegulatorInput!) {
  updateRegulator(id: $id, expectedVersion: $v, input: $input) { id nameTh nameEn version sectors { id } }
}`;
const ADD_SECTOR = `mutation ($input: AddSectorInput!) { addSector(input: $input) { id nameTh nameEn version } }`;

const unique = () => randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase();

async function newRegulator(sectorIds = ['OTHER']): Promise<{ id: string; version: number }> {
  const res = await graph().query(`mutation ($input: RegisterRegulatorInput!) { registerRegulator(input: $input) { id version } }`, {
    token: graph().tokens.ncsa,
    variables: { input: { nameTh: 'หน่วยงานกำกับทดสอบ', nameEn: `Managed Regulator ${unique()}`, sectorIds, notificationDeadlineHours: 24 } },
  });
  expect(res.errors).toBeUndefined();
  return res.data!.registerRegulator;
}

async function regulatorOf(id: string) {
  const res = await graph().query(`query ($id: ID!) { regulator(id: $id) { nameTh nameEn version sectors { id } } }`, {
    token: graph().tokens.ncsa,
    variables: { id },
  });
  return res.data!.regulator as { nameTh: string; nameEn: string; version: number; sectors: { id: string }[] };
}

function update(id: string, v: number, input: Record<string, unknown>) {
  return graph().query(UPDATE, { token: graph().tokens.ncsa, variables: { id, v, input } });
}

async function newSector(regulatorId: string): Promise<string> {
  const code = `PRESCRIBED_${unique()}`;
  const res = await graph().query(ADD_SECTOR, {
    token: graph().tokens.ncsa,
    variables: { input: { code, nameTh: 'กิจการอวกาศ', nameEn: 'Space services', regulatorId } },
  });
  expect(res.errors).toBeUndefined();
  return code;
}

/** The audit trail entries of the request that answered `res`, once they reached the statistics subgraph. */
const auditOf = (res: GraphQLResponse) =>
  expect.poll(
    async () =>
      (
        await graph().query(
          `query ($requestId: String) { auditTrail(first: 10, filter: { requestId: $requestId }) { edges { node { role action targetType targetId outcome } } } }`,
          { token: graph().tokens.ncsa, variables: { requestId: res.headers.get('x-request-id') } },
        )
      ).data?.auditTrail.edges.map((e: { node: unknown }) => e.node),
    { timeout: 10_000 },
  );

describe('updateRegulator', () => {
  it('renames a regulator, a new version, audited', async () => {
    const regulator = await newRegulator();
    const res = await update(regulator.id, regulator.version, { nameTh: 'หน่วยงานกำกับชื่อใหม่', nameEn: ' Renamed Regulator ' });
    expect(res.errors).toBeUndefined();
    expect(res.data?.updateRegulator).toMatchObject({
      nameTh: 'หน่วยงานกำกับชื่อใหม่',
      nameEn: 'Renamed Regulator',
      version: regulator.version + 1,
    });
    await auditOf(res).toEqual([
      { role: 'NCSA', action: 'updateRegulator', targetType: 'Regulator', targetId: regulator.id, outcome: 'OK' },
    ]);
  });

  it('refuses a stale version with CONFLICT and the current one, changing nothing', async () => {
    const regulator = await newRegulator();
    expect((await update(regulator.id, regulator.version, { nameEn: `First ${unique()}` })).errors).toBeUndefined();
    const before = await regulatorOf(regulator.id);
    const stale = await update(regulator.id, regulator.version, { nameEn: 'Second', sectorIds: ['OTHER', 'PUBLIC_SERVICES'] });
    expect(errorCodes(stale)).toEqual(['CONFLICT']);
    expect(stale.errors?.[0]?.extensions?.currentVersion).toBe(before.version);
    expect(await regulatorOf(regulator.id)).toEqual(before);
  });

  it('refuses names that are blank, null or a Thai name without Thai, and unknown sectors or none given as null', async () => {
    const regulator = await newRegulator();
    const inputs = [{ nameEn: '  ' }, { nameTh: null }, { nameTh: 'No Thai here' }, { sectorIds: ['NO_SUCH_SECTOR'] }, { sectorIds: null }];
    for (const input of inputs) {
      expect(errorCodes(await update(regulator.id, regulator.version, input)), JSON.stringify(input)).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('moves a sector to another regulator: its organizations and their incidents follow at once', async () => {
    const from = await newRegulator();
    const sector = await newSector(from.id);
    const to = await newRegulator();
    const shared = await update(to.id, to.version, { sectorIds: ['OTHER', sector] });
    expect(shared.data?.updateRegulator.sectors.map((s: { id: string }) => s.id).sort()).toEqual(['OTHER', sector].sort());
    expect(shared.data?.updateRegulator.version).toBe(to.version + 1);

    const organization = await newOrganization(graph(), from.id, sector);
    const incident = await notified(graph(), organization);
    const [fromToken, toToken] = await Promise.all([graph().token(regulatorCaller(from.id)), graph().token(regulatorCaller(to.id))]);
    const sees = async (token: string) =>
      (await graph().query(`query ($id: ID!) { incident(id: $id) { id } }`, { token, variables: { id: incident.id } })).data?.incident
        ?.id ?? null;
    expect(await sees(fromToken)).toBe(incident.id);
    expect(await sees(toToken)).toBeNull();

    const fromVersion = (await regulatorOf(from.id)).version;
    const moved = await update(from.id, fromVersion, { sectorIds: ['OTHER'] });
    expect(moved.errors).toBeUndefined();
    expect(moved.data?.updateRegulator).toMatchObject({ version: fromVersion + 1, sectors: [{ id: 'OTHER' }] });

    // The registry answers from its own rows at once; the incidents subgraph follows the registry's events.
    const registered = await graph().query(`query ($id: ID!) { organization(id: $id) { regulator { id } version } }`, {
      token: graph().tokens.ncsa,
      variables: { id: organization.id },
    });
    expect(registered.data?.organization).toEqual({ regulator: { id: to.id }, version: 2 });
    await expect.poll(() => sees(toToken), { timeout: 10_000 }).toBe(incident.id);
    expect(await sees(fromToken)).toBeNull();
  });

  it('refuses to leave a sector without a regulator (CONFLICT), changing nothing', async () => {
    const regulator = await newRegulator();
    const sector = await newSector(regulator.id);
    const before = await regulatorOf(regulator.id);
    const res = await update(regulator.id, before.version, { sectorIds: ['OTHER'] });
    expect(errorCodes(res)).toEqual(['CONFLICT']);
    expect(res.errors?.[0]?.message).toMatch(new RegExp(`${sector} would be left without a regulator`));
    expect(await regulatorOf(regulator.id)).toEqual(before);
  });

  it('refuses to choose between two remaining regulators for the organizations of a sector given up (CONFLICT)', async () => {
    const from = await newRegulator();
    const sector = await newSector(from.id);
    for (const other of [await newRegulator(), await newRegulator()]) {
      expect((await update(other.id, other.version, { sectorIds: ['OTHER', sector] })).errors).toBeUndefined();
    }
    const organization = await newOrganization(graph(), from.id, sector);
    const before = await regulatorOf(from.id);
    const res = await update(from.id, before.version, { sectorIds: ['OTHER'] });
    expect(errorCodes(res)).toEqual(['CONFLICT']);
    expect(res.errors?.[0]?.message).toMatch(
      /is also supervised by .+ and .+: move .+ 1 organizations in it with updateOrganization first/,
    );
    expect(await regulatorOf(from.id)).toEqual(before);
    const registered = await graph().query(`query ($id: ID!) { organization(id: $id) { regulator { id } } }`, {
      token: graph().tokens.ncsa,
      variables: { id: organization.id },
    });
    expect(registered.data?.organization.regulator.id).toBe(from.id);
  });
});

describe('addSector', () => {
  it('adds a sector the Committee prescribes, with its Thai and English names, supervised by its regulator, audited', async () => {
    const regulator = await newRegulator();
    const code = `SPACE_${unique()}`;
    const res = await graph().query(ADD_SECTOR, {
      token: graph().tokens.ncsa,
      variables: { input: { code, nameTh: ' กิจการอวกาศ ', nameEn: 'Space services', regulatorId: regulator.id } },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?.addSector).toEqual({ id: code, nameTh: 'กิจการอวกาศ', nameEn: 'Space services', version: 1 });
    const sectors = await graph().query(`{ sectors { id nameTh nameEn } }`);
    expect(sectors.data?.sectors).toContainEqual({ id: code, nameTh: 'กิจการอวกาศ', nameEn: 'Space services' });
    expect(await regulatorOf(regulator.id)).toMatchObject({
      version: regulator.version + 1,
      sectors: expect.arrayContaining([{ id: code }]),
    });
    await auditOf(res).toEqual([{ role: 'NCSA', action: 'addSector', targetType: 'Sector', targetId: code, outcome: 'OK' }]);
    // An organization can be registered in it at once.
    await newOrganization(graph(), regulator.id, code);
  });

  it('can be the target of an advisory once an organization is registered in it, and its organizations read a TLP:AMBER one', async () => {
    const regulator = await newRegulator();
    const code = await newSector(regulator.id);
    expect(errorCodes(await draft(graph(), { tlp: 'AMBER', targetSectorIds: [code] }))).toEqual(['BAD_USER_INPUT']);
    const organization = await newOrganization(graph(), regulator.id, code);
    // The advisories subgraph learns of the sector with the organization, from the registry's events.
    await expect
      .poll(async () => errorCodes(await draft(graph(), { tlp: 'AMBER', targetSectorIds: [code] })), { timeout: 10_000 })
      .toEqual([]);
    const amber = await published(graph(), { tlp: 'AMBER', targetSectorIds: [code] });
    const read = await graph().query(`query ($id: ID!) { advisory(id: $id) { id } }`, {
      token: organization.token,
      variables: { id: amber.id },
    });
    expect(read.data?.advisory?.id).toBe(amber.id);
  });

  it('refuses a code in use with CONFLICT', async () => {
    const res = await graph().query(ADD_SECTOR, {
      token: graph().tokens.ncsa,
      variables: { input: { code: 'BANKING_FINANCE', nameTh: 'การเงิน', nameEn: 'Finance again', regulatorId: demo.regulatorId } },
    });
    expect(errorCodes(res)).toEqual(['CONFLICT']);
    expect(res.errors?.[0]?.message).toMatch(/BANKING_FINANCE exists already/);
  });

  it.each([
    ['a code in lower case', { code: 'space_services' }],
    ['a code with a space', { code: 'SPACE SERVICES' }],
    ['a code longer than 40 characters', { code: `S${'X'.repeat(40)}` }],
    ['a Thai name without Thai', { nameTh: 'Space' }],
    ['a blank English name', { nameEn: ' ' }],
    ['an unknown regulator', { regulatorId: randomUUID() }],
    ['a regulator id that is not one', { regulatorId: 'bot' }],
  ])('refuses %s with BAD_USER_INPUT', async (_case, change) => {
    const res = await graph().query(ADD_SECTOR, {
      token: graph().tokens.ncsa,
      variables: {
        input: { code: `SPACE_${unique()}`, nameTh: 'กิจการอวกาศ', nameEn: 'Space services', regulatorId: demo.regulatorId, ...change },
      },
    });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
  });
});
