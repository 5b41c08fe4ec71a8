import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ClientRedis, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
} from '@hoptrace/telemetry';
import { catchError, Observable, throwError, timeout } from 'rxjs';
import { HandlerFailedError, NotConsumedError, QueueUnavailableError, ReplyTimeoutError } from '@hoptrace/queue-transport';
import { redisOptionsFromUrl } from '@hoptrace/queue-transport';
import { traceHeaders } from './rpc-trace-context';

export interface RedisPubSubClientOptions {
  /** The service this client talks to, named as its queue, for errors and spans. */
  queue: string;
  redisUrl: string;
  /** How long `send` waits for a reply before failing with ReplyTimeoutError. */
  replyTimeoutMs: number;
}

/** Marks a failure that happened before the request reached Redis: nothing was sent. */
class NotSent extends Error {}

/**
 * NestJS's own Redis transport (`Transport.REDIS`: pub/sub, no persistence, no retries) as a client
 * with hoptrace's guarantees: a reply timeout, the 503/504 failure kinds of the BullMQ transport, and
 * the W3C trace context carried in the packet (Nest's transport carries none), under a PRODUCER span.
 *
 * Kept for comparison (the benchmark's `HOPTRACE_TRANSPORT=redis`): a request published while no
 * consumer is subscribed is lost, where a BullMQ job waits in its queue.
 */
export class RedisPubSubClient extends ClientRedis implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(private readonly rpc: RedisPubSubClientOptions) {
    // No retryAttempts: a lost connection is dropped and opened anew by the next request, so a
    // request while Redis is down fails at once (503) instead of waiting in an offline queue.
    super({
      ...redisOptionsFromUrl(rpc.redisUrl),
      serializer: { serialize: (packet: unknown) => ({ ...(packet as object), headers: traceHeaders() }) },
    });
  }

  /** Connected at boot, as BullMqClient is, so the first request does not pay for it. */
  async onApplicationBootstrap(): Promise<void> {
    await this.connect();
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  override async connect(): Promise<any> {
    try {
      return await super.connect();
    } catch (error) {
      throw new NotSent(String((error as Error)?.message ?? error));
    }
  }

  override send<TResult = any, TInput = any>(pattern: any, data: TInput): Observable<TResult> {
    const { queue, replyTimeoutMs } = this.rpc;
    const name = this.normalizePattern(pattern);
    return super.send<TResult, TInput>(pattern, data).pipe(
      timeout({ first: replyTimeoutMs, with: () => throwError(() => new ReplyTimeoutError(queue, name, replyTimeoutMs)) }),
      catchError((error: unknown) => throwError(() => this.classify(error, name))),
    );
  }

  /**
   * Nest's own publish, with two additions: a PRODUCER span whose context the packet carries (the
   * serializer reads the active context), and PUBLISH's receiver count read: no subscriber means
   * nobody consumes the pattern, so the request fails at once as NotConsumedError (503, nothing
   * was done) rather than as a timeout whose outcome would be unknown.
   */
  protected override publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    const channel = this.normalizePattern(packet.pattern);
    const span = trace.getTracer('hoptrace').startSpan(`publish ${channel}`, {
      kind: SpanKind.PRODUCER,
      attributes: {
        [ATTR_MESSAGING_SYSTEM]: 'redis',
        [ATTR_MESSAGING_DESTINATION_NAME]: channel,
        [ATTR_MESSAGING_OPERATION_NAME]: 'publish',
        [ATTR_MESSAGING_OPERATION_TYPE]: 'send',
      },
    });
    let done = false;
    const finish = (reply: WritePacket) => {
      if (done) return;
      if (reply.err) span.setStatus({ code: SpanStatusCode.ERROR });
      if (reply.err || reply.isDisposed) {
        done = true;
        span.end();
      }
      callback(reply);
    };
    return context.with(trace.setSpan(context.active(), span), () => {
      try {
        const request = this.assignPacketId(packet);
        const serialized = this.serializer.serialize(request);
        const replyChannel = this.getReplyPattern(channel);
        const send = () => {
          this.subscriptionsCount.set(replyChannel, (this.subscriptionsCount.get(replyChannel) ?? 0) + 1);
          this.routingMap.set(request.id, finish);
          this.pubClient.publish(this.getRequestPattern(channel), JSON.stringify(serialized)).then(
            (receivers: number) => {
              if (receivers === 0) finish({ err: new NotConsumedError(this.rpc.queue, channel, this.rpc.replyTimeoutMs, false) });
            },
            (error: unknown) => finish({ err: new NotSent(String((error as Error)?.message ?? error)) }),
          );
        };
        if ((this.subscriptionsCount.get(replyChannel) ?? 0) <= 0) {
          this.subClient.subscribe(replyChannel, (error?: Error | null) => (error ? finish({ err: new NotSent(error.message) }) : send()));
        } else {
          send();
        }
        return () => {
          // Unsubscribed before the reply: the timeout fired. The span still ends, once.
          if (!done) {
            done = true;
            span.end();
          }
          this.unsubscribeFromChannel(replyChannel);
          this.routingMap.delete(request.id);
        };
      } catch (error) {
        finish({ err: error });
        return () => undefined;
      }
    });
  }

  private classify(error: unknown, pattern: string): Error {
    if (error instanceof ReplyTimeoutError || error instanceof NotConsumedError) return error;
    if (error instanceof NotSent) return new QueueUnavailableError(this.rpc.queue, error);
    const message = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
    return new HandlerFailedError(this.rpc.queue, pattern, message);
  }
}
