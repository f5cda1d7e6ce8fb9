import { describe, expect, it } from 'vitest';

import { demo, organizationCaller, regulatorCaller, useGraph } from '../graph.js';
import { errorCodes } from '../graphql-client.js';

const graph = useGraph({ subgraphs: ['organizations'] });

type Who = 'public' | 'own organization' | 'other organization' | 'own regulator' | 'other regulator' | 'THAICERT' | 'NCSA';
const WHO: Who[] = ['public', 'own organization', 'other organization', 'own regulator', 'other regulator', 'THAICERT', 'NCSA'];

/** Tokens by relation to Krung Siam Bank and its regulator, the Bank of Thailand. */
async function tokenFor(who: Who): Promise<string | undefined> {
  const g = graph();
  switch (who) {
    case 'public':
      return undefined;
    case 'own organization':
      return g.tokens.organization;
    case 'other organization':
      return g.token(organizationCaller(demo.organization('chaophraya-bank')));
    case 'own regulator':
      return g.tokens.regulator;
    case 'other regulator':
      return g.token(regulatorCaller(demo.regulator('sec')));
    case 'THAICERT':
      return g.tokens.thaicert;
    case 'NCSA':
      return g.tokens.ncsa;
  }
}

let serial = 0;
const unique = () => `${Date.now().toString(36)}${(serial++).toString(36)}`;

async function newContact(): Promise<{ id: string; version: number }> {
  const res = await graph().query(
    `mutation ($org: ID!, $email: String!) { addPointOfContact(organizationId: $org, input: { fullName: "ผู้ทดสอบ สิทธิ์", email: $email, officePhone: "02 123 4567" }) { id version } }`,
    { token: graph().tokens.ncsa, variables: { org: demo.organizationId, email: `perm-${unique()}@krungsiam-bank.example` } },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.addPointOfContact;
}

async function currentVersion(query: string, variables: Record<string, unknown>, pick: (data: any) => number): Promise<number> {
  const res = await graph().query(query, { token: graph().tokens.ncsa, variables });
  return pick(res.data);
}

const demoRegulatorVersion = () =>
  currentVersion(`query ($id: ID!) { regulator(id: $id) { version } }`, { id: demo.regulatorId }, (d) => d.regulator.version);

/** A deadline mutation on the demo regulator at its current version ($id, $v), run as a caller. */
const setDemoRegulatorDeadline = (mutation: string) => async (token: string | undefined) =>
  errorCodes(
    await graph().query(`mutation ($id: ID!, $v: Int!) { ${mutation} }`, {
      token,
      variables: { id: demo.regulatorId, v: await demoRegulatorVersion() },
    }),
  );

/** Each mutation, run as a caller: resolves to the error codes (none = allowed). */
const MUTATIONS: Record<string, { allowed: Who[]; run: (token: string | undefined) => Promise<(string | undefined)[]> }> = {
  registerOrganization: {
    allowed: ['THAICERT', 'NCSA'],
    run: async (token) =>
      errorCodes(
        await graph().query(
          `mutation ($name: String!) { registerOrganization(input: { nameTh: "กรมทดสอบสิทธิ์", nameEn: $name, kind: GOVERNMENT_AGENCY }) { id } }`,
          { token, variables: { name: `Permission Test ${unique()}` } },
        ),
      ),
  },
  updateOrganization: {
    allowed: ['THAICERT', 'NCSA'],
    run: async (token) => {
      const version = await currentVersion(
        `query ($id: ID!) { organization(id: $id) { version } }`,
        { id: demo.organization('dept-statistics') },
        (d) => d.organization.version,
      );
      return errorCodes(
        await graph().query(
          `mutation ($id: ID!, $v: Int!) { updateOrganization(id: $id, expectedVersion: $v, input: { missionDescription: "ปรับปรุง" }) { id } }`,
          {
            token,
            variables: { id: demo.organization('dept-statistics'), v: version },
          },
        ),
      );
    },
  },
  addPointOfContact: {
    allowed: ['own organization', 'THAICERT', 'NCSA'],
    run: async (token) =>
      errorCodes(
        await graph().query(
          `mutation ($org: ID!, $email: String!) { addPointOfContact(organizationId: $org, input: { fullName: "ผู้ติดต่อ ใหม่", email: $email, mobilePhone: "0891234567" }) { id } }`,
          { token, variables: { org: demo.organizationId, email: `new-${unique()}@krungsiam-bank.example` } },
        ),
      ),
  },
  updatePointOfContact: {
    allowed: ['own organization', 'THAICERT', 'NCSA'],
    run: async (token) => {
      const contact = await newContact();
      return errorCodes(
        await graph().query(
          `mutation ($id: ID!, $v: Int!) { updatePointOfContact(id: $id, expectedVersion: $v, input: { position: "ผู้จัดการ" }) { id } }`,
          {
            token,
            variables: { id: contact.id, v: contact.version },
          },
        ),
      );
    },
  },
  removePointOfContact: {
    allowed: ['own organization', 'THAICERT', 'NCSA'],
    run: async (token) => {
      const contact = await newContact();
      return errorCodes(
        await graph().query(`mutation ($id: ID!, $v: Int!) { removePointOfContact(id: $id, expectedVersion: $v) { id } }`, {
          token,
          variables: { id: contact.id, v: contact.version },
        }),
      );
    },
  },
  registerRegulator: {
    allowed: ['NCSA'],
    run: async (token) =>
      errorCodes(
        await graph().query(
          `mutation ($name: String!) { registerRegulator(input: { nameTh: "หน่วยงานกำกับทดสอบ", nameEn: $name, sectorIds: ["OTHER"], notificationDeadlineHours: 24 }) { id } }`,
          { token, variables: { name: `Regulator ${unique()}` } },
        ),
      ),
  },
  setReportDeadline: {
    allowed: ['own regulator', 'NCSA'],
    run: setDemoRegulatorDeadline('setReportDeadline(regulatorId: $id, hours: 48, expectedVersion: $v) { reportDeadlineHours }'),
  },
  updateRegulator: {
    allowed: ['NCSA'],
    run: async (token) => {
      const registered = await graph().query(
        `mutation ($name: String!) { registerRegulator(input: { nameTh: "หน่วยงานกำกับทดสอบ", nameEn: $name, sectorIds: ["OTHER"], notificationDeadlineHours: 24 }) { id version } }`,
        { token: graph().tokens.ncsa, variables: { name: `Regulator ${unique()}` } },
      );
      const { id, version } = registered.data!.registerRegulator;
      return errorCodes(
        await graph().query(
          `mutation ($id: ID!, $v: Int!, $name: String!) { updateRegulator(id: $id, expectedVersion: $v, input: { nameEn: $name, sectorIds: ["OTHER", "PUBLIC_SERVICES"] }) { id } }`,
          { token, variables: { id, v: version, name: `Renamed ${unique()}` } },
        ),
      );
    },
  },
  addSector: {
    allowed: ['NCSA'],
    run: async (token) =>
      errorCodes(
        await graph().query(
          `mutation ($code: String!, $regulatorId: ID!) { addSector(input: { code: $code, nameTh: "กิจการทดสอบสิทธิ์", nameEn: "Permission test sector", regulatorId: $regulatorId }) { id } }`,
          { token, variables: { code: `PERMISSION_${unique().toUpperCase()}`, regulatorId: demo.regulator('dga') } },
        ),
      ),
  },
  setNotificationDeadline: {
    allowed: ['own regulator', 'NCSA'],
    run: setDemoRegulatorDeadline('setNotificationDeadline(regulatorId: $id, hours: 3, expectedVersion: $v) { notificationDeadlineHours }'),
  },
};

const cases = Object.entries(MUTATIONS).flatMap(([name, { allowed }]) => WHO.map((who) => [name, who, allowed.includes(who)] as const));

describe('who may change the registry (SPEC §3 writes)', () => {
  it.each(cases)('%s as %s → allowed: %s', async (name, who, allowed) => {
    const codes = await MUTATIONS[name]!.run(await tokenFor(who));
    expect(codes).toEqual(allowed ? [] : ['FORBIDDEN']);
  });

  it('a refused mutation changes nothing', async () => {
    const before = await graph().query(`{ regulator(id: "${demo.regulatorId}") { notificationDeadlineHours version } }`, {
      token: graph().tokens.ncsa,
    });
    await MUTATIONS.setNotificationDeadline!.run(await tokenFor('other regulator'));
    const after = await graph().query(`{ regulator(id: "${demo.regulatorId}") { notificationDeadlineHours version } }`, {
      token: graph().tokens.ncsa,
    });
    expect(after.data).toEqual(before.data);
  });

  it('a regulator sets its own notification deadline, visible to the organizations it supervises', async () => {
    const version = await demoRegulatorVersion();
    const res = await graph().query(
      `mutation ($id: ID!, $v: Int!) { setNotificationDeadline(regulatorId: $id, hours: 6, expectedVersion: $v) { notificationDeadlineHours version } }`,
      { token: graph().tokens.regulator, variables: { id: demo.regulatorId, v: version } },
    );
    expect(res.data?.setNotificationDeadline).toEqual({ notificationDeadlineHours: 6, version: version + 1 });
    const seen = await graph().query('{ me { organization { regulator { notificationDeadlineHours } } } }', {
      token: graph().tokens.organization,
    });
    expect(seen.data?.me.organization.regulator.notificationDeadlineHours).toBe(6);
  });

  it('a removed contact leaves the directory', async () => {
    const contact = await newContact();
    const removed = await graph().query(
      `mutation ($id: ID!) { removePointOfContact(id: $id, expectedVersion: ${contact.version}) { id } }`,
      {
        token: graph().tokens.organization,
        variables: { id: contact.id },
      },
    );
    expect(removed.errors).toBeUndefined();
    const listed = await graph().query(`{ organization(id: "${demo.organizationId}") { pointsOfContact { id } } }`, {
      token: graph().tokens.organization,
    });
    expect(listed.data?.organization.pointsOfContact.map((c: { id: string }) => c.id)).not.toContain(contact.id);
  });
});
