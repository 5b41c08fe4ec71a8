// Fixtures for jest tests. A separate entry point (`@hoptrace/testing/jest`): it registers jest hooks,
// so the harness itself (`@hoptrace/testing`) stays usable outside jest, by `npm run local` and the benchmark.
import { afterAll, beforeAll, beforeEach } from '@jest/globals';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { createRedis } from '@hoptrace/queue-transport';
import type IORedis from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JaegerClient } from '@hoptrace/trace-verdict';
import { startSystem, type StartSystemOptions, type SystemHandle } from './system';

/** What a system test works against; filled in before its first test runs. */
export interface SystemFixture {
  system: SystemHandle;
  jaeger: JaegerClient;
  /** The test's own connection; it reconnects by itself after a Redis restart. */
  redis: IORedis;
  /** Where the services' logs and Redis' files are. */
  dir: string;
}

/**
 * Starts the whole system for one test file and stops it, and removes its files, after the last
 * test. With KEEP_LOGS set, the services' logs are kept and their folder named.
 */
export function useSystem(name: string, options: Omit<StartSystemOptions, 'dir'> = {}): SystemFixture {
  const fixture = {} as SystemFixture;
  beforeAll(async () => {
    fixture.dir = mkdtempSync(join(tmpdir(), `hoptrace-${name}-`));
    fixture.system = await startSystem({ ...options, dir: fixture.dir });
    fixture.jaeger = new JaegerClient(fixture.system.jaeger.queryUrl);
    // Through the sentinels when the system has them, so it follows a failover as the services do.
    fixture.redis = createRedis(fixture.system.sentinel?.target ?? fixture.system.redis.url, 'blocking');
    // A test may restart Redis (or kill its primary) on purpose; it polls rather than listens.
    fixture.redis.on('error', () => undefined);
  }, 180_000);
  afterAll(async () => {
    fixture.redis?.disconnect();
    await fixture.system?.stop();
    if (!fixture.dir) return;
    if (process.env.KEEP_LOGS) process.stdout.write(`logs of ${name} kept in ${fixture.dir}\n`);
    else rmSync(fixture.dir, { recursive: true, force: true });
  });
  return fixture;
}

/**
 * OpenTelemetry for the tests of one describe block: W3C propagation, async context, and every
 * finished span in the returned exporter, emptied before each test.
 */
export function useInMemoryTracing(): InMemorySpanExporter {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const contextManager = new AsyncLocalStorageContextManager();
  beforeAll(() => {
    contextManager.enable();
    context.setGlobalContextManager(contextManager);
    trace.setGlobalTracerProvider(provider);
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });
  afterAll(() => {
    trace.disable();
    context.disable();
    propagation.disable();
  });
  beforeEach(() => exporter.reset());
  return exporter;
}
