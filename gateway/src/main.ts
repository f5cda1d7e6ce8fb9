import { runUntilStopped } from '../../platform/lifecycle.js';
import { startTelemetry } from '../../platform/telemetry.js';
import { readConfig } from './env.js';
import { start } from './server.js';

await runUntilStopped('gateway', async () => {
  // Before the server's logger and routes are made: they trace only when this started (OTEL_EXPORTER_OTLP_ENDPOINT).
  const telemetry = startTelemetry(process.env, 'gateway');
  const gateway = await start(readConfig(process.env));
  return { close: () => gateway.close().finally(telemetry.close) };
});
