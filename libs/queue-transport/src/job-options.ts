import type { JobsOptions } from 'bullmq';

/** Finished jobs are kept briefly: long enough for a late waiter to read its reply, not forever. */
const KEEP_FINISHED = { age: 3600, count: 10_000 };

/** What every request is added with: tried once (a retry is the caller's decision), kept briefly. */
export const REQUEST_JOB_OPTIONS: JobsOptions = {
  attempts: 1,
  removeOnComplete: KEEP_FINISHED,
  removeOnFail: KEEP_FINISHED,
};

/** What an event is added with unless its client says otherwise: retried with backoff, a failure kept a week. */
export const DEFAULT_EVENT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: KEEP_FINISHED,
  removeOnFail: { age: 7 * 24 * 3600 },
};
