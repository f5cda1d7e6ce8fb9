import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Starts an operation `perSecond` times a second until `until` (open loop: a slow answer does
 * not slow the schedule), then waits for the ones still running. A start for which `start`
 * has no free slot is counted as skipped.
 */
export async function atSteadyRate(
  perSecond: number,
  until: number,
  start: () => Promise<void> | null,
  skipped: () => void,
): Promise<void> {
  const running = new Set<Promise<void>>();
  const intervalMs = 1000 / perSecond;
  const began = Date.now();
  for (let i = 0; ; i++) {
    const due = began + i * intervalMs;
    if (due >= until) break;
    if (due > Date.now()) await sleep(due - Date.now());
    const operation = start();
    if (!operation) {
      skipped();
      continue;
    }
    running.add(operation);
    void operation.finally(() => running.delete(operation));
  }
  await Promise.all(running);
}

/** `workers` loops, each starting its next operation as soon as the last one finished, until `until`. */
export async function asFastAsPossible(workers: number, until: number, start: () => Promise<void> | null): Promise<void> {
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (Date.now() < until) await (start() ?? sleep(10));
    }),
  );
}
