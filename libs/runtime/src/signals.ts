import { constants } from 'node:os';

/**
 * SIGTERM and SIGINT are handled from the moment this module loads, before Nest, OpenTelemetry and
 * the rest take their seconds to load: in a container node is often PID 1 (`CMD ["node", ...]`,
 * under Docker as under Kubernetes), and the kernel never applies a signal's default action to PID 1,
 * so a signal that arrived while the service was still loading was ignored, and the service was
 * killed after the grace period. Until the app exists, a signal exits at once with 128 + its number,
 * as a process the signal ended would; `onExitSignal` hands the signal to the app's close instead.
 * Nothing here but node:os, so a main.ts can import it first (`import '@hoptrace/runtime/signals'`).
 */
type SignalHandler = (signal: NodeJS.Signals, exitCode: number) => void;

const EXIT_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

let handler: SignalHandler = (_signal, exitCode) => process.exit(exitCode);

const onSignal = (signal: NodeJS.Signals) => handler(signal, 128 + constants.signals[signal]);

for (const signal of EXIT_SIGNALS) process.on(signal, onSignal);

/** From now on SIGTERM and SIGINT go to `next`, which must end the process. */
export function onExitSignal(next: SignalHandler): void {
  handler = next;
}
