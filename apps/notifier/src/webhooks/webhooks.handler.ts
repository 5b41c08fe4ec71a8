import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { trace } from '@opentelemetry/api';
import {
  fail,
  ok,
  PATTERNS,
  paymentError,
  seal,
  SERVICES,
  type CreateWebhookEndpointReply,
  type CreateWebhookEndpointRequest,
  type DeletedWebhookEndpoint,
  type DeleteWebhookEndpointRequest,
  type ListDeadWebhookDeliveriesRequest,
  type ListPage,
  type PaymentError,
  type ReplayWebhookDeliveryRequest,
  type Reply,
  type WebhookDelivery,
  type WebhookEndpoint,
} from '@hoptrace/contracts';
import { ATTR_WEBHOOK_DELIVERY_ID, ATTR_WEBHOOK_ENDPOINT_ID } from './webhook-attributes';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookDeliveryRecords } from './webhook-deliveries.store';
import { WebhookEndpoints } from './webhook-endpoints.store';

const MAX_LIMIT = 100;

const notFound = (noun: string, id: string): PaymentError =>
  paymentError('resource_not_found', { param: 'id', message: `No such ${noun}: '${id}'.`, origin: SERVICES.notifier });

/** The gateway's requests about webhooks, answered from the state the notifier owns. */
@Controller()
export class WebhooksHandler {
  constructor(
    private readonly endpoints: WebhookEndpoints,
    private readonly records: WebhookDeliveryRecords,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  /**
   * Creates an endpoint with a new signing secret. The reply is kept in Redis by BullMQ, so the secret
   * travels sealed to the gateway's one-time key: only that gateway request can read it.
   */
  @MessagePattern(PATTERNS.createWebhookEndpoint)
  async create(@Payload() request: CreateWebhookEndpointRequest): Promise<Reply<CreateWebhookEndpointReply>> {
    const { reply_public_key: replyKey, ...params } = request;
    const { endpoint, secret } = await this.endpoints.create(params);
    trace.getActiveSpan()?.setAttribute(ATTR_WEBHOOK_ENDPOINT_ID, endpoint.id);
    return ok({ endpoint, sealed_secret: seal(secret, replyKey) });
  }

  @MessagePattern(PATTERNS.listWebhookEndpoints)
  async list(): Promise<Reply<ListPage<WebhookEndpoint>>> {
    return ok({ data: await this.endpoints.list(), has_more: false });
  }

  @MessagePattern(PATTERNS.deleteWebhookEndpoint)
  async delete(@Payload() request: DeleteWebhookEndpointRequest): Promise<Reply<DeletedWebhookEndpoint>> {
    trace.getActiveSpan()?.setAttribute(ATTR_WEBHOOK_ENDPOINT_ID, request.id);
    if (!(await this.endpoints.delete(request.id))) return fail(notFound('webhook endpoint', request.id));
    return ok({ id: request.id, object: 'webhook_endpoint', deleted: true });
  }

  @MessagePattern(PATTERNS.listDeadWebhookDeliveries)
  async deadLetters(@Payload() request: ListDeadWebhookDeliveriesRequest): Promise<Reply<ListPage<WebhookDelivery>>> {
    const limit = Math.min(Math.max(Math.trunc(request.limit) || 10, 1), MAX_LIMIT);
    return ok(await this.records.listDead(limit));
  }

  @MessagePattern(PATTERNS.replayWebhookDelivery)
  async replay(@Payload() request: ReplayWebhookDeliveryRequest): Promise<Reply<WebhookDelivery>> {
    const span = trace.getActiveSpan();
    span?.setAttribute(ATTR_WEBHOOK_DELIVERY_ID, request.id);
    const delivery = await this.dispatcher.replay(request.id);
    span?.setAttribute('webhook.delivery.found', delivery !== null);
    if (!delivery) return fail(notFound('webhook delivery', request.id));
    return ok(delivery);
  }
}
