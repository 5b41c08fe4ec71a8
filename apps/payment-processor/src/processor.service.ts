import { QUEUES, SERVICES } from '@hoptrace/contracts';
import type { ServiceDefinition } from '@hoptrace/runtime';
import { ProcessorModule } from './processor.module';
import { processorSettings, type ProcessorSettings } from './processor.settings';

export const processor: ServiceDefinition<ProcessorSettings> = {
  name: SERVICES.processor,
  settings: processorSettings,
  module: ProcessorModule,
  queue: QUEUES.processor,
};
