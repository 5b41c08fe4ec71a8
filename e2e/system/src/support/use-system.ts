import { JaegerClient, startSystem, type StartSystemOptions, type SystemHandle } from '@hoptrace/testing';
import IORedis from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a system test works against; filled in before its first test runs. */
export interface SystemFixture {
  system: SystemHandle;
  jaeger: JaegerClient;
  redis: IORedis;
  /** Where the services' logs and Redis' files are. */
  dir: string;
}

/** Starts the whole system for one test file and stops it, and removes its files, after the last test. */
export function useSystem(name: string, options: Omit<StartSystemOptions, 'dir'> = {}): SystemFixture {
  const fixture = {} as SystemFixture;
  beforeAll(async () => {
    fixture.dir = mkdtempSync(join(tmpdir(), `hoptrace-${name}-`));
    fixture.system = await startSystem({ ...options, dir: fixture.dir });
    fixture.jaeger = new JaegerClient(fixture.system.jaeger.queryUrl);
    fixture.redis = new IORedis(fixture.system.redis.url);
  }, 120_000);
  afterAll(async () => {
    fixture.redis?.disconnect();
    await fixture.system?.stop();
    if (fixture.dir) rmSync(fixture.dir, { recursive: true, force: true });
  });
  return fixture;
}
