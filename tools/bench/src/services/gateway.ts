// Signals first, then telemetry, as in the service's own main.ts.
import '@hoptrace/runtime/signals';
import '../../../../apps/gateway/src/instrument';
import { runService } from '@hoptrace/runtime';
import { gateway } from '../../../../apps/gateway/src/gateway.service';
import { benchTransport } from '../transports/bench-transport';

void runService(gateway, { transport: benchTransport });
