import { QUEUES, SERVICES } from '@hoptrace/contracts';
import type { ServiceDefinition } from '@hoptrace/runtime';
import { deliveryJobProblem } from '@hoptrace/webhooks';
import { NotifierModule } from './notifier.module';
import { notifierSettings, type NotifierSettings } from './notifier.settings';

export const notifier: ServiceDefinition<NotifierSettings> = {
  name: SERVICES.notifier,
  settings: notifierSettings,
  module: NotifierModule,
  queue: QUEUES.notifier,
  // Eight attempts at once: each may wait up to WEBHOOK_TIMEOUT_MS on a merchant's server.
  ownQueues: [{ queue: QUEUES.webhookDeliveries, validate: deliveryJobProblem, concurrency: 8 }],
};
