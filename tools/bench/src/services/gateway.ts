// Telemetry first, as in the service's own main.ts.
import '../../../../apps/gateway/src/instrument';
import { runService } from '@hoptrace/runtime';
import { gateway } from '../../../../apps/gateway/src/gateway.service';
import { benchTransport } from '../transports/bench-transport';

void runService(gateway, { transport: benchTransport });
