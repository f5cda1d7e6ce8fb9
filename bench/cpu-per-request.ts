import type { GraphProcess } from './graph-process.js';
import { metric } from './graph-process.js';
import { runLoad, type GraphQLLoad } from './load.js';
import { bearer, BOT, DASHBOARD, PUBLIC_QUERY, startGatewayProcess, tokensFor, TRIAGE } from './scenarios.js';
import { round } from './stats.js';

export interface CpuPerRequest {
  scenario: string;
  /** Whether identical reads of one caller in flight together ran once (SHARE_IDENTICAL_READS). */
  sharing: boolean;
  requestsPerSecond: number;
  requests: number;
  /** CPU milliseconds each process spent per request answered: the gateway, then each subgraph. */
  cpuMsPerRequest: Record<string, number>;
}

/** The scenarios whose CPU per request issue 17 sets targets for. */
async function loads(graph: GraphProcess): Promise<{ name: string; load: Omit<GraphQLLoad, 'url' | 'durationSeconds'> }[]> {
  const t = await tokensFor(graph);
  const base = { connections: 8 };
  return [
    {
      name: 'regulator dashboard (50 a page)',
      load: { ...base, name: 'dashboard', query: DASHBOARD, variables: { regulatorId: BOT, first: 50 }, headers: bearer(t.regulator) },
    },
    { name: 'ThaiCERT triage', load: { ...base, name: 'triage', query: TRIAGE, headers: bearer(t.thaicert) } },
    { name: 'public query, cache off', load: { ...base, name: 'public', query: PUBLIC_QUERY } },
    { name: 'me', load: { ...base, name: 'me', query: '{ me { role regulator { id nameEn } } }', headers: bearer(t.regulator) } },
  ];
}

/**
 * CPU per request of every process, for each scenario through two more gateways of ours over the
 * same subgraphs, both without the public cache: one sharing identical reads (the default), one
 * not — the bench's load is 8 connections sending the same request, so the first shows what sharing
 * saves and the second what one request really costs each process.
 */
export async function cpuPerRequest(graph: GraphProcess, seconds: number): Promise<CpuPerRequest[]> {
  const gateways = [
    { sharing: true, process: await startGatewayProcess(graph, 'dist/gateway/src/main.js', { PUBLIC_CACHE_SECONDS: '0' }) },
    {
      sharing: false,
      process: await startGatewayProcess(graph, 'dist/gateway/src/main.js', { PUBLIC_CACHE_SECONDS: '0', SHARE_IDENTICAL_READS: 'false' }),
    },
  ];
  try {
    const results: CpuPerRequest[] = [];
    for (const { name, load } of await loads(graph)) {
      for (const { sharing, process: gateway } of gateways) {
        const admins = { gateway: gateway.adminUrl, ...graph.subgraphAdminUrls };
        const cpu = async () =>
          Object.fromEntries(
            await Promise.all(
              Object.entries(admins).map(async ([service, url]) => [service, await metric(url, 'process_cpu_seconds_total')] as const),
            ),
          );
        await runLoad({ ...load, url: gateway.url, durationSeconds: 1 }); // warm up
        const before = await cpu();
        const result = await runLoad({ ...load, url: gateway.url, durationSeconds: seconds });
        const after = await cpu();
        const perRequest = (service: string) => round((1000 * (after[service]! - before[service]!)) / Math.max(result.requests, 1), 2);
        results.push({
          scenario: name,
          sharing,
          requestsPerSecond: result.requestsPerSecond,
          requests: result.requests,
          cpuMsPerRequest: Object.fromEntries(Object.keys(admins).map((service) => [service, perRequest(service)])),
        });
      }
    }
    return results;
  } finally {
    for (const { process } of gateways) process.stop();
  }
}
