import type { Queue } from 'bullmq';
import type IORedis from 'ioredis';

/*
 * Takes a job back off its queue if, and only if, no worker has taken it yet: it is still in the
 * wait list (or the prioritized set, or the legacy paused list). BullMQ's own `remove` would also
 * remove a job that a worker finished a moment ago, and a caller told "nothing was done" about work
 * that was done is the one answer a transport must never give. One script, so the
 * check and the removal are atomic against a worker's moveToActive.
 */
const WITHDRAW = `
local taken = redis.call('LREM', KEYS[1], 1, ARGV[1]) + redis.call('LREM', KEYS[2], 1, ARGV[1]) + redis.call('ZREM', KEYS[3], ARGV[1])
if taken == 0 then return 0 end
redis.call('DEL', KEYS[4], KEYS[4] .. ':logs')
return 1
`;

/** True if the job was still waiting and is now gone: no worker will ever run it. */
export async function withdrawIfWaiting(redis: IORedis, queue: Queue, jobId: string): Promise<boolean> {
  const backend = queue.getBackend();
  const { wait, paused, prioritized } = backend.keys;
  const removed = await redis.eval(WITHDRAW, 4, wait, paused, prioritized, backend.toKey(jobId), jobId);
  return removed === 1;
}
