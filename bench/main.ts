import 'reflect-metadata';

import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';

import { publicQueryUnderFlood } from './abuse-flood.js';
import { consoleFirstLoad } from './console-first-load.js';
import { cpuPerRequest } from './cpu-per-request.js';
import { loadDataset, NATIONAL_SCALE, QUICK_SCALE, statisticsCaughtUp } from './dataset.js';
import { explainHotPaths } from './explain.js';
import { metric, startGraphProcess } from './graph-process.js';
import type { LoadResult } from './load.js';
import { BOT, gatewayOverhead, readScenarios, statementsPerDashboard, versusStockGateway, writeScenario } from './scenarios.js';
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

const table = (rows: LoadResult[]) =>
  console.table(
    rows.map((r) => ({
      scenario: r.name,
      'req/s': r.requestsPerSecond,
      'p50 ms': r.p50Ms,
      'p99 ms': r.p99Ms,
      requests: r.requests,
      errors: r.errors,
    })),
  );

const graph = await startGraphProcess();
try {
  log(`loading ${size.organizations} organizations, ${size.incidents} incidents, ${size.advisories} advisories (seed ${values.seed})…`);
  results.load = await loadDataset(graph.databaseUrl, size, values.seed!, log);
  const catchUp = await statisticsCaughtUp(graph.databaseUrl);
  results.statisticsCatchUpSeconds = catchUp;
  log(`statistics read model caught up with the incident events in ${catchUp} s`);

  log('warming up…');
  await readScenarios(graph, 1);

  const reads = await readScenarios(graph, seconds);
  const write = await writeScenario(graph, seconds);
  results.scenarios = [...reads, write];
  table([...reads, write]);

  const flood = await publicQueryUnderFlood(graph, seconds);
  results.abuseFlood = flood;
  console.log(flood.name);
  console.table(
    (['quiet', 'flooded', 'flood'] as const).map((part) => ({
      measured: { quiet: 'public query alone', flooded: 'public query during the flood', flood: 'the flood documents' }[part],
      requests: flood[part].requests,
      'p50 ms': flood[part].p50Ms,
      'p99 ms': flood[part].p99Ms,
      errors: JSON.stringify(flood[part].errors),
    })),
  );

  const rounds = 3;
  const roundSeconds = quick ? 2 : 5;
  const overhead = await gatewayOverhead(graph, roundSeconds, rounds);
  const stock = await versusStockGateway(graph, roundSeconds, rounds);
  const statements = await statementsPerDashboard(graph);
  results.ratios = { gatewayOverhead: overhead, versusStockGateway: stock, statementsPerDashboard: statements };
  console.table(
    [overhead, ...stock].flatMap((r) =>
      r.rounds.map((round, i) => ({
        ratio: i === 0 ? r.name : '',
        round: i + 1,
        ours: `${round.ours.p50Ms} ms p50, ${round.ours.requestsPerSecond}/s`,
        other: `${round.other.p50Ms} ms p50, ${round.other.requestsPerSecond}/s`,
        'round ratio': round.ratio,
        ...(i === r.rounds.length - 1 ? { 'median ratio': r.ratio, target: r.target, met: r.met } : {}),
      })),
    ),
  );
  console.table(statements.map((s) => ({ 'dashboard page size': s.pageSize, ...s.statements })));

  const cpu = await cpuPerRequest(graph, roundSeconds);
  results.cpuPerRequest = cpu;
  console.table(
    cpu.map((c) => ({
      scenario: c.scenario,
      'shared reads': c.sharing ? 'on' : 'off',
      'req/s': c.requestsPerSecond,
      ...Object.fromEntries(Object.entries(c.cpuMsPerRequest).map(([service, ms]) => [`${service} CPU ms/req`, ms])),
    })),
  );

  const plans = await explainHotPaths(graph.databaseUrl, BOT);
  results.explain = plans;
  console.table(
    plans.map((p) => ({
      path: p.path,
      statement: p.sql.slice(0, 70),
      'execution ms': p.executionMs,
      'sequential scans': p.sequentialScans.join(', ') || 'none',
    })),
  );

  const fanOut = [];
  for (const subscribers of quick ? [500] : [1000, 5000]) fanOut.push(await subscriptionFanOut(graph, subscribers, quick ? 10 : 30));
  results.subscriptions = fanOut;
  console.table(
    fanOut.map((r) => ({
      subscribers: r.subscribers,
      events: r.events,
      expected: r.expectedDeliveries,
      delivered: r.delivered,
      lost: r.lost,
      duplicates: r.duplicates,
      'p50 ms': r.latencyMs.p50,
      'p99 ms': r.latencyMs.p99,
      'heap B/subscriber': r.graphMemoryPerIdleSubscriberBytes.heap,
    })),
  );

  const firstLoad = await consoleFirstLoad(graph, quick ? 3 : 10);
  results.consoleFirstLoad = firstLoad;
  console.table([
    {
      scenario: firstLoad.name,
      loads: firstLoad.loads,
      'cold p50 ms': firstLoad.coldMs.p50,
      'cold max ms': firstLoad.coldMs.max,
      'warm p50 ms': firstLoad.warmMs.p50,
      target: `< ${firstLoad.targetMs} ms`,
      met: firstLoad.met,
    },
  ]);

  results.memory = await Promise.all(
    graph.services.map(async (service) => ({
      service: service.name,
      rssMiB: Math.round((await metric(service.adminUrl, 'process_resident_memory_bytes')) / 2 ** 20),
      heapUsedMiB: Math.round((await metric(service.adminUrl, 'nodejs_heap_size_used_bytes')) / 2 ** 20),
    })),
  );
  console.table(results.memory);
} finally {
  await graph.stop();
}
await mkdir('bench/results', { recursive: true });
const file = `bench/results/${results.startedAt as string}.json`.replace(/:/g, '-');
await writeFile(file, JSON.stringify(results, null, 2));
console.log(`results written to ${file}`);
