import { SERVICES } from '@hoptrace/contracts';
import { startTelemetry } from '@hoptrace/telemetry';

// The public edge: a caller's trace context is linked, not continued (GATEWAY_TRUST_TRACE_CONTEXT).
startTelemetry(SERVICES.gateway, { publicEdge: true });
