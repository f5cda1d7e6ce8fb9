import 'reflect-metadata';

import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';

import pg from 'pg';

import { freePort } from '../scripts/embedded-postgres.js';
import { loadDataset, QUICK_SCALE, statisticsCaughtUp } from './dataset.js';
import { metric, startGraphProcess } from './graph-process.js';
import { inspectorSession } from './inspector.js';
import { memoryTrends, sampleMemory } from './memory-trend.js';
import { asFastAsPossible, atSteadyRate } from './rate.js';
import { byOperation, overall } from './soak-report.js';
import { startSubscribers } from './soak-subscribers.js';
import { printSoak, progressLine, soakResults } from './soak-tables.js';
import { PhaseLog, SoakTraffic } from './soak-traffic.js';
import { awaitDeliveries, checkWrites, committedEvents, newestEvent } from './soak-verify.js';
import { round } from './stats.js';

/**
 * `npm run bench:soak [-- --minutes N] [-- --quick]`: load with nothing lost. Starts the graph
 * as processes on a fresh database with a modest data set, measures what the machine can serve
 * of the soak's mix (reads, writes, subscribers), then holds a fraction of that for N minutes
 * (default 10; 1 with --quick) while subscribers are cut off now and then and resume. At the end
 * every acknowledged write is looked up in PostgreSQL, every subscriber's deliveries are compared
 * with the committed events of its scope, and each service's heap trend is computed from the heap
 * left after full collections forced once a window through its inspector (beside what its
 * `/metrics` shows). Writes bench/results/soak-<time>.json and prints the tables and a verdict.
 */
const { values } = parseArgs({
  options: {
    minutes: { type: 'string' },
    quick: { type: 'boolean', default: false },
    seed: { type: 'string', default: 'ncsa-graph-2026' },
    subscribers: { type: 'string', default: '40' },
    /** The share of the measured capacity to hold: a half leaves room for the noise of a shared machine. */
    load: { type: 'string', default: '0.5' },
  },
});
const quick = values.quick!;
const minutes = Number(values.minutes ?? (quick ? 1 : 10));
const subscriberCount = Number(values.subscribers);
const loadFraction = Number(values.load);
// A full soak judges the memory trend on minutes after a minute's warm-up; the quick one only shows it.
const plan = quick
  ? { warmUpSeconds: 3, calibrationSeconds: 10, sampleMs: 5000, trendWarmUpMs: 15_000, windowMs: 15_000, dropEveryMs: 15_000 }
  : { warmUpSeconds: 10, calibrationSeconds: 30, sampleMs: 15_000, trendWarmUpMs: 60_000, windowMs: 60_000, dropEveryMs: 30_000 };
const log = (line: string) => console.log(line);
const results: Record<string, unknown> = {
  startedAt: new Date().toISOString(),
  minutes,
  quick,
  seed: values.seed,
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  database: process.env.DATABASE_URL ? 'DATABASE_URL server' : 'embedded PostgreSQL',
  dataset: QUICK_SCALE,
};

// Each service gets an inspector and gc(), so the soak can force a full collection before reading its heap.
const inspectPorts = new Map<string, number>();
const graph = await startGraphProcess({
  nodeArgs: async (service) => {
    inspectPorts.set(service, await freePort());
    return ['--expose-gc', `--inspect=127.0.0.1:${inspectPorts.get(service)}`];
  },
});
const sessions = new Map(
  await Promise.all([...inspectPorts].map(async ([service, port]) => [service, await inspectorSession(port)] as const)),
);
const db = new pg.Client({ connectionString: graph.databaseUrl });
await db.connect();
try {
  log(`loading ${QUICK_SCALE.organizations} organizations, ${QUICK_SCALE.incidents} incidents, ${QUICK_SCALE.advisories} advisories…`);
  await loadDataset(graph.databaseUrl, QUICK_SCALE, values.seed!, log);
  await statisticsCaughtUp(graph.databaseUrl);

  // Subscribed after the newest event, so what each should receive is exactly what is committed after it.
  const startSequence = await newestEvent(db);
  const subscribers = await startSubscribers(graph, subscriberCount, startSequence, minutes * 60 + 3600);
  log(
    `${subscriberCount} subscribers after sequence ${startSequence}; upstream subscriptions: ${await metric(graph.gatewayAdminUrl, 'graphql_subscription_upstreams')}`,
  );

  // Capacity: the same mix, closed loop (6 readers, 2 writers), subscribers receiving throughout.
  const traffic = await SoakTraffic.start(graph);
  const flatOut = async (seconds: number) => {
    const until = Date.now() + seconds * 1000;
    await Promise.all([asFastAsPossible(6, until, () => traffic.tryRead()), asFastAsPossible(2, until, () => traffic.tryWrite())]);
  };
  await flatOut(plan.warmUpSeconds);
  const calibration = (traffic.log = new PhaseLog());
  await flatOut(plan.calibrationSeconds);
  const capacity = {
    readsPerSecond: round(calibration.reads.length / plan.calibrationSeconds),
    writesPerSecond: round(calibration.writes.length / plan.calibrationSeconds),
  };
  const rate = {
    readsPerSecond: round(capacity.readsPerSecond * loadFraction),
    writesPerSecond: round(capacity.writesPerSecond * loadFraction),
  };
  results.calibration = {
    seconds: plan.calibrationSeconds,
    capacity,
    latency: overall(calibration),
    byOperation: byOperation(calibration),
    errors: Object.fromEntries(calibration.errors),
    loadFraction,
    rate,
  };
  log(
    `capacity, closed loop: ${capacity.readsPerSecond} reads/s + ${capacity.writesPerSecond} writes/s; holding ${loadFraction} of it: ${rate.readsPerSecond} + ${rate.writesPerSecond} per second for ${minutes} min`,
  );

  const soak = (traffic.log = new PhaseLog());
  const benchCpu = process.cpuUsage();
  const memory = sampleMemory(graph.services, { intervalMs: plan.sampleMs, sessions, collectEveryMs: plan.windowMs });
  let dropped = 0;
  const dropper = setInterval(() => subscribers[dropped++ % subscribers.length]?.drop(), plan.dropEveryMs);
  const progress = setInterval(() => log(progressLine(soak, memory.samples, graph.services)), 60_000);
  const until = Date.now() + minutes * 60_000;
  await Promise.all([
    atSteadyRate(
      rate.readsPerSecond,
      until,
      () => traffic.tryRead(),
      () => (soak.skipped.reads += 1),
    ),
    atSteadyRate(
      rate.writesPerSecond,
      until,
      () => traffic.tryWrite(),
      () => (soak.skipped.writes += 1),
    ),
  ]);
  clearInterval(dropper);
  clearInterval(progress);
  const elapsedMs = soak.clock();
  const { user, system } = process.cpuUsage(benchCpu);
  results.loadGeneratorCpuPercent = round((user + system) / 10 / elapsedMs);
  await memory.stop();

  log('load stopped; waiting for the last deliveries…');
  const head = await newestEvent(db);
  const events = await committedEvents(db, startSequence);
  const deliveries = await awaitDeliveries(subscribers, events, head, 60_000);
  const writes = await checkWrites(db, traffic.acknowledged);
  let giveUp: NodeJS.Timeout | undefined;
  const statisticsSeconds = await Promise.race([
    statisticsCaughtUp(graph.databaseUrl),
    new Promise<number>((resolve) => (giveUp = setTimeout(() => resolve(NaN), 120_000))),
  ]);
  clearTimeout(giveUp);
  await Promise.all(subscribers.map((s) => s.stop()));

  const figures = soakResults({
    rate,
    log: soak,
    durationMs: minutes * 60_000,
    elapsedMs,
    windowMs: plan.windowMs,
    subscribers,
    deliveries,
    committed: events.filter((e) => e.sequence <= head),
    writes,
    trends: memoryTrends(memory, { warmUpMs: plan.trendWarmUpMs, windowMs: plan.windowMs }),
    judgeMemory: minutes * 60_000 >= plan.trendWarmUpMs + 5 * plan.windowMs,
  });
  Object.assign(results, figures, {
    statisticsCaughtUpSeconds: statisticsSeconds,
    memory: { samples: memory.samples, liveHeap: memory.liveHeap },
  });
  printSoak(figures);
  process.exitCode = figures.verdict.pass ? 0 : 1;
} finally {
  for (const session of sessions.values()) session.close();
  await db.end();
  await graph.stop();
}
await mkdir('bench/results', { recursive: true });
const file = `bench/results/soak-${results.startedAt as string}.json`.replace(/:/g, '-');
await writeFile(file, JSON.stringify(results, null, 2));
console.log(`results written to ${file}`);
