import 'reflect-metadata';

import { runUntilStopped } from '../platform/lifecycle.js';
import { startTelemetry } from '../platform/telemetry.js';
import { SUBGRAPHS } from '../subgraphs/registry.js';

/** `npm run start:subgraph -- <name>`: runs one subgraph alone against DATABASE_URL, as in production. */
const name = process.argv[2];
const entry = SUBGRAPHS.find((s) => s.name === name);
if (!entry) {
  console.error(`usage: npm run start:subgraph -- <${SUBGRAPHS.map((s) => s.name).join('|')}>`);
  process.exitCode = 2;
} else {
  await runUntilStopped(entry.name, async () => {
    const telemetry = startTelemetry(process.env, entry.name); // traces when OTEL_EXPORTER_OTLP_ENDPOINT is set
    const subgraph = await entry.start(process.env);
    return { close: () => subgraph.close().finally(telemetry.close) };
  });
}
