import type { OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import { Agent, request as httpRequest, type ClientRequest } from 'node:http';
import { HandlerFailedError, QueueUnavailableError, ReplyTimeoutError } from '@hoptrace/queue-transport';
import { rpcPath } from './http-rpc';

export interface HttpRpcClientOptions {
  /** The service this client talks to, named as its queue, for errors. */
  queue: string;
  /** The service's base URL, e.g. http://127.0.0.1:3001. */
  url: string;
  /** How long `send` waits for a reply before failing with ReplyTimeoutError. */
  replyTimeoutMs: number;
}

/** Errors of the socket that mean the request never reached the service: nothing was sent. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * The client side of {@link HttpRpcServer}: `send` POSTs the payload to `/rpc/<pattern>` over a
 * keep-alive connection and resolves with the JSON reply. Node's http module (not fetch) so that
 * OpenTelemetry's HTTP instrumentation makes the CLIENT span and sends `traceparent`.
 * Events (`emit`) are not offered: they stay on BullMQ, where they are durable and retried.
 */
export class HttpRpcClient extends ClientProxy implements OnApplicationShutdown {
  private readonly agent = new Agent({
    keepAlive: true,
    maxSockets: 64,
    // Idle sockets close before the server's 5 s keep-alive timeout does, so none is reused half-closed.
    timeout: 4000,
  });
  private readonly base: URL;

  constructor(private readonly options: HttpRpcClientOptions) {
    super();
    this.base = new URL(options.url);
  }

  connect(): Promise<void> {
    return Promise.resolve();
  }

  close(): void {
    this.agent.destroy();
  }

  onApplicationShutdown(): void {
    this.close();
  }

  unwrap<T>(): T {
    return this.agent as T;
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    const pattern = this.normalizePattern(packet.pattern);
    const { queue, replyTimeoutMs } = this.options;
    let settled = false;
    const settle = (reply: WritePacket) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      callback({ ...reply, isDisposed: true });
    };
    const body = JSON.stringify(packet.data ?? null);
    const request: ClientRequest = httpRequest(
      {
        agent: this.agent,
        protocol: this.base.protocol,
        hostname: this.base.hostname,
        port: this.base.port,
        method: 'POST',
        path: rpcPath(pattern),
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => settle({ err: new HandlerFailedError(queue, pattern, error.message) }));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text === '' ? null : JSON.parse(text);
          } catch {
            parsed = text;
          }
          if (response.statusCode === 200) settle({ response: parsed });
          else {
            const reason = (parsed as { message?: string })?.message ?? `HTTP ${response.statusCode}`;
            settle({ err: new HandlerFailedError(queue, pattern, reason) });
          }
        });
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (settled) return;
      settle({
        err: NOT_SENT.has(error.code ?? '')
          ? new QueueUnavailableError(queue, error)
          : new HandlerFailedError(queue, pattern, error.message),
      });
    });
    const timer = setTimeout(() => {
      settle({ err: new ReplyTimeoutError(queue, pattern, replyTimeoutMs) });
      request.destroy();
    }, replyTimeoutMs);
    request.end(body);
    return () => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        request.destroy();
      }
    };
  }

  protected dispatchEvent<T = unknown>(packet: ReadPacket): Promise<T> {
    return Promise.reject(new Error(`HttpRpcClient for "${this.options.queue}" does not send events ("${String(packet.pattern)}")`));
  }
}
