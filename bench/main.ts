import 'reflect-metadata';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { startGraphProcess } from './graph-process.js';
import { statisticsAtScale } from './statistics.js';
import { subscriptionFanOut, type FanOutResult } from './subscriptions.js';

/**
 * `npm run bench [-- --quick] [-- --scenario subscriptions]`: starts the whole graph in its own
 * process, runs each scenario, writes bench/results/<time>.json and prints a table. Figures are
 * measured here, never asserted in tests.
 */
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    scenario: { type: 'string', multiple: true },
  },
});
const wanted = (name: string) => !values.scenario || values.scenario.includes(name);

const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
const results: Record<string, unknown> = { startedAt: new Date().toISOString(), quick: values.quick, machine };

const graph = await startGraphProcess();
try {
  if (wanted('subscriptions')) {
    const runs: FanOutResult[] = [];
    for (const subscribers of values.quick ? [200, 1000] : [1000, 5000]) {
      runs.push(await subscriptionFanOut(graph, subscribers, values.quick ? 10 : 30));
    }
    results.subscriptions = runs;
    console.table(
      runs.map((r) => ({
        subscribers: r.subscribers,
        events: r.events,
        'expected deliveries': r.expectedDeliveries,
        delivered: r.delivered,
        lost: r.lost,
        duplicates: r.duplicates,
        'latency p50 ms': r.latencyMs.p50,
        'latency p99 ms': r.latencyMs.p99,
        scopes: r.distinctScopes,
        upstreams: r.upstreamSubscriptions,
        'graph heap B/subscriber': r.graphMemoryPerIdleSubscriberBytes.heap,
        'graph RSS B/subscriber': r.graphMemoryPerIdleSubscriberBytes.rss,
      })),
    );
  }
  if (wanted('statistics')) {
    const result = await statisticsAtScale(graph, 100_000, values.quick ? 20 : 100);
    results.statistics = result;
    console.log(`statistics: ${result.incidentFacts} incident facts loaded in ${result.loadSeconds} s`);
    console.table(result.timings);
  }
} finally {
  await graph.stop();
}
await mkdir('bench/results', { recursive: true });
const file = `bench/results/${results.startedAt as string}.json`.replace(/:/g, '-');
await writeFile(file, JSON.stringify(results, null, 2));
console.log(`results written to ${file}`);
