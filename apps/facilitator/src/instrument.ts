import { SERVICES } from '@hoptrace/contracts';
import { startTelemetry } from '@hoptrace/telemetry';

startTelemetry(SERVICES.facilitator);
