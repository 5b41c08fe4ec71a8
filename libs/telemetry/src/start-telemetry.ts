import { getNumberFromEnv, getStringFromEnv } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { IncomingMessage } from 'node:http';
import { clientSpanAttributes, nameClientSpan } from './client-span-attributes';
import { edgePropagatorFromEnv, recordCallerTraceContext } from './edge-trace-context';
import { samplerFromEnv } from './env-sampler';
import { CardRedactingSpanExporter } from './redacting-span-exporter';
import { HousekeepingSampler } from './housekeeping-sampler';

/** Probes and scrapers would otherwise start a trace every few seconds on every service. */
const UNTRACED_PATHS = ['/healthz', '/livez', '/readyz', '/metrics', '/favicon.ico'];
const isUntraced = (request: IncomingMessage): boolean =>
  UNTRACED_PATHS.some((path) => request.url === path || request.url?.startsWith(`${path}?`));

let sdk: NodeSDK | undefined;

export interface TelemetryOptions {
  /**
   * The service is the public edge: a caller's trace context is not trusted (see EdgePropagator),
   * unless GATEWAY_TRUST_TRACE_CONTEXT=true says it comes from a traced proxy of one's own.
   */
  publicEdge?: boolean;
}

/**
 * SDK 3 no longer reads the OTEL_BSP_* variables when it is handed a span processor, so they are
 * read here, under their standard names, with the specification's defaults. Every span goes out
 * through the card-number redaction.
 */
const batchProcessor = () =>
  new BatchSpanProcessor({
    exporter: new CardRedactingSpanExporter(new OTLPTraceExporter()),
    scheduledDelayMillis: getNumberFromEnv('OTEL_BSP_SCHEDULE_DELAY') ?? 5000,
    maxQueueSize: getNumberFromEnv('OTEL_BSP_MAX_QUEUE_SIZE') ?? 2048,
    maxExportBatchSize: getNumberFromEnv('OTEL_BSP_MAX_EXPORT_BATCH_SIZE') ?? 512,
    exportTimeoutMillis: getNumberFromEnv('OTEL_BSP_EXPORT_TIMEOUT') ?? 30000,
  });

/**
 * Starts the OpenTelemetry Node SDK for one service. Call it before anything else is required: the
 * HTTP instrumentation can only patch modules loaded after it. Exports over OTLP/HTTP to
 * OTEL_EXPORTER_OTLP_ENDPOINT (default http://localhost:4318), sampled as OTEL_TRACES_SAMPLER and
 * OTEL_TRACES_SAMPLER_ARG say (parent-based, always on, by default); OTEL_SDK_DISABLED=true turns it off.
 *
 * ioredis is deliberately not instrumented: BullMQ issues several Redis commands per job, and a
 * span for each would bury the hops. BullMQ's own producer and consumer spans stand for them.
 */
export function startTelemetry(serviceName: string, options: TelemetryOptions = {}): void {
  if (sdk) return;
  const serviceVersion = process.env.HOPTRACE_VERSION ?? '0.1.0';
  sdk = new NodeSDK({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: serviceName,
      [ATTR_SERVICE_VERSION]: serviceVersion,
      'service.namespace': 'hoptrace',
    }),
    // OTEL_TRACES_SAMPLER decides what is recorded; housekeeping spans are refused whatever it says.
    sampler: new HousekeepingSampler(samplerFromEnv()),
    ...(options.publicEdge ? { textMapPropagator: edgePropagatorFromEnv() } : {}),
    spanProcessors: [batchProcessor()],
    // Traces only, unless the operator names a metrics or logs exporter. Left to its defaults, the SDK
    // would also export metrics over OTLP to the same endpoint, where Jaeger answers 404 every minute,
    // and the HTTP instrumentation would record a duration histogram on every request for nobody.
    ...(getStringFromEnv('OTEL_METRICS_EXPORTER') ? {} : { metricReaders: [] }),
    ...(getStringFromEnv('OTEL_LOGS_EXPORTER') ? {} : { logRecordProcessors: [] }),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: isUntraced,
        startOutgoingSpanHook: clientSpanAttributes,
        // An incoming request at the public edge records the caller's context it did not continue; an
        // outgoing one (a ClientRequest) is named as withClientSpan asked.
        requestHook: (span, request) => {
          if (request instanceof IncomingMessage) {
            if (options.publicEdge) recordCallerTraceContext(span);
          } else nameClientSpan(span);
        },
      }),
      // fetch (undici): how the x402 facilitator client calls out.
      new UndiciInstrumentation({
        startSpanHook: clientSpanAttributes,
        requestHook: (span) => nameClientSpan(span),
      }),
    ],
  });
  sdk.start();
}

/** Flushes what is buffered and stops exporting. Services call it last when they shut down. */
export async function shutdownTelemetry(): Promise<void> {
  const running = sdk;
  sdk = undefined;
  await running?.shutdown();
}
