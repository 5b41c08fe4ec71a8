import { Logger } from '@nestjs/common';
import type { HttpServer } from '@nestjs/common';
import { BaseRpcContext, Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { trace } from '@opentelemetry/api';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { lastValueFrom } from 'rxjs';
import { patternOfPath, RPC_PATH_PREFIX } from './http-rpc';

export const HTTP_RPC_TRANSPORT = Symbol('HTTP_RPC_TRANSPORT');

/** The HTTP adapter of the service's own Nest app: the RPC routes share its port. */
type HttpAdapter = HttpServer;

/** Bodies larger than this are refused (413): a charge or an authorization is a few hundred bytes. */
const MAX_BODY_BYTES = 64 * 1024;

export class HttpRpcContext extends BaseRpcContext<[IncomingMessage]> {}

const readBody = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error('request body too large'), { status: 413 }));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });

const answer = (response: ServerResponse, status: number, body: unknown): void => {
  const json = JSON.stringify(body ?? null);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  response.end(json);
};

/**
 * Request/reply over plain HTTP: `POST /rpc/<pattern>` with the payload as JSON, answered 200 with the
 * handler's return value as JSON. Served on the service's existing HTTP port, so no second listener;
 * OpenTelemetry's HTTP instrumentation carries the trace context both ways. A handler that throws is a
 * 500 (a bug, as with the BullMQ transport: refusals are replies); an unknown pattern is a 404.
 */
export class HttpRpcServer extends Server implements CustomTransportStrategy {
  override readonly transportId = HTTP_RPC_TRANSPORT;
  protected override readonly logger = new Logger(HttpRpcServer.name);

  constructor(private readonly http: HttpAdapter) {
    super();
  }

  listen(callback: (error?: unknown) => void): void {
    // Registered before Nest's router and body parser: this route parses its own body.
    this.http.post(`${RPC_PATH_PREFIX}:pattern`, (request: IncomingMessage, response: ServerResponse) => {
      void this.serve(request, response);
    });
    callback();
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const pattern = patternOfPath(request.url);
    const span = trace.getActiveSpan();
    span?.updateName(`POST ${RPC_PATH_PREFIX}${pattern ?? ''}`);
    span?.setAttribute('http.route', `${RPC_PATH_PREFIX}:pattern`);
    const handler = pattern === undefined ? undefined : this.getHandlerByPattern(pattern);
    if (!pattern || !handler || handler.isEventHandler) {
      answer(response, 404, { message: `no handler for pattern "${pattern ?? ''}"` });
      return;
    }
    let data: unknown;
    try {
      const body = await readBody(request);
      data = body === '' ? undefined : JSON.parse(body);
    } catch (error) {
      answer(response, (error as { status?: number }).status ?? 400, { message: (error as Error).message });
      return;
    }
    try {
      const reply$ = this.transformToObservable(await handler(data, new HttpRpcContext([request])));
      answer(response, 200, await lastValueFrom(reply$, { defaultValue: null }));
    } catch (error) {
      this.logger.warn({ msg: 'rpc handler failed', pattern, reason: (error as Error)?.message ?? String(error) });
      answer(response, 500, { message: (error as Error)?.message ?? String(error) });
    }
  }

  close(): void {
    // The routes close with the HTTP server they belong to.
  }

  on(): void {
    // Nothing to listen to: HTTP errors surface per request.
  }

  unwrap<T>(): T {
    return this.http as T;
  }
}
