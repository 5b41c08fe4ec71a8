import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import type { QueueBaseOptions, Telemetry } from 'bullmq';
import { BullMQOtel } from 'bullmq-otel';
import type IORedis from 'ioredis';

export const MESSAGING_SYSTEM = 'bullmq';

/*
 * OpenTelemetry's messaging attributes. Still incubating, so copied here as the semantic-conventions
 * package advises rather than imported from its unstable entry point.
 */
export const ATTR_MESSAGING_SYSTEM = 'messaging.system';
export const ATTR_MESSAGING_DESTINATION_NAME = 'messaging.destination.name';
export const ATTR_MESSAGING_OPERATION_TYPE = 'messaging.operation.type';
export const ATTR_MESSAGING_OPERATION_NAME = 'messaging.operation.name';
export const ATTR_MESSAGING_MESSAGE_ID = 'messaging.message.id';

/**
 * BullMQ's own telemetry (bullmq-otel) already creates the producer and consumer spans and carries
 * the W3C trace context inside each job's options. This adds OpenTelemetry's messaging attributes to
 * those spans, which BullMQ names only in its own `bullmq.*` vocabulary. A job added without the
 * producer's context (`telemetry: { omitContext: true }`) starts a trace of its own when a worker
 * takes it, rather than joining whatever the worker's loop has active.
 */
function messagingTelemetry(queueName: string): Telemetry {
  const otel = new BullMQOtel({ tracerName: 'bullmq' });
  const tracer: Telemetry['tracer'] = {
    startSpan(name, options, context) {
      const consumer = (options?.kind as number | undefined) === SpanKind.CONSUMER;
      const span = otel.tracer.startSpan(name, options, context ?? (consumer ? ROOT_CONTEXT : undefined));
      const operation = name.split(' ', 1)[0];
      span.setAttributes({
        [ATTR_MESSAGING_SYSTEM]: MESSAGING_SYSTEM,
        [ATTR_MESSAGING_DESTINATION_NAME]: queueName,
        [ATTR_MESSAGING_OPERATION_NAME]: operation,
      });
      const kind = options?.kind as number | undefined;
      if (kind === SpanKind.PRODUCER) span.setAttribute(ATTR_MESSAGING_OPERATION_TYPE, 'send');
      if (kind === SpanKind.CONSUMER) span.setAttribute(ATTR_MESSAGING_OPERATION_TYPE, 'process');
      return span;
    },
  };
  return { tracer, contextManager: otel.contextManager, meter: otel.meter } as Telemetry;
}

/**
 * What every Queue, Worker and QueueEvents of the transport is opened with: its connection, the key
 * prefix, and tracing. The one place BullMQ's telemetry is set up.
 */
export function bullMqOptions(queueName: string, connection: IORedis, prefix: string | undefined): QueueBaseOptions {
  return { connection, ...(prefix ? { prefix } : {}), telemetry: messagingTelemetry(queueName) };
}
