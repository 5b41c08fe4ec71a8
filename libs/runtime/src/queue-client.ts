import type { Provider } from '@nestjs/common';
import { BullMqClient, HttpRpcClient, RedisPubSubClient } from '@hoptrace/queue-transport';
import type { RuntimeConfig } from './config';
import { RUNTIME_CONFIG } from './tokens';
import { serviceUrlFor, transportFor } from './transport';

/**
 * A client for the service consuming `queue`, injectable as `token`, connected at boot and closed at
 * shutdown. Without `replyTimeoutMs` it only emits events. BullMQ unless `queue` is a request/reply
 * hop and HOPTRACE_TRANSPORT picks another transport; handlers never know which.
 */
export function queueClient(
  token: symbol,
  queue: string,
  replyTimeoutMs?: (config: RuntimeConfig) => number,
): Provider {
  return {
    provide: token,
    inject: [RUNTIME_CONFIG],
    useFactory: async (config: RuntimeConfig) => {
      const timeoutMs = replyTimeoutMs?.(config);
      const transport = transportFor(queue, config.transport);
      if (transport === 'bullmq') {
        return new BullMqClient({ queue, redisUrl: config.redisUrl, prefix: config.queuePrefix, replyTimeoutMs: timeoutMs });
      }
      if (timeoutMs === undefined) throw new Error(`the ${transport} transport to "${queue}" carries requests: give it a reply timeout`);
      if (transport === 'http') {
        return new HttpRpcClient({ queue, url: serviceUrlFor(queue, config.serviceUrls), replyTimeoutMs: timeoutMs });
      }
      const client = new RedisPubSubClient({ queue, redisUrl: config.redisUrl, replyTimeoutMs: timeoutMs });
      // Connected at boot, as BullMqClient is, so the first request does not pay for it.
      await client.connect();
      return client;
    },
  };
}
