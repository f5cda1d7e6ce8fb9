import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * Each service's own Prometheus registry (several services may share a process in development
 * and tests, so nothing goes into prom-client's global one). Served at `/metrics`.
 */
export function createMetrics(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}
