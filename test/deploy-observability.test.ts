import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import { SUBGRAPHS } from '../subgraphs/registry.js';
import { startGraph, type TestGraph } from './graph.js';
import { connect } from './ws-client.js';

/**
 * deploy/observability: the Grafana dashboard and the Prometheus alert rules name only series the
 * services really export (read from each one's /metrics on a running graph), the rules pass
 * `promtool check rules`, and Prometheus scrapes every service docker-compose.yml runs.
 */

const ROOT = join(import.meta.dirname, '..');
const OBSERVABILITY = join(ROOT, 'deploy', 'observability');
const RULES = join(OBSERVABILITY, 'prometheus', 'alerts.yml');
const DASHBOARD = join(OBSERVABILITY, 'grafana', 'dashboards', 'ncsa-graph.json');

/** Series Prometheus writes itself for every target. */
const PROMETHEUS_OWN = new Set(['up', 'scrape_duration_seconds', 'scrape_samples_scraped']);
/** PromQL words that are no series: aggregations' modifiers, set operators. Functions are followed by "(". */
const PROMQL_WORDS = new Set([
  'by',
  'without',
  'or',
  'and',
  'unless',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'offset',
  'inf',
  'nan',
]);

/** The series a PromQL expression reads (`rate(x_total{a="b"}[5m])` → x_total). */
function seriesIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // strings (label values, Grafana legends)
    .replace(/\{[^}]*\}/g, '') // label matchers
    .replace(/\[[^\]]*\]/g, '') // ranges, $__rate_interval included
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ') // label lists
    .replace(/\$\w+/g, ' ');
  return [...bare.matchAll(/([A-Za-z_:][A-Za-z0-9_:]*)(\s*\()?/g)]
    .filter(([, name, call]) => !call && !PROMQL_WORDS.has(name!.toLowerCase()))
    .map(([, name]) => name!);
}

async function alertExpressions(): Promise<{ name: string; expr: string }[]> {
  const rules = parse(await readFile(RULES, 'utf8')) as { groups: { rules: { alert: string; expr: string }[] }[] };
  return rules.groups.flatMap((group) => group.rules.map((rule) => ({ name: rule.alert, expr: rule.expr })));
}

async function dashboardExpressions(): Promise<{ name: string; expr: string }[]> {
  const dashboard = JSON.parse(await readFile(DASHBOARD, 'utf8')) as {
    panels: { title: string; targets?: { expr: string }[] }[];
    templating: { list: { definition?: string }[] };
  };
  return [
    ...dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ name: panel.title, expr: target.expr }))),
    ...dashboard.templating.list.flatMap((variable) =>
      variable.definition
        ? [{ name: `$${variable.definition}`, expr: variable.definition.replace(/^label_values\(([^,]+),.*$/, '$1') }]
        : [],
    ),
  ];
}

/** Every series a service's /metrics exposes, by its `# TYPE` lines (a histogram also as _bucket, _sum, _count). */
async function exported(adminUrl: string): Promise<Set<string>> {
  const text = await (await fetch(`${adminUrl}/metrics`)).text();
  const names = new Set<string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name!);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
    if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(`${name}${suffix}`);
  }
  return names;
}

const PROMTOOL = spawnSync('promtool', ['--version']).status === 0;
// .ci/run installs Debian's prometheus and sets REQUIRE_DEPLOY_TOOLS: there a missing promtool fails.
const promtoolRuns = PROMTOOL || process.env.REQUIRE_DEPLOY_TOOLS === 'true';
if (!promtoolRuns)
  console.warn('test/deploy-observability.test.ts: promtool is not installed (apt-get install prometheus): its checks are skipped');

describe.runIf(promtoolRuns)('promtool', () => {
  it('passes the alert rules (promtool check rules)', () => {
    expect(PROMTOOL, 'promtool is installed (.ci/run installs Debian’s prometheus)').toBe(true);
    const result = spawnSync('promtool', ['check', 'rules', RULES], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toMatch(/SUCCESS: \d+ rules found/);
    expect(result.status).toBe(0);
  });

  it('passes the Prometheus configuration, with its rule file (promtool check config)', async () => {
    expect(PROMTOOL).toBe(true);
    const dir = await mkdtemp(join(tmpdir(), 'ncsa-graph-prometheus-'));
    try {
      const config = await readFile(join(OBSERVABILITY, 'prometheus', 'prometheus.yml'), 'utf8');
      await writeFile(join(dir, 'prometheus.yml'), config.replace('/etc/prometheus/alerts.yml', RULES));
      const result = spawnSync('promtool', ['check', 'config', join(dir, 'prometheus.yml')], { encoding: 'utf8' });
      expect(result.stdout + result.stderr).toMatch(/SUCCESS/);
      expect(result.status).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the Prometheus scrape configuration', () => {
  it('scrapes every service docker-compose.yml runs, on its admin port', async () => {
    const compose = parse(await readFile(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, { profiles?: string[]; healthcheck?: { test: string[] } }>;
    };
    const adminPorts = Object.entries(compose.services).flatMap(([name, service]) => {
      const port = /127\.0\.0\.1:(94\d\d)\/ready/.exec(service.healthcheck?.test?.join(' ') ?? '')?.[1];
      return port ? [`${name}:${port}`] : [];
    });
    expect(adminPorts.length).toBe(1 + SUBGRAPHS.length);
    const prometheus = parse(await readFile(join(OBSERVABILITY, 'prometheus', 'prometheus.yml'), 'utf8')) as {
      scrape_configs: { static_configs: { targets: string[] }[] }[];
    };
    const targets = prometheus.scrape_configs.flatMap((job) => job.static_configs.flatMap((c) => c.targets));
    expect(targets.sort()).toEqual(adminPorts.sort());
    for (const name of ['prometheus', 'grafana']) expect(compose.services[name]?.profiles).toEqual(['observability']);
  });
});

describe('series named by the dashboard and the alert rules', () => {
  let graph: TestGraph;
  let series: Set<string>;

  beforeAll(async () => {
    graph = await startGraph();
    // A query and a subscription, so nothing is registered only once used.
    await graph.query('{ sectors { id } }');
    const ws = connect(graph.gatewayUrl, graph.tokens.ncsa);
    const sub = ws.subscribe('subscription { incidentEvents(afterSequence: 0) { sequence } }');
    await sub.waitFor(1).catch(() => undefined);
    series = new Set(PROMETHEUS_OWN);
    for (const service of ['gateway', ...SUBGRAPHS.map((s) => s.name)])
      for (const name of await exported(graph.adminUrl(service))) series.add(name);
    await ws.dispose();
  }, 120_000);
  afterAll(async () => {
    await graph?.close();
  });

  it('reads expressions this test understands (it finds the series in each)', async () => {
    expect(
      seriesIn('sum by (service, le) (rate(graphql_operation_duration_seconds_bucket{service=~"$service"}[$__rate_interval]))'),
    ).toEqual(['graphql_operation_duration_seconds_bucket']);
    expect(seriesIn('time() - max(deadline_scan_completed_timestamp_seconds) > 3 * max(x) or absent(y)')).toEqual([
      'deadline_scan_completed_timestamp_seconds',
      'x',
      'y',
    ]);
    for (const { name, expr } of [...(await alertExpressions()), ...(await dashboardExpressions())]) {
      expect(seriesIn(expr).length, `${name}: ${expr}`).toBeGreaterThan(0);
    }
  });

  it.each([
    ['alert rules', alertExpressions],
    ['dashboard', dashboardExpressions],
  ])('the %s name only series the services export', async (_, expressions) => {
    const unknown = (await expressions()).flatMap(({ name, expr }) =>
      seriesIn(expr)
        .filter((s) => !series.has(s))
        .map((s) => `${name}: ${s}`),
    );
    expect(unknown).toEqual([]);
  });

  it('covers what an operator watches: requests, latency, errors, fetches and circuits, subscriptions, outbox, feeds, deadlines', async () => {
    const named = new Set([...(await dashboardExpressions())].flatMap(({ expr }) => seriesIn(expr)));
    for (const required of [
      'graphql_operations_total',
      'graphql_operation_duration_seconds_bucket',
      'graphql_errors_total',
      'gateway_subgraph_fetches_total',
      'gateway_subgraph_circuit_open',
      'graphql_subscriptions_active',
      'outbox_lag_events',
      'feed_caught_up_timestamp_seconds',
      'deadline_scan_completed_timestamp_seconds',
    ]) {
      expect(named.has(required), required).toBe(true);
    }
    const alerts = (await alertExpressions()).map((a) => a.name);
    expect(alerts).toEqual(
      expect.arrayContaining(['OutboxLagHigh', 'FeedStuck', 'SubgraphCircuitOpen', 'ServerErrorRatioHigh', 'DeadlineScanStale']),
    );
  });

  it('has a dashboard Grafana can load: unique panel ids, the provisioned data source', async () => {
    const dashboard = JSON.parse(await readFile(DASHBOARD, 'utf8')) as {
      uid: string;
      panels: { id: number; datasource?: { uid: string } }[];
    };
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const sources = parse(await readFile(join(OBSERVABILITY, 'grafana', 'provisioning', 'datasources', 'prometheus.yml'), 'utf8')) as {
      datasources: { uid: string }[];
    };
    const uids = new Set(sources.datasources.map((d) => d.uid));
    for (const panel of dashboard.panels.filter((p) => p.datasource)) expect(uids.has(panel.datasource!.uid)).toBe(true);
  });
});
