// Signals first, then telemetry, as in the service's own main.ts.
import '@hoptrace/runtime/signals';
import '../../../../apps/payment-processor/src/instrument';
import { runService } from '@hoptrace/runtime';
import { processor } from '../../../../apps/payment-processor/src/processor.service';
import { benchTransport } from '../transports/bench-transport';

void runService(processor, { transport: benchTransport });
