import { describe, expect, it } from 'vitest';

import { ConfigError } from './env.js';
import { readSampler, startTelemetry, tracesUrl, tracing } from './telemetry.js';

describe('telemetry configuration', () => {
  it('exports to <OTEL_EXPORTER_OTLP_ENDPOINT>/v1/traces, or to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as it is', () => {
    expect(tracesUrl({})).toBeUndefined();
    expect(tracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toBe('http://collector:4318/v1/traces');
    expect(tracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b/traces' })).toBe(
      'http://b/traces',
    );
  });

  it('reads the specification’s sampler names, parent-based always-on by default, and refuses others', () => {
    expect(readSampler({}).toString()).toMatch(/ParentBased\{root=AlwaysOnSampler/);
    expect(readSampler({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.05' }).toString()).toMatch(
      /TraceIdRatioBased\{0.05\}/,
    );
    expect(() => readSampler({ OTEL_TRACES_SAMPLER: 'sometimes' })).toThrow(ConfigError);
    expect(() => readSampler({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '2' })).toThrow(ConfigError);
  });

  it('starts nothing without an endpoint, nor with a bad sampler', () => {
    // The test files share one process (vitest's isolate: false), and tracing.e2e.ts starts the
    // process's one provider: what this shows is that these calls change nothing.
    const before = tracing();
    startTelemetry({}, 'test');
    expect(tracing()).toBe(before);
    expect(() => startTelemetry({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_TRACES_SAMPLER: 'sometimes' }, 'test')).toThrow(
      /OTEL_TRACES_SAMPLER/,
    );
    expect(tracing()).toBe(before);
  });
});
