import { QUEUES } from '@hoptrace/contracts';
import {
  bullMqTransport,
  defineSettings,
  oneOf,
  text,
  type ConsumerSettings,
  type QueueTransport,
  type ServiceSettings,
  type SettingsOf,
} from '@hoptrace/runtime';
import { HttpRpcClient } from './http-rpc.client';
import { HttpRpcServer } from './http-rpc.server';
import { RedisPubSubClient } from './redis-pubsub.client';
import { RedisPubSubServer } from './redis-pubsub.server';

export const TRANSPORT_KINDS = ['bullmq', 'redis', 'http'] as const;
export type TransportKind = (typeof TRANSPORT_KINDS)[number];

/**
 * The request/reply hops of the payment flow, named by the queue of the service that answers them.
 * Only these may leave BullMQ: charge events and webhook requests to the notifier stay on it, since
 * they rely on a durable queue (retries, delayed deliveries).
 */
export const SWITCHABLE_QUEUES: ReadonlySet<string> = new Set([QUEUES.billing, QUEUES.processor]);

/** What the benchmark's services read besides their own settings. */
export const benchSettings = defineSettings({
  /** How the request/reply hops travel: `bullmq` (the services' own), Nest's Redis pub/sub, or HTTP. */
  transport: oneOf('HOPTRACE_TRANSPORT', TRANSPORT_KINDS, 'bullmq'),
  /** Base URLs of the services the `http` transport calls, by their queue name. */
  serviceUrls: {
    billing: text('BILLING_URL', 'http://localhost:3001'),
    'payment-processor': text('PAYMENT_PROCESSOR_URL', 'http://localhost:3002'),
  },
});

export type BenchSettings = SettingsOf<typeof benchSettings.schema>;

/** The transport that carries requests to `queue`'s consumer under the configured kind. */
export function transportFor(queue: string, configured: TransportKind): TransportKind {
  return SWITCHABLE_QUEUES.has(queue) ? configured : 'bullmq';
}

/** The base URL the `http` transport calls for `queue`; a configuration error when there is none. */
export function serviceUrlFor(queue: string, urls: Record<string, string>): string {
  const url = urls[queue];
  if (!url) throw new Error(`no service URL configured for "${queue}"`);
  return url;
}

/**
 * The services' transport with the request/reply hops moved to the one HOPTRACE_TRANSPORT names
 * (`runService(service, { transport: benchTransport })`); every other queue stays on BullMQ.
 */
export function benchTransport(settings: ServiceSettings & Partial<ConsumerSettings>, env: NodeJS.ProcessEnv = process.env): QueueTransport {
  const bench = benchSettings.read(env);
  const bullmq = bullMqTransport(settings);
  return {
    nameFor: (queue) => transportFor(queue, bench.transport),
    client(queue, options) {
      const kind = transportFor(queue, bench.transport);
      if (kind === 'bullmq') return bullmq.client(queue, options);
      const { replyTimeoutMs } = options;
      if (replyTimeoutMs === undefined) throw new Error(`the ${kind} transport to "${queue}" carries requests: give it a reply timeout`);
      if (kind === 'http') {
        return { customClass: HttpRpcClient, options: { queue, url: serviceUrlFor(queue, bench.serviceUrls), replyTimeoutMs } };
      }
      return { customClass: RedisPubSubClient, options: { queue, redisUrl: settings.redisUrl, replyTimeoutMs } };
    },
    server(queue, app, options) {
      const kind = transportFor(queue, bench.transport);
      if (kind === 'redis') return new RedisPubSubServer({ redisUrl: settings.redisUrl });
      // On the service's own HTTP port: the route is added before the app listens.
      if (kind === 'http') return new HttpRpcServer(app.getHttpAdapter());
      return bullmq.server(queue, app, options);
    },
  };
}
