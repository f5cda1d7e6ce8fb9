import { metrics, type ServiceProcess } from './graph-process.js';
import type { InspectorSession } from './inspector.js';
import { leastSquaresSlope, round, theilSenSlope, type Point } from './stats.js';

/** One scrape of a service's memory gauges (and its CPU counter, to show how busy the rate kept it). */
export interface MemorySample {
  service: string;
  /** Milliseconds since sampling started. */
  atMs: number;
  rssBytes: number;
  heapUsedBytes: number;
  cpuSeconds: number;
}

/** The heap a service still holds right after a full collection: what a leak makes grow. */
export interface LiveHeapSample {
  service: string;
  atMs: number;
  liveHeapBytes: number;
  /** How long the forced collection took, measured inside the service (which is paused meanwhile). */
  gcMs: number;
}

export interface MemorySampling {
  samples: MemorySample[];
  liveHeap: LiveHeapSample[];
  /** Takes a last sample of each kind, so the trends reach the end of the load, and stops. */
  stop(): Promise<void>;
}

const MIB = 2 ** 20;
const MINUTE_MS = 60_000;

/**
 * One full mark-compact, timed inside the service (it needs `--expose-gc`). Not the inspector's
 * HeapProfiler.collectGarbage: that is a low-memory notification, several full collections in a
 * row, and paused services for 0.5–1.2 s each here against ≈ 0.1 s for one.
 */
const FULL_GC = '(() => { const started = performance.now(); gc(); return performance.now() - started; })()';

/**
 * Scrapes every service's `/metrics` every `intervalMs`; and, for services with an inspector
 * session (started with `--expose-gc`), every `collectEveryMs` forces a full collection and reads
 * the heap left (`Runtime.getHeapUsage`). Collections run one service after another, so
 * no two services pause at once. A failed sample is skipped rather than fatal: a missing point
 * barely moves a slope.
 */
export function sampleMemory(
  services: readonly ServiceProcess[],
  options: { intervalMs: number; sessions?: ReadonlyMap<string, InspectorSession>; collectEveryMs?: number },
): MemorySampling {
  const samples: MemorySample[] = [];
  const liveHeap: LiveHeapSample[] = [];
  const started = Date.now();
  const scrape = () =>
    Promise.all(
      services.map(async (service) => {
        const m = await metrics(service.adminUrl, [
          'process_resident_memory_bytes',
          'nodejs_heap_size_used_bytes',
          'process_cpu_seconds_total',
        ]).catch(() => null);
        if (!m) return;
        samples.push({
          service: service.name,
          atMs: Date.now() - started,
          rssBytes: m.process_resident_memory_bytes,
          heapUsedBytes: m.nodejs_heap_size_used_bytes,
          cpuSeconds: m.process_cpu_seconds_total,
        });
      }),
    );
  const collect = async () => {
    for (const [service, session] of options.sessions ?? []) {
      const gc = await session
        .call<{ result: { value?: unknown } }>('Runtime.evaluate', { expression: FULL_GC, returnByValue: true })
        .catch(() => null);
      const used = await session.call<{ usedSize: number }>('Runtime.getHeapUsage').catch(() => null);
      if (typeof gc?.result.value === 'number' && used)
        liveHeap.push({ service, atMs: Date.now() - started, liveHeapBytes: used.usedSize, gcMs: round(gc.result.value) });
    }
  };
  let scraping = scrape();
  let collecting: Promise<void> = Promise.resolve();
  const timers = [setInterval(() => (scraping = scraping.then(scrape)), options.intervalMs)];
  if (options.sessions?.size && options.collectEveryMs)
    timers.push(setInterval(() => (collecting = collecting.then(collect)), options.collectEveryMs));
  return {
    samples,
    liveHeap,
    stop: async () => {
      for (const timer of timers) clearInterval(timer);
      await Promise.all([scraping, collecting]);
      await Promise.all([scrape(), collect()]);
    },
  };
}

export interface MemoryTrend {
  service: string;
  heapUsedMiB: { first: number; last: number; min: number; max: number };
  rssMiB: { first: number; last: number };
  /** After forced full collections (when the service could be inspected): first and last after the warm-up. */
  liveHeapMiB: { first: number; last: number } | null;
  /** Least-squares slope of the heap left after each forced collection, after the warm-up. */
  liveHeapSlopeMiBPerMinute: number | null;
  /** Least-squares slope of each window's lowest scraped heap (the floor of the sawtooth, approximately). */
  heapLowsSlopeMiBPerMinute: number;
  /** Theil–Sen slope of every scraped heap sample after the warm-up. */
  heapTheilSenMiBPerMinute: number;
  rssTheilSenMiBPerMinute: number;
  /** Average share of one core the service used over the whole sampling. */
  cpuPercent: number;
  /** The longest forced collection, i.e. the longest pause the measuring added. */
  longestGcMs: number | null;
}

const toMinutes = (s: { atMs: number }) => s.atMs / MINUTE_MS;

/** Each window's lowest heap sample; a window cut short at the end (fewer samples, so a higher minimum) is left out. */
function windowLows(steady: readonly MemorySample[], warmUpMs: number, windowMs: number): MemorySample[] {
  const windows = new Map<number, MemorySample[]>();
  for (const s of steady) {
    const window = Math.floor((s.atMs - warmUpMs) / windowMs);
    windows.set(window, [...(windows.get(window) ?? []), s]);
  }
  const fullWindow = Math.max(...[...windows.values()].map((w) => w.length)) * 0.75;
  return [...windows.values()]
    .filter((w) => w.length >= fullWindow)
    .map((w) => w.reduce((low, s) => (s.heapUsedBytes < low.heapUsedBytes ? s : low)));
}

/**
 * Heap used is a sawtooth: it climbs with allocation and drops at each collection, and under a
 * light load V8 may go minutes between full collections, so even the lows of scraped samples
 * can climb for a while without anything leaking. The trend that answers "does it leak" is the
 * one of the heap left after forced full collections; the two from scraping (the slope of each
 * window's low, and Theil–Sen over every sample) are reported beside it, and stand in for it
 * when a service could not be inspected. The first `warmUpMs` are left out: caches, JIT and
 * connection pools fill then, which is growth but not a leak.
 */
export function memoryTrends(
  sampling: Pick<MemorySampling, 'samples' | 'liveHeap'>,
  { warmUpMs, windowMs }: { warmUpMs: number; windowMs: number },
): MemoryTrend[] {
  const services = [...new Set(sampling.samples.map((s) => s.service))];
  return services.map((service) => {
    const all = sampling.samples.filter((s) => s.service === service);
    const steady = all.filter((s) => s.atMs >= warmUpMs);
    const live = sampling.liveHeap.filter((s) => s.service === service && s.atMs >= warmUpMs);
    const heapPoints = (list: readonly MemorySample[]): Point[] => list.map((s) => ({ x: toMinutes(s), y: s.heapUsedBytes / MIB }));
    const heapMiB = all.map((s) => s.heapUsedBytes / MIB);
    const allLive = sampling.liveHeap.filter((s) => s.service === service);
    return {
      service,
      heapUsedMiB: {
        first: round(heapMiB[0] ?? NaN),
        last: round(heapMiB.at(-1) ?? NaN),
        min: round(Math.min(...heapMiB)),
        max: round(Math.max(...heapMiB)),
      },
      rssMiB: { first: round((all[0]?.rssBytes ?? NaN) / MIB), last: round((all.at(-1)?.rssBytes ?? NaN) / MIB) },
      liveHeapMiB: live.length ? { first: round(live[0]!.liveHeapBytes / MIB), last: round(live.at(-1)!.liveHeapBytes / MIB) } : null,
      liveHeapSlopeMiBPerMinute:
        live.length >= 3 ? round(leastSquaresSlope(live.map((s) => ({ x: toMinutes(s), y: s.liveHeapBytes / MIB }))), 2) : null,
      heapLowsSlopeMiBPerMinute: round(leastSquaresSlope(heapPoints(windowLows(steady, warmUpMs, windowMs))), 2),
      heapTheilSenMiBPerMinute: round(theilSenSlope(heapPoints(steady)), 2),
      rssTheilSenMiBPerMinute: round(theilSenSlope(steady.map((s) => ({ x: toMinutes(s), y: s.rssBytes / MIB }))), 2),
      cpuPercent: round(
        (100 * ((all.at(-1)?.cpuSeconds ?? NaN) - (all[0]?.cpuSeconds ?? NaN))) /
          (((all.at(-1)?.atMs ?? NaN) - (all[0]?.atMs ?? NaN)) / 1000),
      ),
      longestGcMs: allLive.length ? Math.max(...allLive.map((s) => s.gcMs)) : null,
    };
  });
}
