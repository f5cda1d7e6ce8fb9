import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs (one line an event), named by the service that writes them. */
export function createLogger(service: string, level: string): Logger {
  return pino({ name: service, level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime });
}
