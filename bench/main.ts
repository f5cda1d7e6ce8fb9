import 'reflect-metadata';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadDataset, NATIONAL_SCALE, QUICK_SCALE } from './dataset.js';
import { metric, startGraphProcess, type GraphProcess } from './graph-process.js';
import type { LoadResult } from './load.js';
import { explainHotPaths, gatewayOverhead, readScenarios, statementsPerDashboard, versusStockGateway, writeScenario } from './scenarios.js';
import { subscriptionFanOut } from './subscriptions.js';

/**
 * `npm run bench [-- --quick] [-- --seed S]`: starts the whole graph in its own process, loads a
 * national-scale data set (deterministic for the seed), warms up, runs every scenario for a fixed
 * time, and writes bench/results/<time>.json plus a table. Speed is measured here, never asserted
 * in tests.
 */
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    seed: { type: 'string', default: 'ncsa-graph-2026' },
  },
});
const quick = values.quick!;
const seconds = quick ? 4 : 15;
const size = quick ? QUICK_SCALE : NATIONAL_SCALE;
const log = (line: string) => console.log(line);

const results: Record<string, unknown> = {
  startedAt: new Date().toISOString(),
  quick,
  seed: values.seed,
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  dataset: size,
};

async function statisticsCaughtUp(graph: GraphProcess): Promise<number> {
  const db = new pg.Client({ connectionString: graph.databaseUrl });
  await db.connect();
  const started = Date.now();
  try {
    for (;;) {
      const { rows } = await db.query(
        `select (select value from incidents.outbox_sequence) as head, (select sequence from statistics.feed_checkpoint where feed = 'incidents') as applied`,
      );
      if (Number(rows[0].applied ?? 0) >= Number(rows[0].head)) return (Date.now() - started) / 1000;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await db.end();
  }
}

const table = (rows: LoadResult[]) =>
  console.table(rows.map((r) => ({ scenario: r.name, 'req/s': r.requestsPerSecond, 'p50 ms': r.p50Ms, 'p99 ms': r.p99Ms, requests: r.requests, errors: r.errors })));

const graph = await startGraphProcess();
try {
  log(`loading ${size.organizations} organizations, ${size.incidents} incidents, ${size.advisories} advisories (seed ${values.seed})…`);
  results.load = await loadDataset(graph.databaseUrl, size, values.seed!, log);
  const catchUp = await statisticsCaughtUp(graph);
  results.statisticsCatchUpSeconds = catchUp;
  log(`statistics read model caught up with the incident events in ${catchUp} s`);

  log('warming up…');
  await readScenarios(graph, 1);

  const reads = await readScenarios(graph, seconds);
  const write = await writeScenario(graph, seconds);
  results.scenarios = [...reads, write];
  table([...reads, write]);

  const overhead = await gatewayOverhead(graph, seconds);
  const stock = await versusStockGateway(graph, seconds);
  const statements = await statementsPerDashboard(graph);
  results.ratios = { gatewayOverhead: overhead, versusStockGateway: stock, statementsPerDashboard: statements };
  console.table(
    [overhead, stock].map((r) => ({ ratio: r.name, value: r.ratio, target: r.target, met: r.met, ours: `${r.ours.p50Ms} ms p50, ${r.ours.requestsPerSecond}/s`, other: `${r.other.p50Ms} ms p50, ${r.other.requestsPerSecond}/s` })),
  );
  console.table(statements.map((s) => ({ 'dashboard page size': s.pageSize, ...s.statements })));

  const plans = await explainHotPaths(graph.databaseUrl);
  results.explain = plans;
  console.table(plans.map((p) => ({ query: p.name, 'sequential scans': p.sequentialScans.join(', ') || 'none' })));

  const fanOut = [];
  for (const subscribers of quick ? [500] : [1000, 5000]) fanOut.push(await subscriptionFanOut(graph, subscribers, quick ? 10 : 30));
  results.subscriptions = fanOut;
  console.table(
    fanOut.map((r) => ({ subscribers: r.subscribers, events: r.events, expected: r.expectedDeliveries, delivered: r.delivered, lost: r.lost, duplicates: r.duplicates, 'p50 ms': r.latencyMs.p50, 'p99 ms': r.latencyMs.p99, 'heap B/subscriber': r.graphMemoryPerIdleSubscriberBytes.heap })),
  );

  results.memory = {
    graphProcessRssMiB: Math.round((await metric(graph.gatewayUrl, 'process_resident_memory_bytes')) / 2 ** 20),
    graphProcessHeapMiB: Math.round((await metric(graph.gatewayUrl, 'nodejs_heap_size_used_bytes')) / 2 ** 20),
  };
  console.table([results.memory]);
} finally {
  await graph.stop();
}
await mkdir('bench/results', { recursive: true });
const file = `bench/results/${results.startedAt as string}.json`.replace(/:/g, '-');
await writeFile(file, JSON.stringify(results, null, 2));
console.log(`results written to ${file}`);
