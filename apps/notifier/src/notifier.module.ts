import { Module, type DynamicModule } from '@nestjs/common';
import { ChargeEventsHandler } from './charge-events.handler';
import { NotificationLog } from './notification-log';
import { WEBHOOK_SETTINGS } from './webhooks/tokens';
import { WebhookDeliveryRecords } from './webhooks/webhook-deliveries.store';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';
import { WebhookEndpoints } from './webhooks/webhook-endpoints.store';
import type { WebhookSettings } from './webhooks/webhook-settings';
import { WebhooksHandler } from './webhooks/webhooks.handler';

@Module({})
export class NotifierModule {
  /** The notifier with the webhook settings its main.ts read (and refused to start without). */
  static register(webhooks: WebhookSettings): DynamicModule {
    return {
      module: NotifierModule,
      controllers: [ChargeEventsHandler, WebhooksHandler],
      providers: [
        NotificationLog,
        { provide: WEBHOOK_SETTINGS, useValue: webhooks },
        WebhookEndpoints,
        WebhookDeliveryRecords,
        WebhookDispatcher,
      ],
    };
  }
}
