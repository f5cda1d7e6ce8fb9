import { randomUUID } from 'node:crypto';

import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readConfig as readGatewayConfig } from '../../gateway/src/env.js';
import { start as startGateway } from '../../gateway/src/server.js';
import { Role, type SignedInCaller } from '../../platform/caller.js';
import { CleanupStack } from '../../platform/cleanup-stack.js';
import type { RunningServer } from '../../platform/http-server.js';
import { advisoryInput } from '../advisories.js';
import { demo, organizationCaller, regulatorCaller, useGraph } from '../graph.js';
import { graphqlRequest, type GraphQLResponse } from '../graphql-client.js';
import { minimalReport, newOrganization, type TestOrganization } from '../incidents.js';
import { compiledProject, startSubgraphProcess, type SubgraphProcess } from '../service-process.js';
import { connect, type Subscription, type WsConnection } from '../ws-client.js';

/**
 * No subscriber misses an event: subscribers on both event streams, with and without
 * `afterSequence`, sharing operations or not, join at random moments while incidents and
 * advisories are written throughout and a subgraph process is killed (SIGKILL) and restarted at
 * random moments. Each must receive exactly the committed events of its scope after its start
 * point, in order, once. The subgraphs behind the subscribers' gateway run as processes of their
 * own (so they can be killed); the test graph's in-process replicas keep taking writes meanwhile.
 */
const graph = useGraph();
const cleanup = new CleanupStack();
const STEPS = 6;
/** How long a new subscriber without `afterSequence` may take to be established; nothing is killed meanwhile. */
const ESTABLISH_MS = 1_500;
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);

type Stream = 'incidentEvents' | 'advisoryEvents';
const SELECTIONS: Record<Stream, string[]> = {
  incidentEvents: ['sequence type incident { id organization { nameEn } }', 'sequence incident { id status }'],
  advisoryEvents: ['sequence type advisory { id titleEn }', 'sequence advisory { id }'],
};
const OUTBOX: Record<Stream, string> = { incidentEvents: 'incidents', advisoryEvents: 'advisories' };

let organizations: (TestOrganization & { regulatorId: string; incidentId: string; revision: number })[];
let callers: SignedInCaller[];
let killable: Record<'incidents' | 'advisories', SubgraphProcess>;
let gateway: RunningServer;
let db: pg.Client;
/**
 * The head of each stream before the test wrote anything: no subscriber reaches back further, so
 * what it should receive is decided by this test's own writes (GREEN advisories, our organizations'
 * incidents) and not by the demo data's TLP mix.
 */
const floor: Record<Stream, number> = { incidentEvents: 0, advisoryEvents: 0 };

beforeAll(async () => {
  const g = graph();
  const nbtc = demo.regulator('nbtc');
  organizations = [];
  for (const [regulatorId, sector] of [
    [demo.regulatorId, 'BANKING_FINANCE'],
    [demo.regulatorId, 'BANKING_FINANCE'],
    [nbtc, 'IT_TELECOM'],
  ] as const) {
    const organization = await newOrganization(g, regulatorId, sector);
    const notified = await g.query(`mutation ($input: NotifyIncidentInput!) { notifyIncident(input: $input) { id currentRevision } }`, {
      token: organization.token,
      variables: { input: { organizationId: organization.id, idempotencyKey: randomUUID(), report: minimalReport() } },
    });
    expect(notified.errors).toBeUndefined();
    organizations.push({
      ...organization,
      regulatorId,
      incidentId: notified.data!.notifyIncident.id,
      revision: notified.data!.notifyIncident.currentRevision,
    });
  }
  callers = [
    { role: Role.NCSA, subject: 'property-ncsa' },
    { role: Role.THAICERT, subject: 'property-thaicert' },
    regulatorCaller(demo.regulatorId),
    regulatorCaller(nbtc),
    ...organizations.map((o) => organizationCaller(o.id)),
  ];
  const outDir = await compiledProject();
  const env = { ...g.env, LOG_LEVEL: 'silent' };
  killable = {
    incidents: await startSubgraphProcess(outDir, 'incidents', env),
    advisories: await startSubgraphProcess(outDir, 'advisories', env),
  };
  cleanup.defer(() => killable.incidents.close());
  cleanup.defer(() => killable.advisories.close());
  gateway = await startGateway(
    readGatewayConfig({ ...g.env, GATEWAY_PORT: '0', INCIDENTS_URL: killable.incidents.url, ADVISORIES_URL: killable.advisories.url }),
  );
  cleanup.defer(gateway.close);
  db = new pg.Client({ connectionString: g.databaseUrl });
  await db.connect();
  cleanup.defer(() => db.end());
  for (const stream of Object.keys(floor) as Stream[]) floor[stream] = await head(stream);
}, 180_000);
afterAll(() => cleanup.run());

const head = async (stream: Stream) =>
  Number((await db.query(`select coalesce(max(sequence), 0) as head from "${OUTBOX[stream]}"."outbox_event"`)).rows[0].head);

/** A write through a gateway, retried unchanged (same idempotency key) until it is answered, as a careful client would. */
async function persist(
  url: string,
  query: string,
  token: string,
  variables: Record<string, unknown>,
  done = (res: GraphQLResponse) => !res.errors,
) {
  for (let attempt = 0; ; attempt++) {
    const res = await graphqlRequest(url, query, { token, variables }).catch(
      (error: Error) => ({ status: 0, errors: [{ message: error.message }] }) as GraphQLResponse,
    );
    if (done(res)) return res;
    const retryable = res.status === 0 || res.status >= 500 || res.errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE');
    if (!retryable || attempt > 60) throw new Error(`write refused: ${JSON.stringify(res.errors)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

type Write = { kind: 'notify' | 'revise' | 'advisory'; organization: number; throughKillable: boolean };

async function write({ kind, organization: index, throughKillable }: Write): Promise<void> {
  const url = throughKillable ? gateway.url : graph().gatewayUrl;
  const organization = organizations[index]!;
  if (kind === 'notify') {
    await persist(url, `mutation ($input: NotifyIncidentInput!) { notifyIncident(input: $input) { id } }`, organization.token, {
      input: { organizationId: organization.id, idempotencyKey: randomUUID(), report: minimalReport() },
    });
  } else if (kind === 'revise') {
    const res = await persist(
      url,
      `mutation ($input: SubmitIncidentReportInput!) { submitIncidentReport(input: $input) { currentRevision } }`,
      organization.token,
      {
        input: {
          incidentId: organization.incidentId,
          basedOnRevision: organization.revision,
          idempotencyKey: randomUUID(),
          report: { trackingUnit: `SOC ${organization.revision}` },
        },
      },
    );
    organization.revision = res.data!.submitIncidentReport.currentRevision;
  } else {
    const drafted = await persist(
      url,
      `mutation ($input: AdvisoryInput!) { draftAdvisory(input: $input) { id version } }`,
      graph().tokens.thaicert,
      {
        input: advisoryInput({ tlp: 'GREEN' }),
      },
    );
    const { id, version } = drafted.data!.draftAdvisory;
    // A publication whose answer was lost is there already: publishing again is a CONFLICT.
    await persist(
      url,
      `mutation ($id: ID!, $v: Int!) { publishAdvisory(id: $id, expectedVersion: $v) { id } }`,
      graph().tokens.thaicert,
      { id, v: version },
      (res) => !res.errors || res.errors.every((e) => e.extensions?.code === 'CONFLICT'),
    );
  }
}

interface Joiner {
  stream: Stream;
  caller: number;
  shape: number;
  onlyIncident: boolean;
  /** How far behind the head to resume (`afterSequence`); none: from now. */
  behind: number | null;
  step: number;
}

interface Joined {
  joiner: Joiner;
  sub: Subscription;
  /** `afterSequence` it gave, or the head just before it subscribed. */
  from: number;
  /** Without `afterSequence`: the head once it surely was established (it may start anywhere from `from` to here). */
  establishedBy: number;
  incidentId?: string;
}

const scenario = fc.record({
  joiners: fc.array(
    fc.record({
      stream: fc.constantFrom<Stream>('incidentEvents', 'incidentEvents', 'advisoryEvents'),
      caller: fc.nat(6),
      shape: fc.nat(1),
      onlyIncident: fc.boolean(),
      behind: fc.option(fc.nat(6)),
      step: fc.nat(STEPS - 1),
    }),
    { minLength: 4, maxLength: 10 },
  ),
  kills: fc.array(
    fc.record({
      step: fc.nat(STEPS - 1),
      subgraph: fc.constantFrom<'incidents' | 'advisories'>('incidents', 'incidents', 'advisories'),
      downMs: fc.integer({ min: 100, max: 2_500 }),
    }),
    {
      minLength: 1,
      maxLength: 3,
    },
  ),
  writes: fc.array(
    fc.record({
      kind: fc.constantFrom<Write['kind']>('notify', 'revise', 'advisory'),
      organization: fc.nat(2),
      throughKillable: fc.boolean(),
    }),
    {
      minLength: STEPS,
      maxLength: STEPS * 3,
    },
  ),
});

/** Which committed events a subscriber's scope receives (README, "Who sees what"), by sequence. */
async function committed(joined: Joined, regulatorOf: Map<string, string | null>): Promise<number[]> {
  const { stream, caller: index } = joined.joiner;
  const caller = callers[index]!;
  const { rows } = await db.query<{ sequence: string; aggregate_id: string; organization_id: string | null }>(
    `select sequence, aggregate_id, payload->>'organizationId' as organization_id from "${OUTBOX[stream]}"."outbox_event" where sequence > $1 order by sequence`,
    [joined.from],
  );
  return rows
    .filter((row) => {
      if (stream === 'advisoryEvents') return true; // after the floor: GREEN only, no acknowledgments — every signed-in caller
      if (joined.incidentId && row.aggregate_id !== joined.incidentId) return false;
      if (caller.role === Role.ORGANIZATION) return row.organization_id === caller.organizationId;
      if (caller.role === Role.REGULATOR) return regulatorOf.get(row.organization_id!) === caller.regulatorId;
      return true;
    })
    .map((row) => Number(row.sequence));
}

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

async function run({ joiners, kills, writes }: Scenario): Promise<void> {
  const connections: WsConnection[] = [];
  const joined: Joined[] = [];
  try {
    for (let step = 0; step < STEPS; step++) {
      let fresh = false;
      for (const joiner of joiners.filter((j) => j.step === step)) {
        const caller = callers[joiner.caller]!;
        const own =
          caller.role === Role.ORGANIZATION
            ? organizations.find((o) => o.id === caller.organizationId)
            : organizations[joiner.caller % organizations.length];
        const incidentId = joiner.stream === 'incidentEvents' && joiner.onlyIncident ? own!.incidentId : undefined;
        const now = await head(joiner.stream);
        const from = joiner.behind === null ? now : Math.max(floor[joiner.stream], now - joiner.behind);
        const c = connect(gateway.url, await graph().token(caller));
        connections.push(c);
        const variables = { ...(joiner.behind !== null && { after: from }), ...(incidentId && { incident: incidentId }) };
        const args = joiner.stream === 'incidentEvents' ? '(afterSequence: $after, incidentId: $incident)' : '(afterSequence: $after)';
        const variablesDeclared = joiner.stream === 'incidentEvents' ? '($after: Int, $incident: ID)' : '($after: Int)';
        const sub = c.subscribe(
          `subscription ${variablesDeclared} { ${joiner.stream}${args} { ${SELECTIONS[joiner.stream][joiner.shape]} } }`,
          variables,
        );
        joined.push({ joiner, sub, from, establishedBy: from, incidentId });
        fresh ||= joiner.behind === null;
      }
      if (fresh) {
        await new Promise((resolve) => setTimeout(resolve, ESTABLISH_MS));
        for (const j of joined.filter((j) => j.joiner.step === step && j.joiner.behind === null))
          j.establishedBy = await head(j.joiner.stream);
      }
      const mine = writes.filter((_, i) => i % STEPS === step);
      for (const kill of kills.filter((k) => k.step === step)) {
        await killable[kill.subgraph].kill();
        // Writes go on through the other replicas while it is down.
        const until = Date.now() + kill.downMs;
        for (const w of mine.filter((w) => !w.throughKillable)) if (Date.now() < until) await write(w);
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, until - Date.now())));
        await killable[kill.subgraph].restart();
      }
      for (const w of mine) await write(w);
    }

    const organizationRegulators = await db.query<{ id: string; regulator_id: string | null }>(
      `select id, regulator_id from organizations.organization`,
    );
    const regulatorOf = new Map(organizationRegulators.rows.map((r) => [r.id, r.regulator_id]));
    const expected: number[][] = [];
    for (const j of joined) expected.push(await committed(j, regulatorOf));
    // Delivery is asynchronous: wait until every subscriber has what it should, or nothing more arrives.
    for (let quiet = 0, deadline = Date.now() + 20_000; Date.now() < deadline && quiet < 3;) {
      const before = joined.map((j) => j.sub.received.length);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const settled = joined.every(
        (j, i) => j.sub.received.length === before[i] && j.sub.received.length >= expected[i]!.filter((s) => s > j.establishedBy).length,
      );
      quiet = settled ? quiet + 1 : 0;
    }
    joined.forEach((j, i) => {
      const label = JSON.stringify(j.joiner);
      expect(j.sub.error, label).toBeUndefined();
      expect(j.sub.completed, label).toBe(false);
      expect(
        j.sub.received.flatMap((r) => r.errors ?? []),
        label,
      ).toEqual([]);
      const received = j.sub.received.map((r) => r.data![j.joiner.stream].sequence as number);
      const all = expected[i]!;
      // It starts somewhere from where it asked (or the head when it subscribed) to where it surely was established,
      // and misses nothing after.
      const start = all.findIndex((s) => s === received[0]);
      const suffix = start === -1 ? all.filter((s) => s > j.establishedBy) : all.slice(start);
      expect(received, label).toEqual(j.joiner.behind === null ? suffix : all);
      expect(
        received.every((s) => s > j.from),
        label,
      ).toBe(true);
      expect(
        all.filter((s) => s > j.establishedBy).every((s) => received.includes(s)),
        label,
      ).toBe(true);
    });
  } finally {
    await Promise.all(connections.map((c) => c.dispose()));
  }
}

describe('no subscriber misses an event', () => {
  it('each receives exactly its scope’s committed events after its start, in order, once — through SIGKILLs and restarts', async () => {
    await fc.assert(fc.asyncProperty(scenario, run), { numRuns: 2 * SCALE, endOnFailure: true, verbose: true });
  }, 600_000);
});
