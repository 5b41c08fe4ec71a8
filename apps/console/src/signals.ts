import { constants } from 'node:os';

/**
 * SIGTERM or SIGINT closes the app (the scenario in flight has its fault switched off again) and
 * exits with 128 + the signal's number. Imported first by main.ts, before Nest and the libraries
 * load, since loading them takes seconds: in a container node is PID 1, which the kernel never ends
 * by a signal's default action, so a Ctrl-C of `docker compose up` while the console was still
 * loading left it to be killed. Until the app exists a signal exits at once; a second signal, or
 * 3 s, exits at once too.
 */
let close: (() => Promise<unknown>) | undefined;
let closing = false;

function onSignal(signal: NodeJS.Signals): void {
  const code = 128 + constants.signals[signal];
  if (closing || !close) process.exit(code);
  closing = true;
  setTimeout(() => process.exit(code), 3_000).unref();
  void close().finally(() => process.exit(code));
}

process.on('SIGTERM', onSignal);
process.on('SIGINT', onSignal);

/** From now on a signal closes the app first. */
export function closeOnSignals(app: { close(): Promise<unknown> }): void {
  close = () => app.close();
}
