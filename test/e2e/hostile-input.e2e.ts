import { randomUUID } from 'node:crypto';

import fc from 'fast-check';
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  parse,
  print,
  typeFromAST,
  visit,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  type IntrospectionQuery,
  type ValueNode,
} from 'graphql';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';

import { advisoryInput, published } from '../advisories.js';
import { demo, useGraph } from '../graph.js';
import type { GraphQLResponse } from '../graphql-client.js';
import { newOrganization, notified, refusedSubmissions } from '../incidents.js';

/**
 * Property-based: every mutation of the graph, called by every role, with generated input that
 * is shaped like its type but hostile in content (huge, empty, control characters, injection
 * strings, extreme numbers, unknown or stale ids, dates out of range), sent in variables or
 * written into the document as literals. The graph must answer each with a clear, known error
 * code or success — never an internal error, a 5xx or a stack trace — and leave no half-written
 * record behind.
 */
const graph = useGraph();

const KNOWN_CODES = new Set([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
]);
const STACK_TRACE = /\bat \S+ \(|node_modules|\.ts:\d+|\.js:\d+/;

let schema: GraphQLSchema;
const ids: string[] = [];

beforeAll(async () => {
  const introspection = await graph().query<IntrospectionQuery>(getIntrospectionQuery());
  schema = buildClientSchema(introspection.data!);
  const organization = await newOrganization(graph());
  const incident = await notified(graph(), organization);
  reporter = organization;
  reportedIncident = (await notified(graph(), organization)).id; // the valid submissions' own, apart from the fuzzed one
  const advisory = await published(graph());
  ids.push(demo.organizationId, demo.regulatorId, organization.id, incident.id, advisory.id, demo.contact('krungsiam-bank', 'soc'));
}, 60_000);

const hostileText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u202e',
    "'; drop table incident; --",
    '<script>alert(1)</script>',
    '${jndi:ldap://x/a}',
    '../../etc/passwd',
    'ไทย🙂',
  ),
  fc.string({ minLength: 5_000, maxLength: 12_000 }),
);
const hostileDate = fc.oneof(
  fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('yesterday', '2026-02-30T00:00:00Z', '0000-01-01T00:00:00Z', ''),
);
const anyId = (pool: string[]) => fc.oneof(fc.constantFrom(...pool), fc.uuid(), fc.constantFrom('', 'not-an-id', '0'.repeat(36)));

function arbitraryFor(type: GraphQLInputType, depth: number): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return arbitraryFor(type.ofType as GraphQLInputType, depth);
  if (isListType(type)) return fc.array(arbitraryFor(type.ofType as GraphQLInputType, depth + 1), { maxLength: depth > 2 ? 1 : 4 });
  if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((v) => v.value as string));
  if (isInputObjectType(type)) {
    if (depth > 4) return fc.constant({});
    const fields = type.getFields();
    const shape = Object.fromEntries(Object.values(fields).map((field) => [field.name, arbitraryFor(field.type, depth + 1)]));
    const required = Object.values(fields)
      .filter((f) => isNonNullType(f.type))
      .map((f) => f.name);
    return fc.record(shape, { requiredKeys: required });
  }
  switch (getNamedType(type).name) {
    case 'ID':
      return anyId(ids);
    case 'Int':
      return fc.oneof(fc.integer({ min: -5, max: 200 }), fc.constantFrom(-2_147_483_648, 2_147_483_647, 0));
    case 'SafeInt':
      return fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constant(Number.MAX_SAFE_INTEGER));
    case 'Float':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'Boolean':
      return fc.boolean();
    case 'DateTime':
      return hostileDate;
    case 'JSON':
    case 'JSONObject':
      return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
    default:
      return hostileText;
  }
}

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** A JSON value as a GraphQL literal of `type` (enum names bare); whatever does not fit its type is written as it is, to be refused. */
function literalOf(value: unknown, type: GraphQLInputType | undefined): ValueNode {
  const nullable = type && getNullableType(type);
  if (value === null || value === undefined) return { kind: Kind.NULL };
  if (Array.isArray(value))
    return { kind: Kind.LIST, values: value.map((inner) => literalOf(inner, isListType(nullable) ? nullable.ofType : undefined)) };
  if (typeof value === 'object') {
    const fields = isInputObjectType(nullable) ? nullable.getFields() : {};
    return {
      kind: Kind.OBJECT,
      fields: Object.entries(value)
        .filter(([key, inner]) => GRAPHQL_NAME.test(key) && inner !== undefined)
        .map(([key, inner]) => ({
          kind: Kind.OBJECT_FIELD,
          name: { kind: Kind.NAME, value: key },
          value: literalOf(inner, fields[key]?.type),
        })),
    };
  }
  if (typeof value === 'boolean') return { kind: Kind.BOOLEAN, value };
  if (typeof value === 'number')
    return Number.isSafeInteger(value) ? { kind: Kind.INT, value: String(value) } : { kind: Kind.FLOAT, value: String(value) };
  if (isEnumType(nullable) && nullable.getValue(String(value))) return { kind: Kind.ENUM, value: String(value) };
  return { kind: Kind.STRING, value: String(value) };
}

/** The same request with its variables written into the document as literals, as a hand-written query has them (`"\u0000"` included). */
function inlined(query: string, variables: Record<string, unknown>): string {
  const document = parse(query);
  const types = new Map<string, GraphQLInputType | undefined>();
  visit(document, {
    VariableDefinition: (node) => {
      types.set(node.variable.name.value, typeFromAST(schema, node.type as never) as GraphQLInputType | undefined);
    },
  });
  return print(
    visit(document, {
      OperationDefinition: (node) => ({ ...node, variableDefinitions: [] }),
      Variable: (node) => literalOf(variables[node.name.value], types.get(node.name.value)),
    }),
  );
}

/**
 * Sends a request with its arguments in variables, or written into the document. A body over the
 * gateway's limit (1 MB) is refused before GraphQL reads it — 413, or the connection closed while
 * the client still writes (abuse-limits.e2e) — so a search skips it (`fc.pre`) to look inside the limit.
 */
const BODY_LIMIT_BYTES = 1024 * 1024;
function send(query: string, variables: Record<string, unknown>, token: string, inline: boolean) {
  const body = inline ? { query: inlined(query, variables) } : { query, variables };
  fc.pre(Buffer.byteLength(JSON.stringify(body)) < BODY_LIMIT_BYTES);
  return graph().query(body.query, { token, ...(!inline && { variables }) });
}
const how = (inline: boolean) => (inline ? 'written in the document' : 'sent in variables');

/** A call of a root field with every argument a variable of its own name. */
function callText(operation: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const variables = field.args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
  const args = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const selection = 'getFields' in getNamedType(field.type) ? '{ __typename }' : '';
  return `${operation}${variables ? ` (${variables})` : ''} { ${field.name}${args ? `(${args})` : ''} ${selection} }`;
}

/** The least value of a type: required input fields only, the first enum value, one list item. */
function sampleOf(type: GraphQLInputType): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return [sampleOf(nullable.ofType)];
  if (isEnumType(nullable)) return nullable.getValues()[0]!.value;
  if (isInputObjectType(nullable)) {
    return Object.fromEntries(
      Object.values(nullable.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, sampleOf(f.type)]),
    );
  }
  const samples: Record<string, unknown> = {
    ID: ids[0],
    Int: 1,
    SafeInt: 1,
    Float: 1,
    Boolean: true,
    DateTime: new Date().toISOString(),
    JSON: {},
    JSONObject: {},
  };
  return nullable.name in samples ? samples[nullable.name] : 'x';
}

/** Every path to a text argument of a field (String or ID, at the top or in an input object, not in a list). */
function textPaths(field: GraphQLField<unknown, unknown>): Path[] {
  const paths: Path[] = [];
  const visitType = (type: GraphQLInputType, path: Path, seen: Set<string>) => {
    const nullable = getNullableType(type);
    if (isInputObjectType(nullable) && !seen.has(nullable.name)) {
      for (const inner of Object.values(nullable.getFields()))
        visitType(inner.type, [...path, inner.name], new Set([...seen, nullable.name]));
    } else if ('name' in nullable && (nullable.name === 'String' || nullable.name === 'ID')) {
      paths.push(path);
    }
  };
  for (const arg of field.args) visitType(arg.type, [arg.name], new Set());
  return paths;
}

/**
 * A mutation call: its operation text, and variables shaped like its arguments. One value in
 * twenty is of the wrong type altogether (an object for a string, a number for a list…), which
 * the gateway must refuse by coercion before any subgraph sees it.
 */
function callOf(field: GraphQLField<unknown, unknown>) {
  const query = callText('mutation', field);
  const argument = (type: GraphQLInputType) =>
    fc.oneof({ weight: 19, arbitrary: arbitraryFor(type, 0) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });
  const values = fc.record(Object.fromEntries(field.args.map((arg) => [arg.name, argument(arg.type)])));
  return { query, values };
}

const ROLES = ['organization', 'regulator', 'thaicert', 'ncsa'] as const;
/** The organization is the reporter, whose incident is among the ids, so its own submissions get past the scope check. */
const tokenOf = (role: (typeof ROLES)[number]) => (role === 'organization' ? reporter.token : graph().tokens[role]);
/** `FUZZ_SCALE=20 npx vitest run test/e2e/hostile-input.e2e.ts` searches harder than CI does. */
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
/** Runs per mutation and role: enough to reach past the role check into each input's rules. */
const RUNS = 8 * SCALE;
const TEST_TIME_MS = 300_000 * SCALE;
/**
 * Each run is a request to the graph, and a counterexample may hold a 90,000-character string:
 * shrinking it took longer than the test and went on after it, slowing the files after it. The
 * first counterexample is reported as found, and a search running out of time fails as such.
 */
const oneRequestPerRun = (deadline: number) =>
  ({ endOnFailure: true, interruptAfterTimeLimit: Math.max(1, deadline - Date.now()), markInterruptAsFailure: true }) as const;
/** When a test's properties must have ended, leaving time to report. */
const deadlineOfTest = () => Date.now() + TEST_TIME_MS - 15_000;

/** A hostile value for one leaf of an otherwise valid input: any type, any size, any content. */
const hostileLeaf = fc.oneof(
  hostileText,
  fc.constantFrom('\u0000', 'a\u0000b', '\uD800', '\uFFFF', '\r\n\t', '%00', 'null', 'NaN', '-1', '1e309'),
  fc.string({ minLength: 70_000, maxLength: 90_000 }),
  fc.integer(),
  fc.constantFrom(-1, 0, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, -1e308, 0.1),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(hostileText, { maxLength: 300 }),
);

type Path = (string | number)[];

/** Put in every field of every valid submission, one field at a time. */
const SWEPT_VALUES: unknown[] = [null, {}, '\u0000'];

/** The path of every leaf (scalar or list element) of a JSON value, and of every list and object too. */
function leafPaths(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((inner, i) => leafPaths(inner, [...prefix, i]))];
  if (value !== null && typeof value === 'object') {
    return [...(prefix.length ? [prefix] : []), ...Object.entries(value).flatMap(([key, inner]) => leafPaths(inner, [...prefix, key]))];
  }
  return [prefix];
}

function withLeaf(value: Record<string, unknown>, path: Path, replacement: unknown): Record<string, unknown> {
  const copy = structuredClone(value);
  let at: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path.at(-1)!] = replacement;
  return copy;
}

interface ValidCall {
  query: string;
  token: () => string;
  /** Variables the mutation accepts as they are (fresh each call: ids, keys and revisions move on). */
  variables: () => Promise<Record<string, unknown>>;
}

const fullReport = () => ({
  severity: 'SERIOUS',
  categories: ['CAT4_MALICIOUS_LOGIC', 'CAT7_DENIAL_OF_SERVICE'],
  detectedAt: new Date(Date.now() - 3_600_000).toISOString(),
  occurredAt: new Date(Date.now() - 7_200_000).toISOString(),
  trackingUnit: 'ฝ่ายความมั่นคงปลอดภัยสารสนเทศ',
  contact: { fullName: 'สมหญิง ทดสอบ', email: 'soc@bank.example', officePhone: '02 123 4567', mobilePhone: '081 234 5678' },
  affectedSystem: { location: 'กรุงเทพมหานคร', affectedService: 'Internet banking', otherDetails: 'ransomware note on file servers' },
  affectedAssetTypes: ['SERVER_OR_DIRECTORY', 'WORKSTATION'],
  responseSituations: ['INVESTIGATING'],
  partTwo: {
    cveIds: ['CVE-2024-3400'],
    attackTimeline: 'phishing, then lateral movement',
    impact: { peopleAffected: 1200, estimatedDamageThb: 1500000.5 },
  },
});

let reporter: { id: string; token: string };
let reportedIncident: string;

const lastYear = Number(new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 4)) - 1; // Asia/Bangkok
let summaryYears = 0;

/**
 * The demo regulator's summary of a past year, submitted, and its version: each call takes the next
 * year from 2019, so the valid amendments spread over the years before any reaches its cap.
 */
async function submittedSummary(): Promise<{ year: number; version: number }> {
  const year = 2019 + (summaryYears++ % (lastYear - 2018));
  const token = graph().tokens.regulator;
  const read = () =>
    graph().query(`query ($year: Int!, $r: ID) { annualSummary(year: $year, regulatorId: $r) { status version } }`, {
      token,
      variables: { year, r: demo.regulatorId },
    });
  const { status, version } = (await read()).data!.annualSummary;
  if (status === 'SUBMITTED') return { year, version };
  await graph().query(`mutation ($input: SubmitSummaryInput!) { submitAnnualSummary(input: $input) { version } }`, {
    token,
    variables: { input: { year, regulatorId: demo.regulatorId, expectedVersion: version } },
  });
  return { year, version: (await read()).data!.annualSummary.version };
}

/** The submissions of each subgraph's main forms, each valid as given, by a role allowed to make it. */
const VALID_CALLS: Record<string, ValidCall> = {
  notifyIncident: {
    query: `mutation ($input: NotifyIncidentInput!) { notifyIncident(input: $input) { id } }`,
    token: () => reporter.token,
    variables: async () => ({ input: { organizationId: reporter.id, idempotencyKey: randomUUID(), report: fullReport() } }),
  },
  submitIncidentReport: {
    query: `mutation ($input: SubmitIncidentReportInput!) { submitIncidentReport(input: $input) { id } }`,
    token: () => reporter.token,
    variables: async () => {
      const current = await graph().query(`{ incident(id: "${reportedIncident}") { currentRevision } }`, { token: reporter.token });
      return {
        input: {
          incidentId: reportedIncident,
          basedOnRevision: current.data!.incident.currentRevision,
          idempotencyKey: randomUUID(),
          report: fullReport(),
        },
      };
    },
  },
  closeIncident: {
    query: `mutation ($input: CloseIncidentInput!) { closeIncident(input: $input) { id } }`,
    token: () => reporter.token,
    variables: async () => ({
      input: {
        incidentId: (await notified(graph(), reporter)).id,
        basedOnRevision: 1,
        idempotencyKey: randomUUID(),
        finalCategories: ['CAT4_MALICIOUS_LOGIC'],
        report: {
          responseSituations: ['CONTAINED'],
          affectedSystem: { otherDetails: 'restored from backups' },
          partTwo: { endedAt: new Date(Date.now() - 600_000).toISOString(), lessonsLearned: 'ทบทวนการแบ่งส่วนเครือข่าย' },
        },
      },
    }),
  },
  fileDataUnavailableNotice: {
    query: `mutation ($input: DataUnavailableNoticeInput!) { fileDataUnavailableNotice(input: $input) { id } }`,
    token: () => reporter.token,
    variables: async () => ({
      input: {
        incidentId: (await notified(graph(), reporter)).id,
        basedOnRevision: 1,
        idempotencyKey: randomUUID(),
        reason: 'ระบบบันทึกข้อมูลจราจรเสียหาย',
      },
    }),
  },
  requestAssistance: {
    query: `mutation ($input: AssistanceRequestInput!) { requestAssistance(input: $input) { id } }`,
    token: () => reporter.token,
    variables: async () => ({
      input: { incidentId: reportedIncident, kinds: ['ANALYSIS', 'CONTAINMENT'], mode: 'REMOTE', description: 'ขอความช่วยเหลือวิเคราะห์มัลแวร์' },
    }),
  },
  addAnalystNote: {
    query: `mutation ($incidentId: ID!, $text: String!) { addAnalystNote(incidentId: $incidentId, text: $text) { id } }`,
    token: () => graph().tokens.thaicert,
    variables: async () => ({ incidentId: reportedIncident, text: 'Same actor as last month' }),
  },
  addIncidentComment: {
    query: `mutation ($incidentId: ID!, $text: String!) { addIncidentComment(incidentId: $incidentId, text: $text) { id } }`,
    token: () => graph().tokens.regulator,
    variables: async () => ({ incidentId: reportedIncident, text: 'กรุณาส่งรายงาน ก2' }),
  },
  assignIncidentCase: {
    query: `mutation ($incidentId: ID!, $assignee: String!, $v: Int!) { assignIncidentCase(incidentId: $incidentId, assignee: $assignee, expectedVersion: $v) { id } }`,
    token: () => graph().tokens.thaicert,
    variables: async () => ({ incidentId: (await notified(graph(), reporter)).id, assignee: 'analyst-somchai', v: 1 }),
  },
  unassignIncidentCase: {
    query: `mutation ($incidentId: ID!, $v: Int!) { unassignIncidentCase(incidentId: $incidentId, expectedVersion: $v) { id } }`,
    token: () => graph().tokens.thaicert,
    variables: async () => {
      const { id } = await notified(graph(), reporter);
      const assigned = await graph().query(
        `mutation ($id: ID!) { assignIncidentCase(incidentId: $id, assignee: "analyst-somchai", expectedVersion: 1) { id } }`,
        {
          token: graph().tokens.thaicert,
          variables: { id },
        },
      );
      expect(assigned.errors).toBeUndefined();
      return { incidentId: id, v: 2 };
    },
  },
  changeIncidentCaseStatus: {
    query: `mutation ($incidentId: ID!, $status: HandlingStatus!, $v: Int!) { changeIncidentCaseStatus(incidentId: $incidentId, status: $status, expectedVersion: $v) { id } }`,
    token: () => graph().tokens.thaicert,
    variables: async () => ({ incidentId: (await notified(graph(), reporter)).id, status: 'IN_PROGRESS', v: 1 }),
  },
  recordObservedIncident: {
    query: `mutation ($input: RecordObservedIncidentInput!) { recordObservedIncident(input: $input) { id } }`,
    token: () => graph().tokens.thaicert,
    variables: async () => ({
      input: { organizationId: reporter.id, observedAt: new Date(Date.now() - 3_600_000).toISOString(), whatWasSeen: 'พบการสแกนพอร์ต' },
    }),
  },
  registerOrganization: {
    query: `mutation ($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { id } }`,
    token: () => graph().tokens.ncsa,
    variables: async () => ({
      input: {
        nameTh: `หน่วยงานทดสอบ ${randomUUID()}`,
        nameEn: `Fuzz Agency ${randomUUID()}`,
        kind: 'CII_ORGANIZATION',
        sectorId: 'BANKING_FINANCE',
        regulatorId: demo.regulatorId,
      },
    }),
  },
  addPointOfContact: {
    query: `mutation ($org: ID!, $input: PointOfContactInput!) { addPointOfContact(organizationId: $org, input: $input) { id } }`,
    token: () => graph().tokens.ncsa,
    variables: async () => ({
      org: reporter.id,
      input: {
        fullName: 'สมชาย ทดสอบ',
        position: 'SOC lead',
        email: `${randomUUID()}@bank.example`,
        officePhone: '02 123 4567',
        mobilePhone: '081 234 5678',
      },
    }),
  },
  updateRegulator: {
    query: `mutation ($id: ID!, $v: Int!, $input: UpdateRegulatorInput!) { updateRegulator(id: $id, expectedVersion: $v, input: $input) { id } }`,
    token: () => graph().tokens.ncsa,
    variables: async () => {
      const registered = await graph().query(
        `mutation ($name: String!) { registerRegulator(input: { nameTh: "หน่วยงานกำกับทดสอบ", nameEn: $name, sectorIds: ["OTHER"], notificationDeadlineHours: 24 }) { id version } }`,
        { token: graph().tokens.ncsa, variables: { name: `Fuzz Regulator ${randomUUID()}` } },
      );
      const { id, version } = registered.data!.registerRegulator;
      return {
        id,
        v: version,
        input: { nameTh: 'หน่วยงานกำกับชื่อใหม่', nameEn: 'Renamed Fuzz Regulator', sectorIds: ['OTHER', 'PUBLIC_SERVICES'] },
      };
    },
  },
  setReportDeadline: {
    query: `mutation ($regulatorId: ID!, $hours: Int!, $v: Int!) { setReportDeadline(regulatorId: $regulatorId, hours: $hours, expectedVersion: $v) { id } }`,
    token: () => graph().tokens.ncsa,
    variables: async () => {
      const current = await graph().query(`{ regulator(id: "${demo.regulator('dga')}") { version } }`, { token: graph().tokens.ncsa });
      return { regulatorId: demo.regulator('dga'), hours: 48, v: current.data!.regulator.version };
    },
  },
  addSector: {
    query: `mutation ($input: AddSectorInput!) { addSector(input: $input) { id } }`,
    token: () => graph().tokens.ncsa,
    variables: async () => ({
      input: {
        code: `FUZZ_${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`,
        nameTh: 'กิจการทดสอบ',
        nameEn: 'Fuzz sector',
        regulatorId: demo.regulatorId,
      },
    }),
  },
  amendAnnualSummary: {
    query: `mutation ($input: AmendSummaryInput!) { amendAnnualSummary(input: $input) { id } }`,
    token: () => graph().tokens.regulator,
    variables: async () => {
      const { year, version } = await submittedSummary();
      const reason = 'นับเหตุการณ์ที่รายงานล่าช้าเพิ่ม';
      return { input: { year, regulatorId: demo.regulatorId, reason, training: 3, unsuccessfulAttempts: 10, expectedVersion: version } };
    },
  },
  draftAdvisory: {
    query: `mutation ($input: AdvisoryInput!) { draftAdvisory(input: $input) { id } }`,
    token: () => graph().tokens.thaicert,
    variables: async () => ({ input: advisoryInput({ tlp: 'AMBER', targetSectorIds: ['BANKING_FINANCE'] }) }),
  },
};

/** Success, or errors with a known code and no stack trace in message or extensions; never a 5xx. */
function expectClearAnswer(res: GraphQLResponse, what: string): void {
  expect(res.status, `${what}: HTTP ${res.status}`).toBeLessThan(500);
  for (const error of res.errors ?? []) {
    expect(KNOWN_CODES.has(String(error.extensions?.code)), `${what}: ${error.extensions?.code} ${error.message}`).toBe(true);
    expect(error.message).not.toMatch(STACK_TRACE);
    expect(JSON.stringify(error.extensions ?? {})).not.toMatch(STACK_TRACE);
  }
}

describe('hostile input at every mutation', () => {
  it(
    'is refused with a known code or accepted, by every role, never an internal error or stack trace',
    async () => {
      const deadline = deadlineOfTest();
      const mutations = Object.values(schema.getMutationType()!.getFields());
      expect(mutations.length).toBeGreaterThan(20);
      for (const mutation of mutations) {
        const { query, values } = callOf(mutation);
        for (const role of ROLES) {
          await fc.assert(
            fc.asyncProperty(values, fc.boolean(), async (variables, inline) => {
              const res = await send(query, variables, tokenOf(role), inline);
              expectClearAnswer(res, `${mutation.name} as ${role} — ${how(inline)}: ${JSON.stringify(variables).slice(0, 1_500)}`);
            }),
            { numRuns: RUNS, ...oneRequestPerRun(deadline) },
          );
        }
      }
    },
    TEST_TIME_MS,
  );

  it(
    'refuses a valid submission with any one field made hostile with a known code, or accepts it, never an internal error',
    async () => {
      const deadline = deadlineOfTest();
      for (const [name, call] of Object.entries(VALID_CALLS)) {
        const base = await call.variables();
        const paths = leafPaths(base);
        expect(paths.length, name).toBeGreaterThan(1);
        const cases = fc.record({ path: fc.constantFrom(...paths), value: hostileLeaf, inline: fc.boolean() });
        // Every field is also tried cleared and as the wrong kind of value, in variables and in the document, before the random cases.
        const examples = paths.flatMap((path) =>
          SWEPT_VALUES.flatMap((value) =>
            [false, true].map((inline): [{ path: Path; value: unknown; inline: boolean }] => [{ path, value, inline }]),
          ),
        );
        await fc.assert(
          fc.asyncProperty(cases, async ({ path, value, inline }) => {
            const variables = withLeaf(await call.variables(), path, value);
            const res = await send(call.query, variables, call.token(), inline);
            expectClearAnswer(res, `${name} with ${path.join('.')} = ${JSON.stringify(value)?.slice(0, 200)}, ${how(inline)}`);
          }),
          { numRuns: 30 * SCALE, examples, ...oneRequestPerRun(deadline) },
        );
      }
    },
    TEST_TIME_MS,
  );

  it('refuses NUL written in the document in every text argument of every query and mutation with a clear error, whoever asks', async () => {
    const roots = [
      ['query', schema.getQueryType()!],
      ['mutation', schema.getMutationType()!],
    ] as const;
    let tried = 0;
    for (const [operation, type] of roots) {
      for (const field of Object.values(type.getFields())) {
        const query = callText(operation, field);
        const sample = Object.fromEntries(field.args.map((arg) => [arg.name, sampleOf(arg.type)]));
        for (const path of textPaths(field)) {
          const variables = structuredClone(sample);
          let at: Record<string, unknown> = variables;
          for (const key of path.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
          at[path.at(-1)!] = 'a\u0000b';
          const answers = await Promise.all(ROLES.map((role) => send(query, variables, tokenOf(role), true)));
          answers.forEach((res, i) => {
            const what = `${field.name}(${path.join('.')}: "a\\u0000b") as ${ROLES[i]}`;
            expectClearAnswer(res, what);
            expect(res.errors?.length, `${what} is refused`).toBeGreaterThan(0);
          });
          tried += answers.length;
        }
      }
    }
    expect(tried).toBeGreaterThan(100);
  }, 120_000);

  it('keeps a notification refused for a NUL written in its document, with the character as U+FFFD', async () => {
    const marker = `fuzz ${randomUUID()}`;
    const variables = await VALID_CALLS.notifyIncident!.variables();
    const report = (variables.input as { report: Record<string, unknown> }).report;
    report.trackingUnit = `${marker} \u0000`;
    const res = await send(VALID_CALLS.notifyIncident!.query, variables, reporter.token, true);
    expect(res.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'input.report.trackingUnit']]);
    const kept = (await refusedSubmissions(graph(), reporter.token)).find((r) => r.arguments.input.report.trackingUnit?.startsWith(marker));
    expect(kept).toMatchObject({ operation: 'notifyIncident', errorCode: 'BAD_USER_INPUT' });
    expect(kept!.arguments.input.report.trackingUnit).toBe(`${marker} \uFFFD`);
  });

  it('leaves no record half-written', async () => {
    const db = new pg.Client({ connectionString: graph().databaseUrl });
    await db.connect();
    try {
      const incidents = await db.query(
        `select i.id from incidents.incident i left join incidents.incident_revision r on r.incident_id = i.id group by i.id, i.current_revision having count(r.id) <> i.current_revision`,
      );
      expect(incidents.rows).toEqual([]);
      const notified = await db.query(
        `select i.id from incidents.incident i where not exists (select 1 from incidents.outbox_event e where e.aggregate_id = i.id and e.type = 'NOTIFIED')`,
      );
      expect(notified.rows).toEqual([]);
      const advisories = await db.query(
        `select a.id from advisories.advisory a left join advisories.advisory_revision r on r.advisory_id = a.id group by a.id, a.current_revision having count(r.id) <> a.current_revision`,
      );
      expect(advisories.rows).toEqual([]);
    } finally {
      await db.end();
    }
  });
});
