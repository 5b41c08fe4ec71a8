import type { Provider } from '@nestjs/common';
import { BullMqClient } from '@hoptrace/queue-transport';
import type { RuntimeConfig } from './config';
import { RUNTIME_CONFIG } from './tokens';

/**
 * A BullMQ client for `queue`, injectable as `token`, connected at boot and closed at shutdown.
 * Without `replyTimeoutMs` it only emits events.
 */
export function queueClient(
  token: symbol,
  queue: string,
  replyTimeoutMs?: (config: RuntimeConfig) => number,
): Provider {
  return {
    provide: token,
    inject: [RUNTIME_CONFIG],
    useFactory: (config: RuntimeConfig) =>
      new BullMqClient({
        queue,
        redisUrl: config.redisUrl,
        prefix: config.queuePrefix,
        replyTimeoutMs: replyTimeoutMs?.(config),
      }),
  };
}
