import { isSpanContextValid, trace } from '@opentelemetry/api';
import { maybeSensitive, redactSensitive, redactSensitiveDeep } from '@hoptrace/telemetry';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { destination, type DestinationStream, type LevelWithSilent, type LoggerOptions } from 'pino';
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
const UNLOGGED_PATHS = ['/healthz', '/livez'];

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

/**
 * One log line with every card number, API key and webhook signing secret in it redacted, wherever
 * it hides: in the message, a field, a child logger's bindings, a serialized request or error. A
 * line that holds none is returned as it is; one that does is parsed, redacted value by value and
 * written again, so it stays valid JSON.
 */
export function scrubLogLine(line: string): string {
  if (!maybeSensitive(line)) return line;
  try {
    const newline = line.endsWith('\n') ? '\n' : '';
    return JSON.stringify(redactSensitiveDeep(JSON.parse(line) as unknown)) + newline;
  } catch {
    return redactSensitive(line);
  }
}

/**
 * The second guard for card data in logs, after the redaction of fields named like card data: the
 * stream every line passes last, which redacts anything that looks like a card number (13 to 19
 * digits, with or without spaces or dashes, Luhn-valid), an API key (sk_test_…) or a webhook
 * signing secret (whsec_…). Card numbers are sealed at the gateway and secrets are never logged, so
 * this should never find one; if a bug ever logs one, it is not written.
 */
export function cardScrubbingStream(target: DestinationStream & { flush?: () => void }): DestinationStream & { flush: () => void } {
  return {
    write: (line: string) => target.write(scrubLogLine(line)),
    flush: () => target.flush?.(),
  };
}

/** Where a service writes its log: stdout, as pino writes it by default, through {@link cardScrubbingStream}. */
export const serviceLogDestination = (): DestinationStream => cardScrubbingStream(destination(1));
