import { metrics, type ServiceProcess } from './graph-process.js';
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

const MIB = 2 ** 20;
const MINUTE_MS = 60_000;

/**
 * Scrapes every service's `/metrics` on a fixed interval. A failed scrape is skipped rather than
 * fatal: a missing point barely moves a slope, and the soak's verdict should not hinge on one.
 */
export function sampleMemory(services: readonly ServiceProcess[], intervalMs: number): { samples: MemorySample[]; stop: () => Promise<void> } {
  const samples: MemorySample[] = [];
  const started = Date.now();
  const scrape = () =>
    Promise.all(
      services.map(async (service) => {
        const m = await metrics(service.url, ['process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'process_cpu_seconds_total']).catch(() => null);
        if (!m) return;
        samples.push({ service: service.name, atMs: Date.now() - started, rssBytes: m.process_resident_memory_bytes, heapUsedBytes: m.nodejs_heap_size_used_bytes, cpuSeconds: m.process_cpu_seconds_total });
      }),
    );
  let pending = scrape();
  const timer = setInterval(() => (pending = pending.then(scrape)), intervalMs);
  return {
    samples,
    stop: async () => {
      clearInterval(timer);
      await pending;
      await scrape(); // the last point, so the trend reaches the end of the load
    },
  };
}

export interface MemoryTrend {
  service: string;
  heapUsedMiB: { first: number; last: number; min: number; max: number };
  rssMiB: { first: number; last: number };
  /** Least-squares slope of each window's lowest heap sample (an approximation of the post-GC floor). */
  heapLowsSlopeMiBPerMinute: number;
  /** Theil–Sen slope of every heap sample after the warm-up. */
  heapTheilSenMiBPerMinute: number;
  rssTheilSenMiBPerMinute: number;
  /** Average share of one core the service used over the whole sampling. */
  cpuPercent: number;
  points: number;
}

/**
 * Heap used is a sawtooth: it climbs with allocation and drops at each collection, and the load
 * cannot force a collection in another process. What grows under a leak is the floor the
 * sawtooth returns to, so each window's lowest sample (a minute in a full soak) stands in for it
 * and the trend is the least-squares slope of those lows; a window cut short at the end, with
 * fewer samples and so a higher minimum, is left out. Theil–Sen over every sample is reported beside it as a
 * check that does not depend on where the windows fall. The first `warmUpMs` are left out:
 * caches, JIT and connection pools fill then, which is growth but not a leak.
 */
export function memoryTrends(samples: readonly MemorySample[], { warmUpMs, windowMs }: { warmUpMs: number; windowMs: number }): MemoryTrend[] {
  const services = [...new Set(samples.map((s) => s.service))];
  return services.map((service) => {
    const all = samples.filter((s) => s.service === service);
    const steady = all.filter((s) => s.atMs >= warmUpMs);
    const minutes = (s: MemorySample) => s.atMs / MINUTE_MS;
    const windows = new Map<number, MemorySample[]>();
    for (const s of steady) {
      const window = Math.floor((s.atMs - warmUpMs) / windowMs);
      windows.set(window, [...(windows.get(window) ?? []), s]);
    }
    const fullWindow = Math.max(...[...windows.values()].map((w) => w.length)) * 0.75;
    const lows = [...windows.values()]
      .filter((w) => w.length >= fullWindow)
      .map((w) => w.reduce((low, s) => (s.heapUsedBytes < low.heapUsedBytes ? s : low)));
    const heap = (list: Iterable<MemorySample>): Point[] => [...list].map((s) => ({ x: minutes(s), y: s.heapUsedBytes / MIB }));
    const heapMiB = all.map((s) => s.heapUsedBytes / MIB);
    return {
      service,
      heapUsedMiB: { first: round(heapMiB[0] ?? NaN), last: round(heapMiB.at(-1) ?? NaN), min: round(Math.min(...heapMiB)), max: round(Math.max(...heapMiB)) },
      rssMiB: { first: round((all[0]?.rssBytes ?? NaN) / MIB), last: round((all.at(-1)?.rssBytes ?? NaN) / MIB) },
      heapLowsSlopeMiBPerMinute: round(leastSquaresSlope(heap(lows)), 2),
      heapTheilSenMiBPerMinute: round(theilSenSlope(heap(steady)), 2),
      rssTheilSenMiBPerMinute: round(theilSenSlope(steady.map((s) => ({ x: minutes(s), y: s.rssBytes / MIB }))), 2),
      cpuPercent: round((100 * ((all.at(-1)?.cpuSeconds ?? NaN) - (all[0]?.cpuSeconds ?? NaN))) / (((all.at(-1)?.atMs ?? NaN) - (all[0]?.atMs ?? NaN)) / 1000)),
      points: steady.length,
    };
  });
}
