import 'reflect-metadata';

import { DEMO_ORGANIZATIONS, DEMO_REGULATORS, demoId } from '../demo/demo-registry.js';
import type { SignedInCaller } from '../platform/caller.js';
import { runUntilStopped } from '../platform/lifecycle.js';
import { startTelemetry } from '../platform/telemetry.js';
import { startWholeGraph, type WholeGraph } from './whole-graph.js';

/** Whom a demo token acts for, as a shell comment after it. */
function actingFor(caller: SignedInCaller): string {
  const named = (kind: string, id: string, demo: { key: string; nameEn: string }[]) =>
    `   # ${demo.find((entry) => demoId(`${kind}:${entry.key}`) === id)?.nameEn ?? 'not demo data'}, ${kind} ${id}`;
  if ('organizationId' in caller) return named('organization', caller.organizationId, DEMO_ORGANIZATIONS);
  if ('regulatorId' in caller) return named('regulator', caller.regulatorId, DEMO_REGULATORS);
  return '';
}

function welcome(graph: WholeGraph): string {
  const lines = [''];
  if (graph.embeddedDataDir) lines.push(`Embedded PostgreSQL, data kept in ${graph.embeddedDataDir}`);
  lines.push(
    `Gateway ready: ${graph.gatewayUrl}`,
    `Console: ${new URL('/', graph.gatewayUrl).href}`,
    `Its /ready and /metrics: ${graph.gatewayAdminUrl}`,
    '',
  );
  if (graph.demoTokens.length > 0) {
    lines.push(
      'Demo tokens, valid 12 hours: send one as "Authorization: Bearer <token>".',
      "As shell variables, for the README's examples (paste these lines):",
      '',
    );
    for (const { caller, token } of graph.demoTokens) lines.push(`${caller.role}=${token}${actingFor(caller)}`);
  } else {
    lines.push('Tokens come from your identity provider (JWT_JWKS_URL / JWT_PUBLIC_KEY).');
  }
  lines.push(
    '',
    `Try:  curl -s ${graph.gatewayUrl} -H 'content-type: application/json' -d '{"query":"{ sectors { id nameTh nameEn } }"}'`,
    '',
  );
  return lines.join('\n');
}

/** `npm start`: the whole graph on one machine; Ctrl-C stops it cleanly. */
await runUntilStopped('graph', async () => {
  // One tracer provider for every service of this process; each span names its service (graph.service).
  const telemetry = startTelemetry(process.env, 'thai-cyber-threat-graph');
  const graph = await startWholeGraph(process.env);
  console.log(welcome(graph));
  return { ...graph, close: () => graph.close().finally(telemetry.close) };
});
