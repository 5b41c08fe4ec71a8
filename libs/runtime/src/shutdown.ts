import { Logger, type INestApplicationContext } from '@nestjs/common';
import { handleExitSignals } from './exit-signals';

/** Long enough to finish a job in flight (billing waits 5 s for the processor), short of Compose's 10 s. */
export const SHUTDOWN_DEADLINE_MS = 8_000;

/**
 * Closes the app on SIGTERM or SIGINT, then exits with 128 + the signal's number, as a process the
 * signal ended would. Nest's own shutdown hooks (`enableShutdownHooks`) re-send the signal to the
 * process once the app is closed and leave the rest to its default action; but in a container node
 * often is PID 1 (`CMD ["node", ...]`, under Docker as under Kubernetes), and the kernel never
 * applies a default action to PID 1: the closed service would linger until it is killed. Exiting
 * explicitly works whatever the PID (and, through signals.ts, from a main.ts's first line on). A
 * second signal, or a close that outlasts `deadlineMs`, exits at once.
 */
export function exitOnSignals(app: INestApplicationContext, deadlineMs = SHUTDOWN_DEADLINE_MS): void {
  const logger = new Logger('Shutdown');
  let closing = false;
  handleExitSignals((signal, code) => {
    if (closing) {
      logger.warn({ msg: 'second signal: exiting without waiting for the close', signal });
      process.exit(code);
    }
    closing = true;
    logger.log({ msg: 'closing on signal', signal });
    const deadline = setTimeout(() => {
      logger.error({ msg: 'close outlasted its deadline: exiting', signal, deadline_ms: deadlineMs });
      process.exit(code);
    }, deadlineMs);
    app.close().then(
      () => {
        clearTimeout(deadline);
        process.exit(code);
      },
      (error: unknown) => {
        clearTimeout(deadline);
        logger.error({ msg: 'close failed', signal, reason: (error as Error).message });
        process.exit(1);
      },
    );
  });
}
