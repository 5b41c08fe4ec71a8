import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort, startProcess, startRedis, waitFor, type ProcessHandle, type SystemHandle } from '../../../libs/testing/src/index';
import { READY, ROLES } from './rungs/rung-process';

/** A process the benchmark bills CPU to, by the name the report gives it. */
export interface Watched {
  name: string;
  pid: number;
}

/** What the benchmark needs of a compared system, whichever kind it is: where to send charges, what to watch, how to stop it. */
export interface BenchSystem {
  gatewayUrl: string;
  redisUrl: string;
  /** Every process of the system: its services (or rung processes), its redis-server, its Jaeger if it has one. */
  processes: Watched[];
  stop(): Promise<void>;
}

/** A full system, as the test harness starts it. */
export function fullSystem(system: SystemHandle): BenchSystem {
  return {
    gatewayUrl: system.gatewayUrl,
    redisUrl: system.redis.url,
    processes: [
      ...Object.values(system.services).map((service) => ({ name: service.app, pid: service.process.pid })),
      { name: 'redis-server', pid: system.redis.process.pid },
      { name: 'jaeger', pid: system.jaeger.process.pid },
    ],
    stop: () => system.stop(),
  };
}

const logSays = (file: string, line: string): boolean => {
  try {
    return readFileSync(file, 'utf8').includes(line);
  } catch {
    return false;
  }
};

export interface StartRungOptions {
  dir: string;
  env?: Record<string, string>;
  /** Node's arguments before the role: the rung's build (dist/tools/bench/rungs/<rung>/main.js) by default. */
  entry?: string[];
}

/**
 * A lower rung of the ladder (src/rungs): a redis-server of its own and the rung's program run once
 * per role (`node <entry> <role>`), each ready once it prints READY.
 */
export async function startRung(rung: string, options: StartRungOptions): Promise<BenchSystem> {
  const redis = await startRedis({ dir: options.dir });
  const port = await freePort();
  const entry = options.entry ?? ['--enable-source-maps', join(resolve('dist/tools/bench/rungs', rung), 'main.js')];
  const processes: ProcessHandle[] = ROLES.map((role) =>
    startProcess({
      name: role,
      command: process.execPath,
      args: [...entry, role],
      env: { REDIS_URL: redis.url, PORT: String(port), NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env },
      logFile: join(options.dir, `${role}.log`),
    }),
  );
  const stop = async () => {
    await Promise.all(processes.map((handle) => handle.stop()));
    await redis.stop();
  };
  try {
    await Promise.all(processes.map((handle) => waitFor(async () => logSays(handle.logFile, READY), { what: `${rung} ${handle.name} ready`, process: handle })));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    gatewayUrl: `http://127.0.0.1:${port}`,
    redisUrl: redis.url,
    processes: [...processes.map((handle) => ({ name: handle.name, pid: handle.pid })), { name: 'redis-server', pid: redis.process.pid }],
    stop,
  };
}
