// Telemetry first: it must patch modules before anything else loads them.
import './instrument';
import { QUEUES, SERVICES } from '@hoptrace/contracts';
import { bootstrapService, loadConfig } from '@hoptrace/runtime';
import { ProcessorModule } from './processor.module';

const config = loadConfig(3002);
void bootstrapService({ name: SERVICES.processor, module: ProcessorModule, config, queue: QUEUES.processor });
