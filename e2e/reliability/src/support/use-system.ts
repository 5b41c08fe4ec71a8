import { JaegerClient, startSystem, type StartSystemOptions, type SystemHandle } from '@hoptrace/testing';
import IORedis from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a reliability test works against; filled in before its first test runs. */
export interface SystemFixture {
  system: SystemHandle;
  jaeger: JaegerClient;
  /** The test's own connection; it reconnects by itself after a Redis restart. */
  redis: IORedis;
  dir: string;
}

/**
 * Starts the whole system for one test file and stops it after the last test. With KEEP_LOGS set,
 * the services' logs are kept and their folder named.
 */
export function useSystem(name: string, options: Omit<StartSystemOptions, 'dir'> = {}): SystemFixture {
  const fixture = {} as SystemFixture;
  beforeAll(async () => {
    fixture.dir = mkdtempSync(join(tmpdir(), `hoptrace-${name}-`));
    fixture.system = await startSystem({ ...options, dir: fixture.dir });
    fixture.jaeger = new JaegerClient(fixture.system.jaeger.queryUrl);
    fixture.redis = new IORedis(fixture.system.redis.url, { maxRetriesPerRequest: null });
    // A restart of Redis is expected here; the test polls rather than listens.
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
