import { QUEUES, SERVICES } from '@hoptrace/contracts';
import type { ServiceDefinition } from '@hoptrace/runtime';
import { BillingModule } from './billing.module';
import { billingSettings, type BillingSettings } from './billing.settings';

export const billing: ServiceDefinition<BillingSettings> = {
  name: SERVICES.billing,
  settings: billingSettings,
  module: BillingModule,
  queue: QUEUES.billing,
};
