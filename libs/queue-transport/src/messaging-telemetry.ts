import { SpanKind } from '@opentelemetry/api';
import {
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
} from '@hoptrace/telemetry';
import type { Telemetry } from 'bullmq';
import { BullMQOtel } from 'bullmq-otel';

export const MESSAGING_SYSTEM = 'bullmq';

/**
 * BullMQ's own telemetry (bullmq-otel) already creates the producer and consumer spans and carries
 * the W3C trace context inside each job's options. This adds OpenTelemetry's messaging attributes to
 * those spans, which BullMQ names only in its own `bullmq.*` vocabulary.
 */
export function messagingTelemetry(queueName: string): Telemetry {
  const otel = new BullMQOtel({ tracerName: 'bullmq' });
  const tracer: Telemetry['tracer'] = {
    startSpan(name, options, context) {
      const span = otel.tracer.startSpan(name, options, context);
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
