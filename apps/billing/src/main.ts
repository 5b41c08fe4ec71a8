// Telemetry first: it must patch modules before anything else loads them.
import './instrument';
import { QUEUES, SERVICES } from '@hoptrace/contracts';
import { bootstrapService, loadConfig } from '@hoptrace/runtime';
import { BillingModule } from './billing.module';

void bootstrapService({ name: SERVICES.billing, module: BillingModule, config: loadConfig(3001), queue: QUEUES.billing });
