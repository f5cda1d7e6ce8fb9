import type { ServiceProcess } from './graph-process.js';
import type { MemorySample, MemoryTrend } from './memory-trend.js';
import { byOperation, byRole, overall, perWindow, verdict } from './soak-report.js';
import type { ResumingSubscriber } from './soak-subscribers.js';
import type { PhaseLog } from './soak-traffic.js';
import type { ScopedEvent, SubscriberCheck, WriteCheck } from './soak-verify.js';
import { percentile, round } from './stats.js';

/** Everything the soak measured and checked, for its results file and tables. */
export interface SoakOutcome {
  rate: { readsPerSecond: number; writesPerSecond: number };
  log: PhaseLog;
  /** As scheduled; the load ran a little longer, finishing what was in flight. */
  durationMs: number;
  elapsedMs: number;
  windowMs: number;
  subscribers: readonly ResumingSubscriber[];
  deliveries: SubscriberCheck[];
  /** Committed events up to the head the deliveries were checked against. */
  committed: ScopedEvent[];
  writes: WriteCheck;
  trends: MemoryTrend[];
  judgeMemory: boolean;
}

const count = <T>(items: readonly T[], key: (item: T) => string) => {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
};

/** The figures as they go into bench/results/soak-<time>.json. */
export function soakResults(o: SoakOutcome) {
  const seconds = o.elapsedMs / 1000;
  // Deliveries during the soak only: the calibration before it runs the graph flat out.
  const latencies = o.subscribers.flatMap((s) => s.latencies).filter((l) => l.receivedAt >= o.log.startedAt);
  const ms = (list: readonly { ms: number }[]) => ({
    p50: round(
      percentile(
        list.map((l) => l.ms),
        50,
      ),
    ),
    p99: round(
      percentile(
        list.map((l) => l.ms),
        99,
      ),
    ),
  });
  const committedByType = count(o.committed, (e) => e.type);
  const reasons: Record<string, number> = {};
  for (const s of o.subscribers) for (const [reason, n] of s.reasons) reasons[reason] = (reasons[reason] ?? 0) + n;
  return {
    soak: {
      durationSeconds: round(seconds),
      rate: o.rate,
      achieved: { readsPerSecond: round(o.log.reads.length / seconds), writesPerSecond: round(o.log.writes.length / seconds) },
      skipped: o.log.skipped,
      retries: o.log.retries,
      latency: overall(o.log),
      byOperation: byOperation(o.log),
      errors: Object.fromEntries([...o.log.errors].sort()),
      perWindow: perWindow(o.log, o.windowMs, o.durationMs),
    },
    writes: o.writes,
    events: {
      committed: o.committed.length,
      byType: Object.fromEntries(
        Object.entries(committedByType).map(([type, committed]) => {
          const delivered = latencies.filter((l) => l.type === type);
          return [type, { committed, liveDeliveries: delivered.length, latencyMs: ms(delivered) }];
        }),
      ),
      deliveries: latencies.length,
      deliveryLatencyMs: ms(latencies),
      drops: {
        deliberate: o.subscribers.reduce((n, s) => n + s.drops.deliberate, 0),
        unplanned: o.subscribers.reduce((n, s) => n + s.drops.unplanned, 0),
      },
      reasons,
      byRole: byRole(o.deliveries),
      subscribers: o.deliveries,
    },
    memoryTrends: o.trends,
    verdict: verdict(o.writes, o.deliveries, o.trends, o.judgeMemory),
  };
}

/** The tables a person reads at the end of a run. */
export function printSoak(results: ReturnType<typeof soakResults>): void {
  const { soak, writes, events, memoryTrends, verdict: judged } = results;
  console.table(soak.perWindow);
  console.table({
    reads: {
      'target /s': soak.rate.readsPerSecond,
      'achieved /s': soak.achieved.readsPerSecond,
      count: soak.latency.reads.count,
      'p50 ms': soak.latency.reads.p50Ms,
      'p99 ms': soak.latency.reads.p99Ms,
      skipped: soak.skipped.reads,
    },
    writes: {
      'target /s': soak.rate.writesPerSecond,
      'achieved /s': soak.achieved.writesPerSecond,
      count: soak.latency.writes.count,
      'p50 ms': soak.latency.writes.p50Ms,
      'p99 ms': soak.latency.writes.p99Ms,
      skipped: soak.skipped.writes,
      retries: soak.retries,
    },
    'event deliveries': { count: events.deliveries, 'p50 ms': events.deliveryLatencyMs.p50, 'p99 ms': events.deliveryLatencyMs.p99 },
  });
  console.table(soak.byOperation);
  console.table(Object.keys(soak.errors).length ? soak.errors : { errors: 'none' });
  console.table([
    {
      'acknowledged writes': writes.acknowledged,
      lost: writes.lost,
      'without event': writes.withoutEvent,
      'applied twice': writes.appliedTwice,
      'stored, not acknowledged': writes.storedUnacknowledged,
    },
  ]);
  console.table(events.byRole);
  console.table(
    Object.fromEntries(
      Object.entries(events.byType).map(([type, t]) => [
        type,
        { committed: t.committed, 'live deliveries': t.liveDeliveries, 'p50 ms': t.latencyMs.p50, 'p99 ms': t.latencyMs.p99 },
      ]),
    ),
  );
  console.table({ 'deliberate drops': events.drops.deliberate, 'unplanned drops': events.drops.unplanned, ...events.reasons });
  console.table(
    memoryTrends.map((t) => ({
      service: t.service,
      'CPU %': t.cpuPercent,
      'heap after GC first/last MiB': t.liveHeapMiB ? `${t.liveHeapMiB.first} / ${t.liveHeapMiB.last}` : 'n/a',
      'after GC MiB/min': t.liveHeapSlopeMiBPerMinute,
      'rss first/last MiB': `${t.rssMiB.first} / ${t.rssMiB.last}`,
      'scraped lows MiB/min': t.heapLowsSlopeMiBPerMinute,
      'scraped Theil–Sen MiB/min': t.heapTheilSenMiBPerMinute,
      'rss MiB/min': t.rssTheilSenMiBPerMinute,
      'longest GC ms': t.longestGcMs,
    })),
  );
  console.table(judged.checks);
  console.log(
    `verdict: ${judged.pass ? 'PASS' : 'FAIL'} — ${events.committed} events committed, ${writes.acknowledged} writes acknowledged, ${soak.latency.reads.count} reads`,
  );
}

/** One line a minute while the soak runs, so a long run can be watched. */
export function progressLine(log: PhaseLog, samples: readonly MemorySample[], services: readonly ServiceProcess[]): string {
  const lastMinute = (t: { atMs: number }) => t.atMs >= log.clock() - 60_000;
  const p99 = (timed: { atMs: number; ms: number }[]) =>
    round(
      percentile(
        timed.filter(lastMinute).map((t) => t.ms),
        99,
      ),
    );
  const heaps = services
    .map((s) => `${s.name} ${round((samples.findLast((m) => m.service === s.name)?.heapUsedBytes ?? NaN) / 2 ** 20)}`)
    .join(', ');
  const errors = [...log.errors.values()].reduce((a, b) => a + b, 0);
  return `  ${round(log.clock() / 60_000)} min: ${log.reads.length} reads (p99 ${p99(log.reads)} ms), ${log.writes.length} writes (p99 ${p99(log.writes)} ms), ${errors} errors, skipped ${log.skipped.reads}+${log.skipped.writes}; heap MiB: ${heaps}`;
}
