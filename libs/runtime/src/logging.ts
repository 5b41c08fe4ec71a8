import { isSpanContextValid, trace } from '@opentelemetry/api';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LevelWithSilent, LoggerOptions } from 'pino';
import type { Options as HttpLoggerOptions } from 'pino-http';

/** pino's levels, and `silent`: what LOG_LEVEL may be. */
export const LOG_LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export const REDACTED = '[REDACTED]';

/**
 * Never written to a log, wherever they turn up: credentials in request headers, and card data or
 * secrets in any object logged (top-level or one level down, as pino's wildcards reach).
 */
export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  ...['card', 'number', 'cvc', 'secret'].flatMap((key) => [key, `*.${key}`]),
];

/** Probes every few seconds would bury the requests that matter. */
const UNLOGGED_PATHS = ['/healthz'];

export interface TraceFields {
  trace_id: string;
  span_id: string;
  /** W3C trace-flags as two hex digits: "01" when the trace is sampled (exported). */
  trace_flags: string;
}

/**
 * The active span's ids, the same ones Jaeger shows, or nothing outside a span. Read from the
 * OpenTelemetry context rather than from the request, so lines logged while handling a queue job
 * carry them too.
 */
export function traceFields(): TraceFields | Record<string, never> {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return {
    trace_id: spanContext.traceId,
    span_id: spanContext.spanId,
    trace_flags: spanContext.traceFlags.toString(16).padStart(2, '0'),
  };
}

/** The path of a request URL: query strings are left out of logs, tokens sometimes ride in them. */
export const pathOf = (url: string | undefined): string | undefined => url?.split('?', 1)[0];

/** One JSON object per line on stdout: the service's name, the trace context, nothing secret. */
export function loggerOptions(service: string, level: string = 'info'): LoggerOptions {
  return {
    level,
    base: { service },
    mixin: () => traceFields(),
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
  };
}

/**
 * pino-http on top of {@link loggerOptions}: one line per request once it is answered (method, path,
 * status, response time; no headers, no bodies), at `error` for a 5xx and `info` otherwise, and
 * nothing at all for health probes.
 */
export function httpLoggerOptions(service: string, level: string = 'info'): HttpLoggerOptions<IncomingMessage, ServerResponse> {
  return {
    ...loggerOptions(service, level),
    autoLogging: { ignore: (request) => UNLOGGED_PATHS.includes(pathOf(request.url) ?? '') },
    customLogLevel: (_request, response, error) => (error || response.statusCode >= 500 ? 'error' : 'info'),
    serializers: {
      // pino-http hands these its standard serialization of the request and the response.
      req: (request: { method?: string; url?: string }) => ({ method: request.method, url: pathOf(request.url) }),
      res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }),
    },
  };
}
