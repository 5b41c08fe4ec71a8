import { Body, Controller, HttpCode, Inject, Module, Post, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientsModule, EventPattern, MessagePattern, Payload, type ClientProxy } from '@nestjs/microservices';
import { BullMqClient, BullMqServer, type BullMqClientOptions } from '@hoptrace/queue-transport';
import { lastValueFrom } from 'rxjs';
import { authorize, chargeOf, ready, REPLY_TIMEOUT_MS, roleOf, rungSettings, type Authorization, type ChargeRequest } from './rung-process';

/*
 * Rung 3 of the cost ladder: the same shape as rung 2, written as a Nest user writes it with
 * hoptrace's transport (libs/queue-transport): a Nest HTTP app whose controller sends through a
 * BullMqClient, and Nest microservices on a BullMqServer each, with trivial handlers (no domain
 * logic, no Redis of their own, no logging, no validation) and no OpenTelemetry SDK. It exists to
 * split the distance between bare BullMQ and the full system into what Nest and the transport cost
 * (this rung minus rung 2) and what the services do around them (rung 4 minus this one).
 */

const { redisUrl, port } = rungSettings();
const client = (queue: string, replyTimeoutMs?: number) => ({
  name: queue,
  customClass: BullMqClient,
  options: { queue, redisUrl, replyTimeoutMs } satisfies BullMqClientOptions,
});

@Controller('v1/charges')
class GatewayController {
  constructor(@Inject('billing') private readonly billing: ClientProxy) {}

  @Post()
  @HttpCode(201)
  create(@Body() charge: ChargeRequest): Promise<unknown> {
    return lastValueFrom(this.billing.send('billing.charge.create', charge));
  }
}

@Controller()
class BillingHandlers {
  constructor(
    @Inject('payment-processor') private readonly processor: ClientProxy,
    @Inject('notifier') private readonly notifier: ClientProxy,
  ) {}

  @MessagePattern('billing.charge.create')
  async create(@Payload() charge: ChargeRequest) {
    const authorization = await lastValueFrom(this.processor.send<Authorization>('payment.authorize', charge));
    await lastValueFrom(this.notifier.emit('charge.succeeded', charge), { defaultValue: undefined });
    return chargeOf(charge, authorization);
  }
}

@Controller()
class ProcessorHandlers {
  @MessagePattern('payment.authorize')
  authorize() {
    return authorize();
  }
}

@Controller()
class NotifierHandlers {
  @EventPattern('charge.succeeded')
  succeeded() {
    return undefined;
  }
}

@Module({ imports: [ClientsModule.register([client('billing', REPLY_TIMEOUT_MS)])], controllers: [GatewayController] })
class GatewayModule {}

@Module({
  imports: [ClientsModule.register([client('payment-processor', REPLY_TIMEOUT_MS), client('notifier')])],
  controllers: [BillingHandlers],
})
class BillingModule {}

@Module({ controllers: [ProcessorHandlers] })
class ProcessorModule {}

@Module({ controllers: [NotifierHandlers] })
class NotifierModule {}

const WORKERS: Record<string, Type<unknown>> = { billing: BillingModule, 'payment-processor': ProcessorModule, notifier: NotifierModule };

async function main(): Promise<void> {
  const role = roleOf();
  const logger = ['error', 'warn'] as const;
  if (role === 'gateway') {
    const app = await NestFactory.create(GatewayModule, { logger: [...logger] });
    await app.listen(port, '127.0.0.1');
  } else {
    const app = await NestFactory.createMicroservice(WORKERS[role], { strategy: new BullMqServer({ queue: role, redisUrl }), logger: [...logger] });
    await app.listen();
  }
  ready();
}

void main();
