import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';

import { DEMO_REGULATOR_KEY, demoId } from '../demo/demo-registry.js';
import { mintDevelopmentToken } from '../gateway/src/development-tokens.js';
import { readConfig as readGatewayConfig } from '../gateway/src/env.js';
import { Role, type SignedInCaller } from '../platform/caller.js';
import { DEVELOPMENT_IDENTITY_SECRET, IDENTITY_HEADER, identitySecret, signIdentity } from '../platform/identity.js';
import { freePort } from '../scripts/embedded-postgres.js';
import { metric, type GraphProcess } from './graph-process.js';
import { checkOperation, postGraphQL, runLoad, type GraphQLLoad, type LoadResult } from './load.js';
import { median, percentile, round } from './stats.js';

export const BOT = demoId(`regulator:${DEMO_REGULATOR_KEY}`);

export const DASHBOARD = `query ($regulatorId: ID!, $first: Int!) {
  incidents(first: $first, filter: { regulatorId: $regulatorId, open: true }) {
    totalCount
    edges { node { id severity status categories reportDueAt reportDueAtBangkok overdue organization { nameTh nameEn } relatedAdvisories { identifier tlp } } }
  }
}`;

export const TRIAGE = `query { incidents(first: 50, filter: { overdue: true }) {
  totalCount edges { node { id severity reportDueAt organization { nameEn pointsOfContact { fullName email mobilePhone available24x7 } } } }
} }`;

/** Form ก1 through the gateway; answers the new incident's id and revision (1). */
export const NOTIFY_INCIDENT = `mutation ($input: NotifyIncidentInput!) { notifyIncident(input: $input) { id currentRevision } }`;

/** Form ก2, one more revision; answers the revision it made. */
export const SUBMIT_REPORT = `mutation ($input: SubmitIncidentReportInput!) { submitIncidentReport(input: $input) { currentRevision } }`;

export async function tokensFor(graph: GraphProcess) {
  const tokens = readGatewayConfig(graph.env).tokens;
  const mint = (caller: SignedInCaller) => mintDevelopmentToken(tokens, caller, 4 * 3600);
  return {
    regulator: await mint({ role: Role.REGULATOR, subject: 'bench-bot', regulatorId: BOT }),
    thaicert: await mint({ role: Role.THAICERT, subject: 'bench-thaicert' }),
    ncsa: await mint({ role: Role.NCSA, subject: 'bench-ncsa' }),
    organization: (organizationId: string) =>
      mint({ role: Role.ORGANIZATION, subject: `bench-org-${organizationId.slice(0, 8)}`, organizationId }),
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The read scenarios of issue 7, as autocannon runs through the gateway (without their duration). */
export async function readLoads(graph: GraphProcess): Promise<Omit<GraphQLLoad, 'durationSeconds'>[]> {
  const t = await tokensFor(graph);
  const year = new Date().getUTCFullYear() - 1;
  const base = { url: graph.gatewayUrl, connections: 8 };
  return [
    {
      ...base,
      name: 'regulator dashboard: open incidents, 50 a page, names and related advisories (3 subgraphs)',
      query: DASHBOARD,
      variables: { regulatorId: BOT, first: 50 },
      headers: bearer(t.regulator),
    },
    { ...base, name: 'ThaiCERT triage: overdue incidents nationwide with contacts', query: TRIAGE, headers: bearer(t.thaicert) },
    {
      ...base,
      name: 'annual summary (ก3) for a regulator',
      query: `query ($y: Int!, $r: ID) { annualSummary(year: $y, regulatorId: $r) { incidentCount byCategory { count } byAssetType { count } bySeverity { count } } }`,
      variables: { y: year, r: BOT },
      headers: bearer(t.regulator),
    },
    {
      ...base,
      name: 'service-quality indicators for a regulator’s sector',
      query: `query ($from: DateTime!, $to: DateTime!) { serviceQuality(from: $from, to: $to, sectorId: "BANKING_FINANCE") { incidents detectionToReport { medianHours p90Hours } onTimeShare timeToClosure { medianHours } } }`,
      variables: { from: `${year}-01-01T00:00:00Z`, to: `${year}-12-31T23:59:59Z` },
      headers: bearer(t.regulator),
    },
  ];
}

export async function readScenarios(graph: GraphProcess, seconds: number): Promise<LoadResult[]> {
  const results = [];
  for (const load of await readLoads(graph)) results.push(await runLoad({ ...load, durationSeconds: seconds }));
  return results;
}

/** An organization filing report revisions through the gateway: each worker revises its own incident, one revision after another. */
export async function writeScenario(graph: GraphProcess, seconds: number, workers = 4): Promise<LoadResult> {
  const t = await tokensFor(graph);
  const organizationId = demoId('organization:krungsiam-bank');
  const token = await t.organization(organizationId);
  const call = (query: string, variables: Record<string, unknown>) =>
    postGraphQL(graph.gatewayUrl, { query, variables, headers: bearer(token) });
  const latencies: number[] = [];
  let errors = 0;
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      const created = await call(NOTIFY_INCIDENT, {
        input: {
          organizationId,
          idempotencyKey: randomUUID(),
          report: { severity: 'SERIOUS', categories: ['CAT4_MALICIOUS_LOGIC'], detectedAt: new Date(Date.now() - 3_600_000).toISOString() },
        },
      });
      const { id } = created.data!.notifyIncident;
      let { currentRevision } = created.data!.notifyIncident;
      for (let n = 0; Date.now() < deadline; n++) {
        const started = performance.now();
        const revised = await call(SUBMIT_REPORT, {
          input: {
            incidentId: id,
            basedOnRevision: currentRevision,
            report: { affectedSystem: { otherDetails: `update ${n}` }, partTwo: { impact: { peopleAffected: n } } },
          },
        });
        latencies.push(performance.now() - started);
        if (revised.errors) errors += 1;
        else currentRevision = revised.data!.submitIncidentReport.currentRevision;
      }
    }),
  );
  return {
    name: `organization filing report revisions (${workers} concurrent writers)`,
    durationSeconds: seconds,
    connections: workers,
    requests: latencies.length,
    requestsPerSecond: Math.round(latencies.length / seconds),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    errors,
  };
}

export interface Ratio {
  name: string;
  target: string;
  /** Median of the per-round ratios. */
  ratio: number;
  met: boolean;
  rounds: { ours: LoadResult; other: LoadResult; ratio: number }[];
}

/**
 * Two loads measured side by side, alternating for a few rounds, so the noise of a shared machine
 * falls on both; the ratio is the median of the rounds' ratios.
 */
async function sideBySide(
  ours: GraphQLLoad,
  other: GraphQLLoad,
  rounds: number,
  ratioOf: (ours: LoadResult, other: LoadResult) => number,
): Promise<{ ratio: number; rounds: Ratio['rounds'] }> {
  for (const load of [ours, other]) await runLoad({ ...load, durationSeconds: 1 }); // warm both up first
  const measured = [];
  for (let i = 0; i < rounds; i++) {
    const a = await runLoad(ours);
    const b = await runLoad(other);
    measured.push({ ours: a, other: b, ratio: round(ratioOf(a, b), 2) });
  }
  return { ratio: median(measured.map((m) => m.ratio)), rounds: measured };
}

/** The same single-subgraph query through the gateway and straight to the subgraph. */
export async function overheadLoads(
  graph: GraphProcess,
): Promise<{ viaGateway: Omit<GraphQLLoad, 'durationSeconds'>; direct: Omit<GraphQLLoad, 'durationSeconds'> }> {
  const t = await tokensFor(graph);
  const query = `{ organizations(first: 50) { edges { node { id nameEn kind } } } }`;
  const secret = identitySecret(graph.env.INTERNAL_IDENTITY_SECRET ?? DEVELOPMENT_IDENTITY_SECRET);
  const identity = await signIdentity({ role: Role.NCSA, subject: 'bench-ncsa' }, secret, 4 * 3600);
  const base = { query, connections: 8 };
  return {
    viaGateway: { ...base, name: 'organizations page through the gateway', url: graph.gatewayUrl, headers: bearer(t.ncsa) },
    direct: {
      ...base,
      name: 'organizations page straight to the subgraph',
      url: graph.subgraphUrls.organizations!,
      headers: { [IDENTITY_HEADER]: identity },
    },
  };
}

export async function gatewayOverhead(graph: GraphProcess, seconds: number, rounds: number): Promise<Ratio> {
  const { viaGateway, direct } = await overheadLoads(graph);
  const measured = await sideBySide(
    { ...viaGateway, durationSeconds: seconds },
    { ...direct, durationSeconds: seconds },
    rounds,
    (a, b) => a.p50Ms / Math.max(b.p50Ms, 0.1),
  );
  return {
    name: 'gateway overhead (p50 through the gateway ÷ straight to the subgraph)',
    target: '≤ 1.25',
    ...measured,
    met: measured.ratio <= 1.25,
  };
}

/** A public query over two subgraphs: what stock @apollo/gateway can serve too (it forwards no identity). */
export const PUBLIC_QUERY = `{ advisories(first: 20) { edges { node { identifier titleEn cveIds tlp } } } sectors { id nameTh nameEn } }`;

/** Another gateway over the same subgraphs, in its own process: stock @apollo/gateway, or ours configured differently. */
export async function startGatewayProcess(
  graph: GraphProcess,
  script: string,
  env: Record<string, string>,
): Promise<{ url: string; adminUrl: string; stop: () => void }> {
  const port = await freePort();
  const adminPort = await freePort();
  const child = spawn(process.execPath, [script], {
    env: {
      ...graph.env,
      ...env,
      PORT: String(port),
      GATEWAY_PORT: String(port),
      GATEWAY_ADMIN_PORT: String(adminPort),
      SUBGRAPH_URLS: JSON.stringify(graph.subgraphUrls),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}/graphql`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited (${child.exitCode})`);
    const ok = await checkOperation({ name: script, url, query: '{ __typename }', connections: 1, durationSeconds: 0 }).then(
      () => true,
      () => false,
    );
    if (ok) return { url, adminUrl: `http://127.0.0.1:${adminPort}`, stop: () => child.kill('SIGTERM') };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Our gateway against @apollo/gateway with its out-of-the-box settings, on the same subgraphs and
 * public query; and, to show what the public cache adds, ours with that cache turned off.
 */
export async function versusStockGateway(graph: GraphProcess, seconds: number, rounds: number): Promise<Ratio[]> {
  const stock = await startGatewayProcess(graph, 'dist/bench/stock-gateway.js', {});
  const uncached = await startGatewayProcess(graph, 'dist/gateway/src/main.js', { PUBLIC_CACHE_SECONDS: '0' });
  try {
    const base = { query: PUBLIC_QUERY, connections: 8, durationSeconds: seconds };
    const stockLoad = { ...base, name: 'the same through stock @apollo/gateway', url: stock.url };
    const throughput = (a: LoadResult, b: LoadResult) => a.requestsPerSecond / Math.max(b.requestsPerSecond, 1);
    const ours = await sideBySide(
      { ...base, name: 'public advisories and sectors through our gateway', url: graph.gatewayUrl },
      stockLoad,
      rounds,
      throughput,
    );
    const withoutCache = await sideBySide(
      { ...base, name: 'the same through our gateway without the public cache', url: uncached.url },
      stockLoad,
      rounds,
      throughput,
    );
    return [
      { name: 'throughput: our gateway ÷ stock @apollo/gateway', target: '≥ 1.5', ...ours, met: ours.ratio >= 1.5 },
      {
        name: 'throughput: our gateway without the public cache ÷ stock',
        target: '≥ 1.5',
        ...withoutCache,
        met: withoutCache.ratio >= 1.5,
      },
    ];
  } finally {
    stock.stop();
    uncached.stop();
  }
}

/**
 * SQL statements one dashboard request costs, at page size 10 and 100 (equal means no N+1). The
 * counters are per process and background work (feeds, deadline watch) adds to them now and then,
 * so each size is measured five times and the fewest counts.
 */
export async function statementsPerDashboard(graph: GraphProcess): Promise<{ pageSize: number; statements: Record<string, number> }[]> {
  const t = await tokensFor(graph);
  const counts = () =>
    Promise.all(
      Object.entries(graph.subgraphAdminUrls).map(
        async ([name, adminUrl]) => [name, await metric(adminUrl, 'db_statements_total')] as const,
      ),
    );
  const rows = [];
  for (const first of [10, 100]) {
    const samples: Record<string, number>[] = [];
    for (let i = 0; i < 5; i++) {
      const before = Object.fromEntries(await counts());
      await checkOperation({
        name: 'dashboard',
        url: graph.gatewayUrl,
        query: DASHBOARD,
        variables: { regulatorId: BOT, first },
        headers: bearer(t.regulator),
        connections: 1,
        durationSeconds: 0,
      });
      samples.push(Object.fromEntries((await counts()).map(([name, after]) => [name, after - before[name]!])));
    }
    rows.push({
      pageSize: first,
      statements: Object.fromEntries(Object.keys(graph.subgraphUrls).map((name) => [name, Math.min(...samples.map((s) => s[name]!))])),
    });
  }
  return rows;
}
