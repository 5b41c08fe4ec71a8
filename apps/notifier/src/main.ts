// Telemetry first: it must patch modules before anything else loads them.
import './instrument';
import { QUEUES, SERVICES } from '@hoptrace/contracts';
import { bootstrapService, loadConfig } from '@hoptrace/runtime';
import { NotifierModule } from './notifier.module';
import { loadWebhookSettings } from './webhooks/webhook-settings';

// Read before anything starts: in production, without WEBHOOK_SECRETS_KEY, this throws and the
// notifier does not start.
const config = loadConfig(3003);
const webhooks = loadWebhookSettings(process.env);

void bootstrapService({
  name: SERVICES.notifier,
  module: NotifierModule.register(webhooks),
  config,
  queue: QUEUES.notifier,
  ownQueues: [QUEUES.webhookDeliveries],
});
