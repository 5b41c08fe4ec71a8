import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Waits at least `ms` by the clock spans are timed with. Node's timers count from the event loop's
 * cached millisecond clock, so a plain `setTimeout(ms)` can end a fraction of a millisecond early by
 * `performance.now()`, and a latency fault's span would then show less than the latency it injected.
 */
export async function holdFor(
  ms: number,
  now: () => number = () => performance.now(),
  wait: (ms: number) => Promise<unknown> = sleep,
): Promise<void> {
  const until = now() + ms;
  for (let left = ms; left > 0; left = until - now()) await wait(Math.ceil(left));
}
