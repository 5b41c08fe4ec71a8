import type IORedis from 'ioredis';
import type { Subject } from 'rxjs';

/**
 * A BullMQ transport's connection status, as Nest's Redis transport names it, pushed through the
 * client's and server's `status` observable.
 */
export const BullMqStatus = {
  CONNECTED: 'connected',
  RECONNECTING: 'reconnecting',
  DISCONNECTED: 'disconnected',
} as const;
export type BullMqStatus = (typeof BullMqStatus)[keyof typeof BullMqStatus];

/**
 * Follows `redis` and pushes its status to `status$`, as Nest's ClientRedis and ServerRedis do with
 * their own connections: `ready` is connected, `reconnecting` reconnecting, `end` (no retry left)
 * disconnected. A close the transport asked for is not reported.
 */
export function reportStatus(redis: IORedis, status$: Subject<BullMqStatus>, closing: () => boolean): void {
  redis.on('ready', () => status$.next(BullMqStatus.CONNECTED));
  redis.on('reconnecting', () => {
    if (!closing()) status$.next(BullMqStatus.RECONNECTING);
  });
  redis.on('end', () => {
    if (!closing()) status$.next(BullMqStatus.DISCONNECTED);
  });
}

/** Listeners given to `on()` before the emitter exists, attached once it does (as Nest's transports keep theirs). */
export class PendingListeners {
  private pending: Array<{ event: string; callback: (...args: unknown[]) => void }> = [];

  add(event: string, callback: (...args: unknown[]) => void): void {
    this.pending.push({ event, callback });
  }

  attachTo(emitter: { on(event: string, callback: (...args: unknown[]) => void): unknown }): void {
    for (const { event, callback } of this.pending) emitter.on(event, callback);
    this.pending = [];
  }
}
