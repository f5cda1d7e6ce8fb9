import type { GraphProcess } from './graph-process.js';
import { postGraphQL } from './load.js';
import { atSteadyRate } from './rate.js';
import { PUBLIC_QUERY } from './scenarios.js';
import { percentile, round } from './stats.js';

/**
 * The flood of issue 13: an anonymous document of one nested field repeated, just under 3,000
 * tokens. Valid as far as the parser goes; graphql-js's validation compares every pair of the
 * repeated fields, so refusing it used to cost the gateway 100–700 ms of CPU.
 */
const REPEATED_SELECTIONS = `{ advisories { edges { node { ${'revisions { number } '.repeat(740)}} } } }`;

export interface Latencies {
  requests: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers with an error, by the first error's code. */
  errors: Record<string, number>;
}

export interface FloodResult {
  name: string;
  /** The public query alone, then while the flood runs. */
  quiet: Latencies;
  flooded: Latencies;
  /** How the flood itself was answered. */
  flood: Latencies & { connections: number; perSecond: number };
}

interface Answers {
  latencies: number[];
  errors: Record<string, number>;
}

/**
 * Sends `operation` `perSecond` times a second for `seconds` (open loop; a start finding
 * `inFlight` still waiting is dropped), into `answers`: each one's time, and its error code if any.
 */
async function paced(
  perSecond: number,
  seconds: number,
  inFlight: number,
  operation: () => Promise<string | undefined>,
  answers: Answers,
): Promise<void> {
  let waiting = 0;
  const count = (code: string) => (answers.errors[code] = (answers.errors[code] ?? 0) + 1);
  await atSteadyRate(
    perSecond,
    Date.now() + seconds * 1000,
    () => {
      if (waiting >= inFlight) return null;
      waiting += 1;
      const started = performance.now();
      return operation()
        .then(
          (code) => code && count(code),
          () => count('NETWORK'),
        )
        .then(() => {
          answers.latencies.push(performance.now() - started);
          waiting -= 1;
        });
    },
    () => count('NOT_SENT (too many waiting)'),
  );
}

const summary = ({ latencies, errors }: Answers): Latencies => ({
  requests: latencies.length,
  p50Ms: round(percentile(latencies, 50)),
  p99Ms: round(percentile(latencies, 99)),
  errors,
});

const firstErrorCode = async (answer: ReturnType<typeof postGraphQL>) => {
  const { errors } = await answer;
  return errors ? (errors[0]?.extensions?.code ?? 'UNKNOWN') : undefined;
};

/**
 * A normal public query's latency (20 a second, as public pages poll it) alone, then while
 * `connections` anonymous loops each send the repeated-selection document `perSecond` times a
 * second (at most 4 waiting per loop), as in issue 13's report.
 */
export async function publicQueryUnderFlood(
  graph: GraphProcess,
  seconds: number,
  { connections = 4, perSecond = 7 } = {},
): Promise<FloodResult> {
  const probe = async () => {
    const answers: Answers = { latencies: [], errors: {} };
    await paced(20, seconds, 20, () => firstErrorCode(postGraphQL(graph.gatewayUrl, { query: PUBLIC_QUERY })), answers);
    return answers;
  };
  await probe(); // warm up
  const quiet = await probe();
  const flood: Answers = { latencies: [], errors: {} };
  const [flooded] = await Promise.all([
    probe(),
    ...Array.from({ length: connections }, () =>
      paced(perSecond, seconds, 4, () => firstErrorCode(postGraphQL(graph.gatewayUrl, { query: REPEATED_SELECTIONS })), flood),
    ),
  ]);
  return {
    name: `public query (advisories + sectors, 20/s) under ${connections} anonymous loops of ${perSecond}/s repeated-selection documents`,
    quiet: summary(quiet),
    flooded: summary(flooded),
    flood: { connections, perSecond, ...summary(flood) },
  };
}
