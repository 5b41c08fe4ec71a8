import { constants } from 'node:os';

/** What a signal does: it must end the process, with `exitCode` unless something went wrong. */
export type ExitSignalHandler = (signal: NodeJS.Signals, exitCode: number) => void;

const EXIT_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

let handler: ExitSignalHandler = (_signal, exitCode) => process.exit(exitCode);
let listening = false;

/**
 * SIGTERM and SIGINT end the process with 128 + the signal's number, as a process the signal ended
 * would, or, once `next` is given, go to `next`. Nothing here but node:os, so that signals.ts can
 * install it before anything heavy loads; and nothing happens on import, so that a process with
 * handlers of its own (the scenario runner, a test) that loads this library keeps them alone.
 */
export function handleExitSignals(next?: ExitSignalHandler): void {
  if (next) handler = next;
  if (listening) return;
  listening = true;
  for (const signal of EXIT_SIGNALS) process.on(signal, (received: NodeJS.Signals) => handler(received, 128 + constants.signals[received]));
}
