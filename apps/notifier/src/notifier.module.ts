import { Module } from '@nestjs/common';
import { ChargeEventsHandler } from './charge-events.handler';
import { NotificationLog } from './notification-log';

@Module({
  controllers: [ChargeEventsHandler],
  providers: [NotificationLog],
})
export class NotifierModule {}
