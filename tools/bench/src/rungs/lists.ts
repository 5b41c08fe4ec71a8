import IORedis from 'ioredis';
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
 * Rung 1 of the cost ladder, the floor: the payment flow's shape (HTTP → request/reply hop →
 * request/reply hop, plus one event hop) over bare Redis lists. A request is one LPUSH onto the
 * callee's list and one BRPOP there; its reply one LPUSH onto the caller's reply list (one a
 * process, read by one blocking connection) and one BRPOP. Nothing is durable: a message a worker
 * took is lost with it. It exists to show what the shape costs on this machine with next to nothing
 * around Redis: every rung above is measured against it.
 */

const { redisUrl, port } = rungSettings();
const redis = new IORedis(redisUrl, { maxRetriesPerRequest: null });
const list = (role: string) => `lists:${role}`;

interface Message {
  /** Set on requests: the caller's waiter, and where the reply goes. */
  id?: number;
  replyTo?: string;
  data?: unknown;
  /** Set on a reply whose handler failed, as a failed job's reason. */
  error?: string;
}

/** The caller's side: one reply list for the whole process; each reply finds its waiter by id. */
async function requester() {
  const replies = `lists:replies:${process.pid}`;
  const blocking = redis.duplicate();
  await blocking.ping();
  const waiting = new Map<number, (reply: Message) => void>();
  let next = 0;
  void (async () => {
    for (;;) {
      const [, raw] = (await blocking.brpop(replies, 0)) as [string, string];
      const reply = JSON.parse(raw) as Message;
      waiting.get(reply.id as number)?.(reply);
      waiting.delete(reply.id as number);
    }
  })();
  return async function send<T>(role: string, data: unknown): Promise<T> {
    const id = (next += 1);
    const reply = new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`no reply from ${role} within ${REPLY_TIMEOUT_MS} ms`));
      }, REPLY_TIMEOUT_MS);
      waiting.set(id, ({ data, error }) => {
        clearTimeout(timer);
        if (error === undefined) resolve(data as T);
        else reject(new Error(error));
      });
    });
    await redis.lpush(list(role), JSON.stringify({ id, replyTo: replies, data } satisfies Message));
    return reply;
  };
}

/** The worker's side: at most CONCURRENCY messages handled at once, as a BullMQ Worker; a request's result goes back to its caller. */
async function consume(role: string, handle: (data: unknown) => unknown) {
  const blocking = redis.duplicate();
  await blocking.ping();
  let inFlight = 0;
  let slotFreed: (() => void) | undefined;
  void (async () => {
    for (;;) {
      while (inFlight >= CONCURRENCY) await new Promise<void>((resolve) => (slotFreed = resolve));
      const [, raw] = (await blocking.brpop(list(role), 0)) as [string, string];
      const message = JSON.parse(raw) as Message;
      inFlight += 1;
      void (async () => {
        let reply: Message;
        try {
          reply = { id: message.id, data: await handle(message.data) };
        } catch (error) {
          reply = { id: message.id, error: (error as Error).message };
        }
        if (message.replyTo) await redis.lpush(message.replyTo, JSON.stringify(reply));
      })().finally(() => {
        inFlight -= 1;
        slotFreed?.();
        slotFreed = undefined;
      });
    }
  })();
}

async function main(): Promise<void> {
  const role = roleOf();
  if (role === 'gateway') {
    const send = await requester();
    await serveCharges(port, (charge) => send('billing', charge));
  } else if (role === 'billing') {
    const send = await requester();
    await consume('billing', async (data) => {
      const charge = data as ChargeRequest;
      const authorization = await send<Authorization>('payment-processor', charge);
      await redis.lpush(list('notifier'), JSON.stringify({ data: charge } satisfies Message));
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
