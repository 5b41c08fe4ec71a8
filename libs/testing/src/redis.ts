import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { freePort } from './ports';
import { startProcess, waitFor, type ProcessHandle } from './process';

export interface StartRedisOptions {
  /** Working directory and log location. */
  dir: string;
  /** Defaults to a free loopback port. */
  port?: number;
  startTimeoutMs?: number;
  /**
   * Keep the data across restarts in an append-only file (fsync on every write), as a production
   * Redis behind a job queue is run. Off by default: most tests want a clean slate.
   */
  appendonly?: boolean;
  /** More redis-server options (`--replicaof host port`, say), after the harness' own. */
  args?: string[];
}

export interface RedisHandle {
  /** redis://127.0.0.1:<port> */
  url: string;
  port: number;
  logFile: string;
  /** The current redis-server process (replaced by restart()). */
  readonly process: ProcessHandle;
  stop(): Promise<void>;
  /** Starts redis-server again on the same port after stop(). */
  start(): Promise<void>;
  /** Stops and starts redis-server again on the same port; the data survives only with `appendonly`. */
  restart(): Promise<void>;
}

/** Sends a raw `PING` and resolves true on `+PONG`; false on any error or timeout. */
export function pingRedis(port: number, host = '127.0.0.1', timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    let reply = '';
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

export async function startRedis(opts: StartRedisOptions): Promise<RedisHandle> {
  const port = opts.port ?? (await freePort());
  const bin = process.env.REDIS_SERVER_BIN || 'redis-server';
  const dir = path.resolve(opts.dir);
  fs.mkdirSync(dir, { recursive: true });
  const logFile = path.join(dir, `redis-${port}.log`);

  const launch = async (): Promise<ProcessHandle> => {
    const proc = startProcess({
      name: `redis-server:${port}`,
      command: bin,
      // prettier-ignore
      args: [
        '--port', String(port),
        '--bind', '127.0.0.1',
        '--save', '',
        '--appendonly', opts.appendonly ? 'yes' : 'no',
        '--appendfsync', 'always',
        '--appendfilename', `appendonly-${port}.aof`,
        '--appenddirname', `appendonly-${port}`,
        '--dir', dir,
        '--protected-mode', 'yes',
        ...(opts.args ?? []),
      ],
      cwd: dir,
      logFile,
    });
    try {
      await waitFor(() => pingRedis(port), {
        what: `redis-server (${bin}) on 127.0.0.1:${port} to answer PING`,
        timeoutMs: opts.startTimeoutMs ?? 15_000,
        intervalMs: 100,
        process: proc,
      });
    } catch (err) {
      await proc.kill9();
      throw err;
    }
    return proc;
  };

  let current = await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    logFile,
    get process() {
      return current;
    },
    stop: () => current.stop(),
    async start() {
      if (!current.hasExited) throw new Error(`redis-server on port ${port} is still running`);
      current = await launch();
    },
    async restart() {
      await current.stop();
      current = await launch();
    },
  };
}
