import { Module } from '@nestjs/common';
import { ClientsModule } from '@nestjs/microservices';
import { QUEUES } from '@hoptrace/contracts';
import { QUEUE_TRANSPORT, type QueueTransport } from '@hoptrace/runtime';
import { ChargeEventsHandler } from './charge-events.handler';
import { NotificationLog } from './notification-log';
import { DeliveryAttemptHandler } from './webhooks/delivery-attempt.handler';
import { DELIVERIES } from './webhooks/tokens';
import { WebhookDeliveryRecords } from './webhooks/webhook-deliveries.store';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';
import { WebhookEndpoints } from './webhooks/webhook-endpoints.store';
import { WebhooksHandler } from './webhooks/webhooks.handler';

@Module({
  imports: [
    ClientsModule.registerAsync([
      // The notifier's own queue of webhook deliveries, which it also consumes (DeliveryAttemptHandler).
      { name: DELIVERIES, inject: [QUEUE_TRANSPORT], useFactory: (transport: QueueTransport) => transport.client(QUEUES.webhookDeliveries, {}) },
    ]),
  ],
  controllers: [ChargeEventsHandler, WebhooksHandler, DeliveryAttemptHandler],
  providers: [NotificationLog, WebhookEndpoints, WebhookDeliveryRecords, WebhookDispatcher],
})
export class NotifierModule {}
