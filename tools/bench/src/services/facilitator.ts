// Signals first, then telemetry, as in the service's own main.ts. The facilitator consumes no queue:
// it is here so that a system on another transport is started whole from dist/tools/bench.
import '@hoptrace/runtime/signals';
import '../../../../apps/facilitator/src/instrument';
import { runService } from '@hoptrace/runtime';
import { facilitator } from '../../../../apps/facilitator/src/facilitator.service';
import { benchTransport } from '../transports/bench-transport';

void runService(facilitator, { transport: benchTransport });
