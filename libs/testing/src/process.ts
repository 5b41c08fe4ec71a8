import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface StartProcessOptions {
  name: string;
  command: string;
  args?: string[];
  /** Merged over process.env. A value of `undefined` removes the variable. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** stdout and stderr are appended here. */
  logFile: string;
}

export interface ProcessHandle {
  name: string;
  pid: number;
  child: ChildProcess;
  logFile: string;
  /** Resolves with the exit code (null when killed by a signal or when spawning failed). */
  exited: Promise<number | null>;
  /** True once the process has exited. */
  readonly hasExited: boolean;
  /** Signals the process group, escalating to SIGKILL after timeoutMs. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<void>;
  kill9(): Promise<void>;
  /** Freezes the process group (SIGSTOP): it keeps its sockets but answers nothing, like a hung server. */
  pause(): void;
  /** Lets a paused process group run again (SIGCONT). */
  resume(): void;
}

// Process groups still running, so that a test run that forgets (or fails) to stop them
// does not leave servers behind when node exits.
const running = new Set<number>();
process.once('exit', () => {
  for (const pid of running) signalGroup(pid, 'SIGKILL');
});

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  // Never let a missing pid turn into kill(-0) / kill(1).
  if (!(pid > 1)) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/**
 * Spawns `command` in its own process group (so wrappers such as `npx`/`tsx` are stopped
 * together with the node process they start), output appended to `logFile`.
 */
export function startProcess(opts: StartProcessOptions): ProcessHandle {
  fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
  const fd = fs.openSync(opts.logFile, 'a');
  fs.writeSync(fd, `\n--- ${new Date().toISOString()} starting ${opts.name}: ${opts.command} ${(opts.args ?? []).join(' ')}\n`);

  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(opts.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }

  let child: ChildProcess;
  try {
    child = spawn(opts.command, opts.args ?? [], {
      cwd: opts.cwd,
      env,
      stdio: ['ignore', fd, fd],
      detached: true,
    });
  } finally {
    // The child holds its own copy of the descriptor.
    fs.closeSync(fd);
  }

  let hasExited = false;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code, signal) => {
      hasExited = true;
      if (child.pid) running.delete(child.pid);
      appendQuietly(opts.logFile, `--- ${opts.name} exited (code=${code}, signal=${signal})\n`);
      resolve(code);
    });
    child.once('error', (err) => {
      // Spawning failed (e.g. ENOENT); 'exit' will not follow.
      hasExited = true;
      appendQuietly(opts.logFile, `--- ${opts.name} failed to start: ${err.message}\n`);
      resolve(null);
    });
  });
  if (child.pid) running.add(child.pid);

  const pid = child.pid ?? -1;
  const handle: ProcessHandle = {
    name: opts.name,
    pid,
    child,
    logFile: opts.logFile,
    exited,
    get hasExited() {
      return hasExited;
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000) {
      if (hasExited) return;
      // A frozen process would not act on the signal until the deadline's SIGKILL.
      signalGroup(pid, 'SIGCONT');
      signalGroup(pid, signal);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        exited.then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs))),
      ]);
      clearTimeout(timer);
      if (timedOut) await handle.kill9();
      // Leftover group members (e.g. the real server behind a wrapper) go too.
      signalGroup(pid, 'SIGKILL');
    },
    async kill9() {
      signalGroup(pid, 'SIGKILL');
      await exited;
    },
    pause() {
      if (!hasExited) signalGroup(pid, 'SIGSTOP');
    },
    resume() {
      if (!hasExited) signalGroup(pid, 'SIGCONT');
    },
  };
  return handle;
}

export interface WaitForOptions {
  /** What is awaited, for the error message ("redis on port 1234 to answer PING"). */
  what: string;
  timeoutMs?: number;
  intervalMs?: number;
  /** Its tail is included in the timeout error. */
  logFile?: string;
  /** Fail fast if this process exits while waiting. */
  process?: ProcessHandle;
}

/** Polls `check` until it resolves true; a throwing check counts as "not yet". */
export async function waitFor(check: () => Promise<boolean>, opts: WaitForOptions): Promise<void> {
  const { what, timeoutMs = 30_000, intervalMs = 200 } = opts;
  const logFile = opts.logFile ?? opts.process?.logFile;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (opts.process?.hasExited) {
      const code = await opts.process.exited;
      throw new Error(failureMessage(`${opts.process.name} exited (code ${code}) while waiting for ${what}`, lastError, logFile));
    }
    if (Date.now() >= deadline) {
      throw new Error(failureMessage(`Timed out after ${timeoutMs} ms waiting for ${what}`, lastError, logFile));
    }
    await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
  }
}

function appendQuietly(file: string, text: string): void {
  try {
    fs.appendFileSync(file, text);
  } catch {
    // The log directory may already have been cleaned up.
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The last `lines` lines of a file, or '' if it cannot be read. */
export function tailFile(file: string, lines = 40, maxBytes = 16_384): string {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const length = Math.min(size, maxBytes);
      const buf = Buffer.alloc(length);
      fs.readSync(fd, buf, 0, length, size - length);
      return buf.toString('utf8').split('\n').slice(-lines).join('\n');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return '';
  }
}

function failureMessage(headline: string, lastError: unknown, logFile?: string): string {
  let msg = headline;
  if (lastError !== undefined) {
    msg += `\nLast check error: ${lastError instanceof Error ? lastError.message : String(lastError)}`;
  }
  if (logFile) msg += `\n--- tail of ${logFile} ---\n${tailFile(logFile)}`;
  return msg;
}
