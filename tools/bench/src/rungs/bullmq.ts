import { Queue, QueueEvents, Worker, type ConnectionOptions } from 'bullmq';
// From their own files, not the package's index: that would load Nest into a rung that has none.
import { redisOptionsFromUrl } from '../../../../libs/queue-transport/src/connection';
import { DEFAULT_EVENT_JOB_OPTIONS, REQUEST_JOB_OPTIONS } from '../../../../libs/queue-transport/src/job-options';
import {
  authorize,
  chargeOf,
  CONCURRENCY,
  ready,
  REPLY_TIMEOUT_MS,
  roleOf,
  rungSettings,
  serveCharges,
  type Authorization,
  type ChargeRequest,
} from './rung-process';

/*
 * Rung 2 of the cost ladder: the same shape as rung 1 over bare BullMQ, as its documentation shows
 * request/reply: `Queue.add`, then `job.waitUntilFinished` on one QueueEvents reader per callee
 * queue and process; a `Worker` of concurrency 16 per consuming process; plain node:http in front.
 * Jobs carry the transport's own retention and attempts (libs/queue-transport), so the step to
 * rung 3 is the Nest transport around BullMQ and not a different amount of work inside Redis. It
 * exists to show what durable jobs cost over bare lists, and to be what hoptrace is measured
 * against: what someone who wrote the hops with BullMQ alone would pay.
 */

const { redisUrl, port } = rungSettings();
const connection: ConnectionOptions = { ...redisOptionsFromUrl(redisUrl), maxRetriesPerRequest: null };

/** Requests to `queue`'s workers: each reply read from the process's one QueueEvents stream reader of that queue. */
async function requester(name: string) {
  const queue = new Queue(name, { connection });
  const events = new QueueEvents(name, { connection });
  // Each request in flight holds listeners until it settles; Node's limit of 10 would only warn.
  queue.setMaxListeners(0);
  events.setMaxListeners(0);
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  return async <T>(data: unknown): Promise<T> => {
    const job = await queue.add(name, data, REQUEST_JOB_OPTIONS);
    return (await job.waitUntilFinished(events, REPLY_TIMEOUT_MS)) as T;
  };
}

const consume = (name: string, handle: (data: unknown) => unknown) =>
  new Worker(name, async (job) => handle(job.data), { connection, concurrency: CONCURRENCY }).waitUntilReady();

async function main(): Promise<void> {
  const role = roleOf();
  if (role === 'gateway') {
    const send = await requester('billing');
    await serveCharges(port, (charge) => send(charge));
  } else if (role === 'billing') {
    const send = await requester('payment-processor');
    const events = new Queue('notifier', { connection });
    await events.waitUntilReady();
    await consume('billing', async (data) => {
      const charge = data as ChargeRequest;
      const authorization = await send<Authorization>(charge);
      await events.add('charge.succeeded', charge, DEFAULT_EVENT_JOB_OPTIONS);
      return chargeOf(charge, authorization);
    });
  } else if (role === 'payment-processor') {
    await consume('payment-processor', authorize);
  } else {
    await consume('notifier', () => undefined);
  }
  ready();
}

void main();
