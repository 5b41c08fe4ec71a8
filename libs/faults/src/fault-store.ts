import { QUEUES } from '@hoptrace/contracts';
import { Queue } from 'bullmq';
import type IORedis from 'ioredis';
import { FAULT_NAMES, faultsFrom, NO_FAULTS, parseFault, type Faults, type InvalidFaultError } from './faults';

/** The Redis hash every replica reads its faults from: one field per fault that is on. */
export const FAULTS_KEY = 'faults';

/**
 * The faults in force, kept in Redis so that one switch reaches every replica without a restart.
 * Services read them where they act (one HGETALL, or a field of a pipeline they already send), so
 * a fault is in force for the very next request after `set` returns, with no cache to go stale.
 *
 * `processor_unavailable` is also enforced where it lives: the processor's queue is paused in
 * BullMQ, so no worker of any replica takes an authorization, exactly as if none were running.
 */
export class FaultStore {
  constructor(
    private readonly redis: IORedis,
    private readonly queuePrefix: string,
    private readonly onInvalid?: (error: InvalidFaultError) => void,
  ) {}

  async read(): Promise<Faults> {
    return faultsFrom(await this.redis.hgetall(FAULTS_KEY), this.onInvalid);
  }

  /** Switches the given faults to the given values (their zero value switches them off). */
  async set(changes: Partial<Faults>): Promise<Faults> {
    const next: Faults = { ...(await this.read()) };
    for (const [name, value] of Object.entries(changes)) {
      // Validates through the same parser the readers use, so nothing is stored that reads differently.
      (next as unknown as Record<string, unknown>)[name] = parseFault(name, String(value));
    }
    const pipeline = this.redis.multi();
    for (const name of FAULT_NAMES) {
      if (next[name] === NO_FAULTS[name]) pipeline.hdel(FAULTS_KEY, name);
      else pipeline.hset(FAULTS_KEY, name, String(next[name]));
    }
    await pipeline.exec();
    // Only a change that names it touches the queue: switching another fault opens no connection.
    if (changes.processor_unavailable !== undefined) await this.enforceProcessorAvailability(next.processor_unavailable);
    return next;
  }

  async clear(): Promise<Faults> {
    return this.set({ ...NO_FAULTS });
  }

  private async enforceProcessorAvailability(unavailable: boolean): Promise<void> {
    const connection = this.redis.duplicate();
    const queue = new Queue(QUEUES.processor, { connection, prefix: this.queuePrefix });
    try {
      if (unavailable) await queue.pause();
      else await queue.resume();
    } finally {
      await queue.close();
      // BullMQ leaves a connection it was handed open.
      connection.disconnect();
    }
  }
}
