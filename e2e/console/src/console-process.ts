import { freePort, startProcess, waitFor, type ProcessHandle } from '@hoptrace/testing';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

export interface ConsoleHandle {
  url: string;
  process: ProcessHandle;
  stop(): Promise<void>;
}

/** The console's production build (dist/apps/console) as its own process, as docker-compose.yml runs it. */
export async function startConsole(dir: string, env: Record<string, string>, name = 'console'): Promise<ConsoleHandle> {
  const port = await freePort();
  const handle = startProcess({
    name,
    command: process.execPath,
    args: ['--enable-source-maps', join(ROOT, 'dist/apps/console/main.js')],
    env: { PORT: String(port), HOST: '127.0.0.1', NO_COLOR: '1', FORCE_COLOR: undefined, ...env },
    cwd: ROOT,
    logFile: join(dir, `${name}.log`),
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      async () => {
        try {
          return (await fetch(`${url}/healthz`)).ok;
        } catch {
          return false;
        }
      },
      { what: `${name} healthy on ${url}`, timeoutMs: 30_000, logFile: handle.logFile, process: handle },
    );
  } catch (error) {
    await handle.stop();
    throw error;
  }
  return { url, process: handle, stop: () => handle.stop() };
}
