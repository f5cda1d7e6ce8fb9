import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

import { ConfigError, isProduction, optionalString, type Env } from './env.js';
import { traceFields, tracing } from './telemetry.js';

export type { Logger };

/** `json`: one object a line, for a log collector. `pretty`: one readable line an event, for a person at a terminal. */
export type LogFormat = 'json' | 'pretty';

/**
 * `LOG_FORMAT`. Production logs go to collectors, so they stay JSON; in development a person reads
 * them next to the demo tokens `npm start` prints.
 * @default 'json' when NODE_ENV=production, otherwise 'pretty'
 */
export function readLogFormat(env: Env): LogFormat {
  const format = optionalString(env, 'LOG_FORMAT') ?? (isProduction(env) ? 'json' : 'pretty');
  if (format !== 'json' && format !== 'pretty') throw new ConfigError(`LOG_FORMAT must be json or pretty, not ${format}`);
  return format;
}

/**
 * Structured logs (one line an event), named by the service that writes them. Pretty lines are
 * written synchronously on the main thread (no transport worker per service), so they keep their
 * order with what the process prints itself. While the process traces (see telemetry.ts), each line
 * carries the active span's `traceId` and `spanId`.
 */
export function createLogger(service: string, level: string, format: LogFormat = 'json'): Logger {
  const options = {
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...(tracing() && { mixin: traceFields }),
  };
  if (format === 'json') return pino(options);
  return pino(options, pretty({ sync: true, singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' }));
}
