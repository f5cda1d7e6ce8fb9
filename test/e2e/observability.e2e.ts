import { describe, expect, it } from 'vitest';
import { useGraph } from '../graph.js';

const graph = useGraph();

const metricsOf = async (graphqlUrl: string) => (await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'))).text();

describe('observability', () => {
  it('every service answers /health and /ready', async () => {
    for (const url of [graph().gatewayUrl, ...Object.values(graph().subgraphUrls)]) {
      for (const path of ['/health', '/ready']) {
        const response = await fetch(url.replace(/\/graphql$/, path));
        expect(response.status, `${url} ${path}`).toBe(200);
      }
    }
  });

  it('counts and times operations per name and outcome, errors per code, and fetches per subgraph', async () => {
    const g = graph();
    expect((await g.query('query DirectoryOfSectors { sectors { id } }')).errors).toBeUndefined();
    await g.query('query BrokenOne { incident(id: "not-an-id") { id } }', { token: g.tokens.thaicert });
    const gateway = await metricsOf(g.gatewayUrl);
    expect(gateway).toMatch(/graphql_operations_total\{[^}]*operation="DirectoryOfSectors"[^}]*outcome="ok"[^}]*\} [1-9]/);
    expect(gateway).toMatch(/graphql_errors_total\{[^}]*operation="BrokenOne"[^}]*code="BAD_USER_INPUT"[^}]*\} [1-9]/);
    expect(gateway).toMatch(/graphql_operation_duration_seconds_bucket\{[^}]*operation="DirectoryOfSectors"/);
    expect(gateway).toMatch(/gateway_subgraph_fetches_total\{[^}]*subgraph="organizations"[^}]*outcome="ok"[^}]*\} [1-9]/);
    expect(gateway).toMatch(/gateway_subgraph_fetch_duration_seconds_count\{[^}]*subgraph="organizations"/);
    expect(gateway).toMatch(/^graphql_subscriptions_active/m);
    const organizations = await metricsOf(g.subgraphUrls.organizations!);
    expect(organizations).toMatch(/graphql_operations_total\{[^}]*outcome="ok"/);
  });

  it('shows how far events and feeds have got: outbox lag where produced, progress where consumed', async () => {
    const incidents = await metricsOf(graph().subgraphUrls.incidents!);
    expect(incidents).toMatch(/^outbox_lag_events\{[^}]*\} \d+/m);
    const statistics = await metricsOf(graph().subgraphUrls.statistics!);
    expect(statistics).toMatch(/feed_applied_sequence\{[^}]*feed="incidents"[^}]*\} [1-9]/);
    expect(statistics).toMatch(/feed_caught_up_timestamp_seconds\{[^}]*feed="organizations"/);
  });
});
