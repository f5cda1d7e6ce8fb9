import pg from 'pg';
import { readConfig as readGatewayConfig } from '../gateway/src/env.js';
import { mintDevelopmentToken } from '../gateway/src/development-tokens.js';
import { DEMO_REGULATOR_KEY, demoId } from '../subgraphs/organizations/src/demo-data/demo-registry.js';
import { Role } from '../subgraphs/shared/caller.js';
import type { GraphProcess } from './graph-process.js';
import { percentile } from './stats.js';

export interface QueryTiming {
  name: string;
  requests: number;
  p50Ms: number;
  p99Ms: number;
}

export interface StatisticsResult {
  incidentFacts: number;
  loadSeconds: number;
  timings: QueryTiming[];
}

/**
 * Fills the statistics read model with `count` incident facts spread over three years, every
 * sector and the demo regulators (written straight into the read model: this measures the
 * queries, not the event pipeline), then times the annual summary and the service-quality
 * indicators through the gateway.
 */
export async function statisticsAtScale(graph: GraphProcess, count: number, requests: number): Promise<StatisticsResult> {
  const db = new pg.Client({ connectionString: graph.databaseUrl });
  await db.connect();
  const started = Date.now();
  try {
    // The statistics subgraph learns the organizations from the registry's events.
    while (Number((await db.query('select count(*) from statistics.supervised_organization')).rows[0].count) === 0) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await db.query(
      `insert into statistics.incident_fact (incident_id, organization_id, sector_id, regulator_id, detected_at, detected_year, detected_month,
         notified_at, report_due_at, report_filed_at, first_assessed_at, closed_at, status, severity, categories, asset_types, last_sequence)
       select gen_random_uuid(), o.id, o.sector_id, o.regulator_id, d.at, extract(year from d.at at time zone 'Asia/Bangkok'),
         extract(month from d.at at time zone 'Asia/Bangkok'), d.at + interval '2 hours', d.at + interval '24 hours',
         case when i % 5 <> 0 then d.at + (i % 40) * interval '1 hour' end,
         case when i % 3 = 0 then d.at + interval '5 hours' end,
         case when i % 4 = 0 then d.at + interval '3 days' end,
         case when i % 4 = 0 then 'CLOSED' else 'REPORTED' end,
         (array['NON_SERIOUS','SERIOUS','CRITICAL_A','CRITICAL_B','UNDETERMINED'])[1 + i % 5],
         array[(array['CAT2_RECONNAISSANCE','CAT3_NON_COMPLIANCE_ACTIVITY','CAT4_MALICIOUS_LOGIC','CAT5_USER_LEVEL_INTRUSION','CAT6_ROOT_LEVEL_INTRUSION','CAT7_DENIAL_OF_SERVICE','CAT8_INVESTIGATING'])[1 + i % 7]],
         array[(array['SERVER_OR_DIRECTORY','WORKSTATION','SWITCH_OR_ROUTER','WEBSITE','OTHER'])[1 + i % 5]],
         0
       from generate_series(1, $1) as i
       cross join lateral (select now() - (i % 1095) * interval '1 day' - (i % 24) * interval '1 hour' as at) d
       cross join lateral (select id, sector_id, regulator_id from statistics.supervised_organization order by id offset (i % (select count(*) from statistics.supervised_organization)) limit 1) o`,
      [count],
    );
    await db.query('analyze statistics.incident_fact');
  } finally {
    await db.end();
  }
  const loadSeconds = (Date.now() - started) / 1000;

  const tokens = readGatewayConfig(graph.env).tokens;
  const regulatorId = demoId(`regulator:${DEMO_REGULATOR_KEY}`);
  const regulator = await mintDevelopmentToken(tokens, { role: Role.REGULATOR, subject: 'bench-regulator', regulatorId }, 3600);
  const year = new Date().getUTCFullYear() - 1;
  const timed = async (name: string, query: string, variables: Record<string, unknown>): Promise<QueryTiming> => {
    const durations: number[] = [];
    for (let i = 0; i < requests + 5; i++) {
      const t = performance.now();
      const response = await fetch(graph.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${regulator}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { errors?: unknown };
      if (body.errors) throw new Error(`${name} failed: ${JSON.stringify(body.errors)}`);
      if (i >= 5) durations.push(performance.now() - t); // the first few warm up
    }
    return { name, requests, p50Ms: Math.round(percentile(durations, 50) * 10) / 10, p99Ms: Math.round(percentile(durations, 99) * 10) / 10 };
  };
  return {
    incidentFacts: count,
    loadSeconds,
    timings: [
      await timed('annual summary (a regulator, a year)', `query ($y: Int!, $r: ID) { annualSummary(year: $y, regulatorId: $r) { incidentCount byCategory { count } byAssetType { count } bySeverity { count } } }`, { y: year, r: regulatorId }),
      await timed('service quality (a sector, a year)', `query ($from: DateTime!, $to: DateTime!) { serviceQuality(from: $from, to: $to, sectorId: "BANKING_FINANCE") { incidents detectionToNotification { medianHours p90Hours } detectionToReport { medianHours p90Hours } onTimeShare timeToClosure { medianHours } } }`, {
        from: `${year}-01-01T00:00:00Z`,
        to: `${year}-12-31T23:59:59Z`,
      }),
    ],
  };
}
