import { type CustomTransportStrategy, type IncomingRequest, RedisContext, ServerRedis } from '@nestjs/microservices';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
} from '@hoptrace/telemetry';
import type IORedis from 'ioredis';
import { redisOptionsFromUrl } from '@hoptrace/queue-transport';
import { contextFromHeaders } from './rpc-trace-context';

export interface RedisPubSubServerOptions {
  redisUrl: string;
}

/**
 * NestJS's own Redis transport (`Transport.REDIS`) as a server that continues the caller's trace:
 * each request is handled inside a CONSUMER span, child of the context the packet carries, which
 * ends when the reply is published. Only `handleMessage` differs from Nest's; it follows Nest's own.
 */
export class RedisPubSubServer extends ServerRedis implements CustomTransportStrategy {
  constructor(options: RedisPubSubServerOptions) {
    // Unlike the client, the subscriber must come back after Redis restarts, or it stops consuming.
    super({ ...redisOptionsFromUrl(options.redisUrl), retryAttempts: Number.MAX_SAFE_INTEGER, retryDelay: 1000 });
  }

  override async handleMessage(channel: string, buffer: string, pub: IORedis, pattern: string): Promise<any> {
    const raw = this.parseMessage(buffer) as { headers?: unknown } | string;
    const parent = contextFromHeaders(typeof raw === 'object' ? raw?.headers : undefined);
    const span = trace.getTracer('hoptrace').startSpan(
      `process ${channel}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          [ATTR_MESSAGING_SYSTEM]: 'redis',
          [ATTR_MESSAGING_DESTINATION_NAME]: channel,
          [ATTR_MESSAGING_OPERATION_NAME]: 'process',
          [ATTR_MESSAGING_OPERATION_TYPE]: 'process',
        },
      },
      parent,
    );
    return context.with(trace.setSpan(parent, span), async () => {
      const packet = (await this.deserializer.deserialize(raw, { channel })) as IncomingRequest;
      const ctx = new RedisContext([pattern]);
      if (packet.id === undefined) {
        try {
          return await this.handleEvent(channel, packet, ctx);
        } finally {
          span.end();
        }
      }
      const publish = this.getPublisher(pub, channel, packet.id, ctx);
      const reply = (response: any) => {
        if (response.err) span.setStatus({ code: SpanStatusCode.ERROR, message: String(response.err) });
        if (response.err || response.isDisposed) span.end();
        // A reply to a request that outlived the connection (shutdown) has nowhere to go.
        return Promise.resolve(publish(response)).catch((error: unknown) =>
          this.logger.warn(`reply on ${channel}.reply not sent: ${(error as Error)?.message ?? String(error)}`),
        );
      };
      const handler = this.getHandlerByPattern(channel);
      if (!handler) return reply({ id: packet.id, status: 'error', err: `There is no matching message handler defined in the remote service.` });
      try {
        const response$ = this.transformToObservable(await handler(packet.data, ctx));
        this.send(response$, reply);
      } catch (error) {
        return reply({ err: (error as Error)?.message ?? String(error), isDisposed: true });
      }
    });
  }
}
