import 'reflect-metadata';

import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { freePort } from '../scripts/embedded-postgres.js';
import { loadDataset, NATIONAL_SCALE, QUICK_SCALE, statisticsCaughtUp } from './dataset.js';
import { startGraphProcess } from './graph-process.js';
import { inspectorSession } from './inspector.js';
import { runLoad, type GraphQLLoad } from './load.js';
import { overheadLoads, PUBLIC_QUERY, readLoads } from './scenarios.js';

/**
 * `npm run bench:profile -- <scenario> [--seconds N] [--no-profile] [--national]`: runs one scenario against the graph while
 * every service process records a V8 CPU profile (through its inspector, so start-up and data
 * loading stay out of it), then prints where each process spent its time, by package and by
 * function. The `.cpuprofile` files open in Chrome DevTools or speedscope. `--no-profile` just
 * measures the scenario, for a quick before/after of one change.
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    seconds: { type: 'string', default: '10' },
    'no-profile': { type: 'boolean', default: false },
    national: { type: 'boolean', default: false },
  },
});
const profiling = !values['no-profile'];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where the time went: the package (or our own folder) a frame belongs to. */
function ownerOf(url: string): string {
  if (!url) return '(native / idle / GC)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1]!;
  if (url.startsWith('node:')) return 'node core';
  const ours = /dist\/(gateway|subgraphs\/[^/]+|bench|scripts)/.exec(url);
  return ours ? `ours: ${ours[1]}` : url;
}

function summarize(profile: CpuProfile, top = 12): { byOwner: [string, number][]; byFunction: [string, number][]; busyShare: number } {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfTime = new Map<number, number>();
  profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfTime.values()].reduce((a, b) => a + b, 0);
  let busy = 0;
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, time] of selfTime) {
    const frame = nodes.get(id)!.callFrame;
    if (frame.functionName === '(idle)') continue;
    busy += time;
    const owner = ownerOf(frame.url);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + time);
    const fn = `${frame.functionName || '(anonymous)'} ${owner}:${frame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + time);
  }
  const share = (entries: Map<string, number>) =>
    [...entries]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, time]) => [name, Math.round((1000 * time) / busy) / 10] as [string, number]);
  return { byOwner: share(byOwner), byFunction: share(byFunction), busyShare: Math.round((1000 * busy) / total) / 10 };
}

/** A CPU profiler session with one service process, over its inspector's WebSocket. */
async function profiler(inspectPort: number): Promise<{ start: () => Promise<void>; stop: () => Promise<CpuProfile> }> {
  const session = await inspectorSession(inspectPort);
  return {
    start: async () => {
      await session.call('Profiler.enable');
      await session.call('Profiler.start');
    },
    stop: async () => {
      const { profile } = await session.call<{ profile: CpuProfile }>('Profiler.stop');
      session.close();
      return profile;
    },
  };
}

const scenario = positionals[0];
const directory = resolve(`bench/results/profiles/${new Date().toISOString().replace(/:/g, '-')}`);
await mkdir(directory, { recursive: true });
const inspectPorts = new Map<string, number>();
const graph = await startGraphProcess({
  nodeArgs: async (service) => {
    if (!profiling) return [];
    inspectPorts.set(service, await freePort());
    return [`--inspect=127.0.0.1:${inspectPorts.get(service)}`];
  },
});
const profiles = new Map<string, CpuProfile>();
try {
  await loadDataset(graph.databaseUrl, values.national ? NATIONAL_SCALE : QUICK_SCALE, 'ncsa-graph-2026', () => {});
  await statisticsCaughtUp(graph.databaseUrl);
  const reads = await readLoads(graph);
  const overhead = await overheadLoads(graph);
  const loads: Record<string, Omit<GraphQLLoad, 'durationSeconds'>> = {
    dashboard: reads[0]!,
    triage: reads[1]!,
    'annual-summary': reads[2]!,
    'service-quality': reads[3]!,
    'via-gateway': overhead.viaGateway,
    direct: overhead.direct,
    public: { name: 'public advisories and sectors', url: graph.gatewayUrl, query: PUBLIC_QUERY, connections: 8 },
  };
  const load = scenario ? loads[scenario] : undefined;
  if (!load) throw new Error(`usage: npm run bench:profile -- <${Object.keys(loads).join('|')}> [--seconds N]`);
  const sessions = new Map(
    await Promise.all([...(profiling ? inspectPorts : [])].map(async ([service, port]) => [service, await profiler(port)] as const)),
  );
  for (const session of sessions.values()) await session.start();
  const result = await runLoad({ ...load, durationSeconds: Number(values.seconds) });
  for (const [service, session] of sessions) profiles.set(service, await session.stop());
  console.log(`${result.name}: ${result.requestsPerSecond} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`);
} finally {
  await graph.stop();
}
for (const [service, profile] of profiles) {
  await writeFile(join(directory, `${service}.cpuprofile`), JSON.stringify(profile));
  const { byOwner, byFunction, busyShare } = summarize(profile);
  console.log(`\n${service}: busy ${busyShare}% of the run`);
  console.table(byOwner.map(([owner, percent]) => ({ '% of busy time': percent, owner })));
  console.table(byFunction.map(([fn, percent]) => ({ '% of busy time': percent, function: fn })));
}
console.log(`profiles in ${directory}`);
