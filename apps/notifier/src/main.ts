// Telemetry first: it must patch modules before anything else loads them.
import './instrument';
import { QUEUES, SERVICES } from '@hoptrace/contracts';
import { bootstrapService, loadConfig } from '@hoptrace/runtime';
import { NotifierModule } from './notifier.module';

void bootstrapService({ name: SERVICES.notifier, module: NotifierModule, config: loadConfig(3003), queue: QUEUES.notifier });
