import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';

import { Supergraph } from '@apollo/federation-internals';
import { getNamedType, isObjectType, type GraphQLField, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';

import { isUuid, Role } from '../../platform/caller.js';
import { draft, publish, published } from '../advisories.js';
import { demo, useGraph, type TestGraph } from '../graph.js';
import { errorCodes } from '../graphql-client.js';
import { hoursAgo, minimalReport, newOrganization, notified, notify } from '../incidents.js';
import { added, newIncident } from '../indicators.js';

/**
 * Every Relay connection of the composed API, walked page by page to its end. The connections are
 * enumerated from the schema the gateway serves; the table below only says, per connection, how
 * to give it more than two pages of rows and who reads them, so a new connection fails this test
 * until it gets an entry, and is then walked like every other.
 */

const graph = useGraph();

/** What a filled connection needs to be walked. */
interface Filled {
  /** A token of a role that may read the connection. */
  reader: string;
  /** For a field of an entity (`Organization.incidents`): the entity it is read on. */
  parentId?: string;
  /** Further arguments of the connection field, inline (e.g. a filter narrowing it to the rows made here). */
  arguments?: string;
  /** How many rows the reader sees at least once it is filled. */
  atLeast: number;
}

interface ConnectionCase {
  /** Makes sure the reader sees more than two pages (with ties on the sort timestamp where the API lets a client choose it). */
  fill(g: TestGraph): Promise<Filled>;
  /** The node fields that tell its rows apart, where the node has no `id` (nor a field that has one). */
  identity?: string;
}

const ROWS = 7;

/** A fresh organization with `ROWS` incidents all detected at the same instant, so only the tiebreaker orders them. */
async function organizationWithIncidents(g: TestGraph) {
  const organization = await newOrganization(g);
  const detectedAt = hoursAgo(2);
  for (let i = 0; i < ROWS; i++) await notified(g, organization, minimalReport({ detectedAt }));
  return organization;
}

/** Polls the audit trail until the statistics subgraph has gathered at least `count` lines of `subject`. */
async function auditLinesOf(g: TestGraph, subject: string, count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await g.query(`query ($subject: String) { auditTrail(first: 1, filter: { subject: $subject }) { totalCount } }`, {
      token: g.tokens.ncsa,
      variables: { subject },
    });
    expect(res.errors).toBeUndefined();
    if (res.data!.auditTrail.totalCount >= count) return;
    if (Date.now() > deadline) throw new Error(`the audit trail has ${res.data!.auditTrail.totalCount} lines of ${subject}, not ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A RED advisory published to these organizations, once the advisories subgraph knows them (from the registry's events). */
async function addressedTo(g: TestGraph, organizations: { id: string }[]): Promise<string> {
  const recipients = { tlp: 'RED', recipientOrganizationIds: organizations.map((o) => o.id) };
  const deadline = Date.now() + 10_000;
  let drafted = await draft(g, recipients);
  while (drafted.errors && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    drafted = await draft(g, recipients);
  }
  expect(drafted.errors).toBeUndefined();
  const { id, version } = drafted.data!.draftAdvisory as { id: string; version: number };
  expect((await publish(g, id, version)).errors).toBeUndefined();
  return id;
}

const CONNECTIONS: Record<string, ConnectionCase> = {
  'Query.organizations': {
    // The demo registry has 24 organizations.
    fill: async (g) => ({ reader: g.tokens.regulator, atLeast: 24 }),
  },
  'Query.incidents': {
    fill: async (g) => ({ reader: (await organizationWithIncidents(g)).token, atLeast: ROWS }),
  },
  'Organization.incidents': {
    fill: async (g) => ({ reader: g.tokens.regulator, parentId: (await organizationWithIncidents(g)).id, atLeast: ROWS }),
  },
  'Incident.comments': {
    fill: async (g) => {
      const { id } = await notified(g, await newOrganization(g));
      for (let i = 0; i < ROWS; i++) {
        const res = await g.query(`mutation ($id: ID!) { addIncidentComment(incidentId: $id, text: "ความเห็น ${i}") { id } }`, {
          token: g.tokens.regulator,
          variables: { id },
        });
        expect(res.errors).toBeUndefined();
      }
      return { reader: g.tokens.regulator, parentId: id, atLeast: ROWS };
    },
  },
  'Query.incidentCases': {
    fill: async (g) => {
      const organization = await newOrganization(g);
      const assignee = `analyst-${randomUUID()}`;
      for (let i = 0; i < ROWS; i++) {
        const { id } = await notified(g, organization);
        const res = await g.query(
          `mutation ($id: ID!, $assignee: String!) { assignIncidentCase(incidentId: $id, assignee: $assignee, expectedVersion: 1) { id } }`,
          {
            token: g.tokens.thaicert,
            variables: { id, assignee },
          },
        );
        expect(res.errors).toBeUndefined();
      }
      return { reader: g.tokens.thaicert, arguments: `filter: { assignee: ${JSON.stringify(assignee)} }`, atLeast: ROWS };
    },
  },
  'Query.observedCases': {
    fill: async (g) => {
      const organization = await newOrganization(g);
      const observedAt = new Date(Date.now() - 60_000).toISOString(); // one time for all: ties on the sort timestamp
      for (let i = 0; i < ROWS; i++) {
        const res = await g.query(`mutation ($input: RecordObservedIncidentInput!) { recordObservedIncident(input: $input) { id } }`, {
          token: g.tokens.thaicert,
          variables: { input: { organizationId: organization.id, observedAt, whatWasSeen: `พบเหตุ ${i}` } },
        });
        expect(res.errors).toBeUndefined();
      }
      return { reader: organization.token, atLeast: ROWS };
    },
  },
  'IncidentCase.transitions': {
    fill: async (g) => {
      const { id } = await notified(g, await newOrganization(g));
      for (let version = 1; version <= ROWS; version++) {
        const res = await g.query(
          `mutation ($id: ID!, $assignee: String!, $version: Int!) { assignIncidentCase(incidentId: $id, assignee: $assignee, expectedVersion: $version) { id } }`,
          { token: g.tokens.ncsa, variables: { id, assignee: `analyst-${version}`, version } },
        );
        expect(res.errors).toBeUndefined();
      }
      return { reader: g.tokens.ncsa, parentId: id, atLeast: ROWS };
    },
  },
  'Query.advisories': {
    fill: async (g) => {
      for (let i = 0; i < ROWS; i++) expect((await draft(g)).errors).toBeUndefined();
      return { reader: g.tokens.thaicert, atLeast: ROWS };
    },
  },
  'Query.indicators': {
    fill: async (g) => {
      const incidentId = await newIncident(g);
      for (let i = 0; i < ROWS; i++) await added(g, { incidentId, value: `198.51.100.${i + 1}` });
      return { reader: g.tokens.organization, arguments: `filter: { incidentId: "${incidentId}" }`, atLeast: ROWS };
    },
  },
  'Organization.advisories': {
    fill: async (g) => {
      for (let i = 0; i < ROWS; i++) await published(g, { tlp: 'RED', recipientOrganizationIds: [demo.organizationId] });
      return { reader: g.tokens.organization, parentId: demo.organizationId, atLeast: ROWS };
    },
  },
  'Advisory.acknowledgments': {
    fill: async (g) => {
      const organizations = await Promise.all(Array.from({ length: ROWS }, () => newOrganization(g)));
      const advisoryId = await addressedTo(g, organizations);
      for (const { token } of organizations) {
        const res = await g.query(`mutation ($id: ID!) { acknowledgeAdvisory(advisoryId: $id) { acknowledgedAt } }`, {
          token,
          variables: { id: advisoryId },
        });
        expect(res.errors).toBeUndefined();
      }
      return { reader: g.tokens.thaicert, parentId: advisoryId, atLeast: ROWS };
    },
  },
  'Advisory.pendingAcknowledgments': {
    fill: async (g) => {
      const organizations = await Promise.all(Array.from({ length: ROWS }, () => newOrganization(g)));
      return { reader: g.tokens.thaicert, parentId: await addressedTo(g, organizations), atLeast: ROWS };
    },
  },
  'Query.refusedSubmissions': {
    fill: async (g) => {
      const organization = await newOrganization(g);
      for (let i = 0; i < ROWS; i++) {
        expect(errorCodes(await notify(g, organization, minimalReport({ categories: ['CAT9_EXPLAINED_ANOMALY'] })))).toEqual([
          'BAD_USER_INPUT',
        ]);
      }
      return { reader: organization.token, atLeast: ROWS };
    },
  },
  'Query.mailDeliveries': {
    fill: async (g) => {
      const organization = await newOrganization(g);
      const contact = await g.query(
        `mutation ($org: ID!, $input: PointOfContactInput!) { addPointOfContact(organizationId: $org, input: $input) { id } }`,
        {
          token: g.tokens.thaicert,
          variables: {
            org: organization.id,
            input: { fullName: 'ผู้รับใบรับ', email: `${randomUUID()}@mail.example`, mobilePhone: '081 234 5678' },
          },
        },
      );
      expect(contact.errors).toBeUndefined();
      for (let i = 0; i < ROWS; i++) await notified(g, organization);
      // The mail subgraph queues one receipt per notification as it follows the incidents feed (no relay here: none is sent).
      const filter = `filter: { organizationId: ${JSON.stringify(organization.id)} }`;
      for (let i = 0; i < 200; i++) {
        const res = await g.query(`{ mailDeliveries(${filter}) { totalCount } }`, { token: g.tokens.thaicert });
        if ((res.data?.mailDeliveries?.totalCount ?? 0) >= ROWS) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return { reader: g.tokens.thaicert, arguments: filter, atLeast: ROWS };
    },
  },
  'Query.auditTrail': {
    identity: 'service sequence',
    fill: async (g) => {
      // Three contacts, their details read twice: the three lines of one read share their time, and
      // pages of two split them.
      const { id } = await newOrganization(g);
      // A subject of its own, so the lines of other organizations never join this list.
      const subject = `paging-${randomUUID()}`;
      const token = await g.token({ role: Role.ORGANIZATION, subject, organizationId: id });
      for (let i = 0; i < 3; i++) {
        const added = await g.query(
          `mutation ($id: ID!, $email: String!) { addPointOfContact(organizationId: $id, input: { fullName: "ผู้ติดต่อ ทดสอบ", email: $email, mobilePhone: "0812345678" }) { id } }`,
          { token, variables: { id, email: `soc${i}@paging.example` } },
        );
        expect(added.errors).toBeUndefined();
      }
      for (let i = 0; i < 2; i++) {
        const read = await g.query(`query ($id: ID!) { organization(id: $id) { pointsOfContact { email } } }`, {
          token,
          variables: { id },
        });
        expect(read.errors).toBeUndefined();
      }
      await auditLinesOf(g, subject, 9);
      return { reader: g.tokens.ncsa, arguments: `filter: { subject: ${JSON.stringify(subject)} }`, atLeast: 9 };
    },
  },
};

/** The API schema the gateway serves, as a client sees it. */
async function apiSchema(g: TestGraph): Promise<GraphQLSchema> {
  return Supergraph.build(await readFile(g.gatewayConfig.supergraphPath, 'utf8'))
    .apiSchema()
    .toGraphQLJSSchema();
}

const isConnection = (type: GraphQLObjectType) =>
  Object.keys(type.getFields()).sort().join() === ['edges', 'pageInfo', 'totalCount'].join();

/** Every field, root or nested, that returns a Relay connection, keyed `Type.field`. */
function connectionFields(schema: GraphQLSchema): Map<string, { parent: GraphQLObjectType; field: GraphQLField<unknown, unknown> }> {
  const found = new Map<string, { parent: GraphQLObjectType; field: GraphQLField<unknown, unknown> }>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const returned = getNamedType(field.type);
      if (isObjectType(returned) && isConnection(returned)) found.set(`${type.name}.${field.name}`, { parent: type, field });
    }
  }
  return found;
}

/** The node fields that tell rows apart: its `id`, or the `id` of the fields that have one. */
function identityOf(node: GraphQLObjectType, declared: string | undefined): string {
  if (declared) return declared;
  const fields = node.getFields();
  if (fields.id) return 'id';
  const withId = Object.values(fields).filter((f) => {
    const type = getNamedType(f.type);
    return isObjectType(type) && 'id' in type.getFields();
  });
  if (withId.length === 0) throw new Error(`${node.name} has no id: give its connection an identity in CONNECTIONS`);
  return withId.map((f) => `${f.name} { id }`).join(' ');
}

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: unknown }[];
}

/** Reads one page of a connection, reached from the root (nested ones through the query that fetches their parent by id). */
class ConnectionReader {
  private readonly document: string;
  private readonly path: string[];

  constructor(
    schema: GraphQLSchema,
    key: string,
    private readonly filled: Filled,
    identity: string | undefined,
  ) {
    const [typeName, fieldName] = key.split('.') as [string, string];
    const { parent, field } = connectionFields(schema).get(key)!;
    const node = getNamedType((getNamedType(field.type) as GraphQLObjectType).getFields().edges!.type) as GraphQLObjectType;
    const nodeType = getNamedType(node.getFields().node!.type) as GraphQLObjectType;
    const args = ['first: $first', 'after: $after', ...(filled.arguments ? [filled.arguments] : [])].join(', ');
    const selection = `${fieldName}(${args}) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { ${identityOf(nodeType, identity)} } }
    }`;
    if (parent === schema.getQueryType()) {
      this.document = `query ($first: Int!, $after: String) { ${selection} }`;
      this.path = [fieldName];
    } else {
      const byId = Object.values(schema.getQueryType()!.getFields()).find(
        (f) => getNamedType(f.type) === parent && f.args.length === 1 && f.args[0]!.name === 'id',
      );
      if (!byId || !filled.parentId) throw new Error(`${key}: no query fetches a ${typeName} by id, or CONNECTIONS gives no parentId`);
      this.document = `query ($first: Int!, $after: String, $parentId: ID!) { ${byId.name}(id: $parentId) { ${selection} } }`;
      this.path = [byId.name, fieldName];
    }
  }

  async read(g: TestGraph, first: number, after: string | null) {
    const res = await g.query(this.document, { token: this.filled.reader, variables: { first, after, parentId: this.filled.parentId } });
    const page = this.path.reduce<any>((data, name) => data?.[name], res.data) as Page | null | undefined;
    return { res, page };
  }

  async page(g: TestGraph, first: number, after: string | null): Promise<Page> {
    const { res, page } = await this.read(g, first, after);
    expect(res.errors, `page after ${after}`).toBeUndefined();
    return page!;
  }
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decode = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T/;

/** Cursors no page returned: garbage, the wrong number of values, a value of the wrong type or form. */
function tamperedCursors(cursor: string): [string, string][] {
  const values = decode(cursor);
  const retyped = values.flatMap((value, i) => {
    const swap = (replacement: unknown) => values.map((v, j) => (j === i ? replacement : v));
    const garbled = typeof value === 'string' && ISO_TIME.test(value) ? 'yesterday' : isUuid(value) ? 'not-a-uuid' : undefined;
    return [
      [`value ${i} null`, encode(swap(null))],
      [`value ${i} an object`, encode(swap({ value }))],
      [`value ${i} of another type`, encode(swap(typeof value === 'number' ? 'seven' : 7))],
      ...(garbled ? [[`value ${i} garbled`, encode(swap(garbled))]] : []),
    ] as [string, string][];
  });
  return [
    ['not a cursor', 'not-a-cursor'],
    ['not a list', encode({ after: values })],
    ['a value fewer', encode(values.slice(0, -1))],
    ['a value more', encode([...values, values.at(-1)])],
    ...retyped,
  ];
}

describe('every Relay connection', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await apiSchema(graph());
  });

  it('is known to this test: how to reach it, fill it and who reads it', () => {
    const unknown = [...connectionFields(schema).keys()].filter((key) => !(key in CONNECTIONS));
    const gone = Object.keys(CONNECTIONS).filter((key) => !connectionFields(schema).has(key));
    expect(unknown, 'a new connection: add it to CONNECTIONS in test/e2e/connections.e2e.ts').toEqual([]);
    expect(gone, 'no longer in the schema: remove it from CONNECTIONS').toEqual([]);
  });

  describe.each(Object.entries(CONNECTIONS))('%s', (key, connection) => {
    let reader: ConnectionReader;
    beforeAll(async () => {
      const filled = await connection.fill(graph());
      reader = new ConnectionReader(schema, key, filled, connection.identity);
      expect((await reader.page(graph(), 100, null)).totalCount).toBeGreaterThanOrEqual(filled.atLeast);
    }, 60_000);

    it('walks to the last page: every row once, in the order of one large page', async () => {
      const whole = await reader.page(graph(), 100, null);
      expect(whole.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
      const total = whole.edges.length;
      expect(whole.totalCount).toBe(total);
      // Small enough for at least three pages, the last one usually partial.
      const size = Math.max(1, Math.floor((total - 1) / 3));
      const seen: unknown[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const page: Page = await reader.page(graph(), size, after);
        pages += 1;
        expect(page.totalCount).toBe(total);
        expect(page.edges.length).toBeGreaterThan(0);
        expect(page.edges.length).toBeLessThanOrEqual(size);
        expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
        expect(page.pageInfo.startCursor).toBe(page.edges[0]!.cursor);
        expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
        seen.push(...page.edges.map((e) => e.node));
        expect(page.pageInfo.hasNextPage).toBe(seen.length < total);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
        expect(pages).toBeLessThan(total);
      }
      expect(pages).toBeGreaterThanOrEqual(3);
      expect(new Set(seen.map((node) => JSON.stringify(node))).size).toBe(seen.length);
      expect(seen).toEqual(whole.edges.map((e) => e.node));
    });

    it('answers after the last row with an empty last page', async () => {
      const whole = await reader.page(graph(), 100, null);
      const beyond = await reader.page(graph(), 5, whole.pageInfo.endCursor);
      expect(beyond).toMatchObject({
        edges: [],
        pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null },
      });
    });

    it('refuses a page size of 0 or above 100 with BAD_USER_INPUT', async () => {
      for (const first of [0, 101]) {
        const { res, page } = await reader.read(graph(), first, null);
        expect(errorCodes(res), `first: ${first}`).toEqual(['BAD_USER_INPUT']);
        expect(page).toBeFalsy();
      }
    });

    it('refuses a cursor it never returned with BAD_USER_INPUT', async () => {
      const { pageInfo } = await reader.page(graph(), 2, null);
      for (const [tampering, cursor] of tamperedCursors(pageInfo.endCursor!)) {
        const { res, page } = await reader.read(graph(), 2, cursor);
        expect(errorCodes(res), tampering).toEqual(['BAD_USER_INPUT']);
        expect(page, tampering).toBeFalsy();
      }
    });
  });
});
