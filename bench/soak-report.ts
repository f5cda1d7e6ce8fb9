import type { MemoryTrend } from './memory-trend.js';
import type { PhaseLog, Timed } from './soak-traffic.js';
import type { SubscriberCheck, WriteCheck } from './soak-verify.js';
import { percentile, round } from './stats.js';

/**
 * Heap growth above which a service fails the soak. A 10-minute run cannot tell a slow leak from
 * caches still filling (token, plan and document caches are bounded LRUs), so the bar is set at
 * what would be plainly visible: 1 MiB a minute is 1.4 GiB a day, many times any service's heap.
 */
const HEAP_TREND_LIMIT_MIB_PER_MINUTE = 1;

const latency = (timed: readonly Timed[]) => {
  const ms = timed.filter((t) => t.ok).map((t) => t.ms);
  return { p50Ms: round(percentile(ms, 50)), p99Ms: round(percentile(ms, 99)) };
};

/** Reads and writes of one window of the soak: how many, how fast, how many failed. */
export interface WindowFigures {
  minute: number;
  reads: number;
  readP50Ms: number;
  readP99Ms: number;
  readsFailed: number;
  writes: number;
  writeP50Ms: number;
  writeP99Ms: number;
  writesFailed: number;
}

/** The soak cut into windows (minutes), so a drift in latency shows as a drift in the rows. */
export function perWindow(log: PhaseLog, windowMs: number, durationMs: number): WindowFigures[] {
  const rows: WindowFigures[] = [];
  for (let from = 0; from < durationMs; from += windowMs) {
    const inWindow = (t: Timed) => t.atMs >= from && t.atMs < from + windowMs;
    const reads = log.reads.filter(inWindow);
    const writes = log.writes.filter(inWindow);
    const r = latency(reads);
    const w = latency(writes);
    rows.push({
      minute: round(from / 60_000 + windowMs / 60_000, 2),
      reads: reads.length,
      readP50Ms: r.p50Ms,
      readP99Ms: r.p99Ms,
      readsFailed: reads.filter((t) => !t.ok).length,
      writes: writes.length,
      writeP50Ms: w.p50Ms,
      writeP99Ms: w.p99Ms,
      writesFailed: writes.filter((t) => !t.ok).length,
    });
  }
  return rows;
}

/** Latency over the whole of a phase. */
export const overall = (log: PhaseLog) => ({
  reads: { count: log.reads.length, ...latency(log.reads) },
  writes: { count: log.writes.length, ...latency(log.writes) },
});

/** Latency per read scenario and kind of write over a phase: which operation a slow percentile comes from. */
export function byOperation(log: PhaseLog) {
  const all = [...log.reads, ...log.writes];
  return [...new Set(all.map((t) => t.name))].map((name) => {
    const mine = all.filter((t) => t.name === name);
    return { operation: name, count: mine.length, failed: mine.filter((t) => !t.ok).length, ...latency(mine) };
  });
}

export interface Check {
  check: string;
  value: number | string;
  limit: string;
  ok: boolean;
}

/**
 * Pass means: every acknowledged write is in the database with its event, applied once; every
 * subscriber received every committed event of its scope, once, and nothing outside it; and no
 * service's heap after full collections (else the floor of its scraped heap) rose faster than
 * {@link HEAP_TREND_LIMIT_MIB_PER_MINUTE}. A run too short
 * for a trend (the quick mode) reports the slopes but does not judge them.
 */
export function verdict(
  writes: WriteCheck,
  subscribers: readonly SubscriberCheck[],
  memory: readonly MemoryTrend[],
  judgeMemory: boolean,
): { pass: boolean; checks: Check[] } {
  const sum = (pick: (c: SubscriberCheck) => number) => subscribers.reduce((total, c) => total + pick(c), 0);
  const checks: Check[] = [
    { check: 'lost writes (acknowledged, not in PostgreSQL)', value: writes.lost, limit: '0', ok: writes.lost === 0 },
    { check: 'acknowledged writes without their outbox event', value: writes.withoutEvent, limit: '0', ok: writes.withoutEvent === 0 },
    { check: 'writes applied twice (same idempotency key)', value: writes.appliedTwice, limit: '0', ok: writes.appliedTwice === 0 },
    { check: 'lost events (committed, in scope, not delivered)', value: sum((c) => c.lost), limit: '0', ok: sum((c) => c.lost) === 0 },
    { check: 'duplicate event deliveries', value: sum((c) => c.duplicates), limit: '0', ok: sum((c) => c.duplicates) === 0 },
    {
      check: 'events delivered outside the subscriber’s scope',
      value: sum((c) => c.outOfScope),
      limit: '0',
      ok: sum((c) => c.outOfScope) === 0,
    },
    ...memory.map((m) => {
      const slope = m.liveHeapSlopeMiBPerMinute ?? m.heapLowsSlopeMiBPerMinute;
      return {
        check: `heap trend, ${m.service} (MiB/min, ${m.liveHeapSlopeMiBPerMinute === null ? 'slope of the lows' : 'after forced full GCs'})`,
        value: slope,
        limit: judgeMemory ? `≤ ${HEAP_TREND_LIMIT_MIB_PER_MINUTE}` : 'not judged (run too short)',
        ok: !judgeMemory || slope <= HEAP_TREND_LIMIT_MIB_PER_MINUTE,
      };
    }),
  ];
  return { pass: checks.every((c) => c.ok), checks };
}

/** Subscriber checks summed per role, for a table that stays short with many subscribers. */
export function byRole(checks: readonly SubscriberCheck[]) {
  const roles = [...new Set(checks.map((c) => c.role))];
  return roles.map((role) => {
    const mine = checks.filter((c) => c.role === role);
    const sum = (pick: (c: SubscriberCheck) => number) => mine.reduce((total, c) => total + pick(c), 0);
    return {
      role,
      subscribers: mine.length,
      scopes: new Set(mine.map((c) => c.scope)).size,
      expected: sum((c) => c.expected),
      delivered: sum((c) => c.delivered),
      lost: sum((c) => c.lost),
      duplicates: sum((c) => c.duplicates),
      'out of scope': sum((c) => c.outOfScope),
    };
  });
}
