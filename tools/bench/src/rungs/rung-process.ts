import { createServer } from 'node:http';

/*
 * What the ladder's lower rungs (tools/bench/src/rungs) share: the four roles the full system's
 * services play, the trivial work each does, and the one HTTP endpoint the load generator calls.
 * Only how a rung carries that work from process to process differs, so the difference between two
 * rungs is what carrying it costs.
 */

/** Named as the full system's services, so the benchmark watches and reports them alike. */
export const ROLES = ['gateway', 'billing', 'payment-processor', 'notifier'] as const;
export type Role = (typeof ROLES)[number];

/** What a rung process prints once it consumes (or listens): the benchmark waits for this line. */
export const READY = 'rung process ready';

/** How long a caller waits for a reply, as the full system's gateway does. */
export const REPLY_TIMEOUT_MS = 10_000;

/** Jobs (or messages) one worker process handles at once: BullMQ's Worker concurrency of the full system. */
export const CONCURRENCY = 16;

export interface ChargeRequest {
  amount: number;
  currency: string;
  customer: string;
  payment_method: string;
}

export interface Authorization {
  approved: true;
  authorization_code: string;
}

/** The process's role, its first argument. */
export function roleOf(argv: readonly string[] = process.argv): Role {
  const role = argv[2] as Role;
  if (!ROLES.includes(role)) throw new Error(`give the role as the first argument: one of ${ROLES.join(', ')}`);
  return role;
}

export const rungSettings = (env: NodeJS.ProcessEnv = process.env) => ({
  redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  port: Number(env.PORT ?? 3000),
});

let authorizations = 0;
let charges = 0;

/** The payment processor's work here: none worth measuring. */
export const authorize = (): Authorization => ({ approved: true, authorization_code: `auth_${(authorizations += 1)}` });

/** Billing's answer: the charge, succeeded. */
export const chargeOf = (request: ChargeRequest, authorization: Authorization) => ({
  id: `ch_${process.pid}_${(charges += 1)}`,
  object: 'charge',
  status: 'succeeded',
  amount: request.amount,
  currency: request.currency,
  customer: request.customer,
  authorization_code: authorization.authorization_code,
});

export const ready = () => console.log(READY);

/**
 * A plain node:http gateway: `POST /v1/charges` with a JSON body is answered 201 with what `create`
 * returns, a body that is not JSON 400, anything else 404, a failed hop 502.
 */
export function serveCharges(port: number, create: (charge: ChargeRequest) => Promise<unknown>): Promise<void> {
  const server = createServer((req, res) => {
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.url !== '/v1/charges') {
      req.resume();
      return answer(404, { error: 'not found' });
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let charge: ChargeRequest;
      try {
        charge = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChargeRequest;
      } catch {
        return answer(400, { error: 'the body is not JSON' });
      }
      create(charge).then(
        (reply) => answer(201, reply),
        (error: unknown) => answer(502, { error: (error as Error).message }),
      );
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
}
