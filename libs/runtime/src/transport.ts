import type { INestApplication } from '@nestjs/common';
import type { ClientProvider, CustomTransportStrategy } from '@nestjs/microservices';
import { BullMqClient, BullMqServer, type BullMqClientOptions, type BullMqServerOptions } from '@hoptrace/queue-transport';
import type { ConsumerSettings, ServiceSettings } from './service-settings';

/** What a service's consumer is given besides its queue: the message contracts, and its answer to an outage. */
export type ConsumerOptions = Pick<BullMqServerOptions, 'validate' | 'unavailableReply' | 'concurrency'>;

/**
 * How the services' messages travel: BullMQ in every service. It is an injectable (QUEUE_TRANSPORT)
 * rather than a class named in each module only so that the benchmark can start the same services
 * over the transports it compares them with (tools/bench), without production code knowing those.
 */
export interface QueueTransport {
  /** What carries `queue`'s messages, for the ready log line. */
  nameFor(queue: string): string;
  /** A `ClientsModule` entry for a client of the service consuming `queue`: `customClass` and its options. */
  client(queue: string, options: { replyTimeoutMs?: number }): ClientProvider;
  /** The consumer of `queue`, for `app.connectMicroservice`. */
  server(queue: string, app: INestApplication, options: ConsumerOptions): CustomTransportStrategy;
}

/** The BullMQ transport, configured from a service's settings. */
export function bullMqTransport(settings: ServiceSettings & Partial<ConsumerSettings>): QueueTransport {
  const connection = { redisUrl: settings.redisUrl, redisSentinel: settings.redisSentinel, prefix: settings.queuePrefix };
  return {
    nameFor: () => 'bullmq',
    client: (queue, { replyTimeoutMs }) => ({
      customClass: BullMqClient,
      options: { ...connection, queue, replyTimeoutMs } satisfies BullMqClientOptions,
    }),
    server: (queue, _app, options) =>
      new BullMqServer({
        ...connection,
        queue,
        lockDurationMs: settings.queueLockDurationMs,
        stalledIntervalMs: settings.queueStalledIntervalMs,
        ...options,
      }),
  };
}
