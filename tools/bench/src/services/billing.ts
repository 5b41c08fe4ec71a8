// Signals first, then telemetry, as in the service's own main.ts.
import '@hoptrace/runtime/signals';
import '../../../../apps/billing/src/instrument';
import { runService } from '@hoptrace/runtime';
import { billing } from '../../../../apps/billing/src/billing.service';
import { benchTransport } from '../transports/bench-transport';

void runService(billing, { transport: benchTransport });
