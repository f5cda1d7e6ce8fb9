import 'reflect-metadata';
import { runUntilStopped } from '../subgraphs/shared/lifecycle.js';
import { startWholeGraph, type WholeGraph } from './whole-graph.js';

function welcome(graph: WholeGraph): string {
  const lines = [''];
  if (graph.embeddedDataDir) lines.push(`Embedded PostgreSQL, data kept in ${graph.embeddedDataDir}`);
  lines.push(`Gateway ready: ${graph.gatewayUrl}`, '');
  if (graph.demoTokens.length > 0) {
    lines.push('Demo tokens, valid 12 hours. Send one as "Authorization: Bearer <token>":');
    for (const { caller, token } of graph.demoTokens) {
      const actingFor = 'organizationId' in caller ? ` organization ${caller.organizationId}` : 'regulatorId' in caller ? ` regulator ${caller.regulatorId}` : '';
      lines.push('', `  ${caller.role}${actingFor}`, `  ${token}`);
    }
  } else {
    lines.push('Tokens come from your identity provider (JWT_JWKS_URL / JWT_PUBLIC_KEY).');
  }
  lines.push('', `Try:  curl -s ${graph.gatewayUrl} -H 'content-type: application/json' -d '{"query":"{ sectors { id nameTh nameEn } }"}'`, '');
  return lines.join('\n');
}

/** `npm start`: the whole graph on one machine; Ctrl-C stops it cleanly. */
await runUntilStopped('graph', async () => {
  const graph = await startWholeGraph(process.env);
  console.log(welcome(graph));
  return graph;
});
