// Signals first, then telemetry, as in the service's own main.ts.
import '@hoptrace/runtime/signals';
import '../../../../apps/notifier/src/instrument';
import { runService } from '@hoptrace/runtime';
import { notifier } from '../../../../apps/notifier/src/notifier.service';
import { benchTransport } from '../transports/bench-transport';

void runService(notifier, { transport: benchTransport });
