import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  newReplyKeyPair,
  openSealed,
  PATTERNS,
  type CreatedWebhookEndpoint,
  type CreateWebhookEndpointReply,
  type CreateWebhookEndpointRequest,
  type ListPage,
  type WebhookEndpoint,
} from '@hoptrace/contracts';
import { trace } from '@opentelemetry/api';
import { RequiresPermission } from '../auth/requires-permission.decorator';
import { ApiProblems, AUTHENTICATED_PROBLEMS, COMMON_PROBLEMS } from '../openapi/api-problems.decorator';
import { NotifierClient } from './notifier-client';
import { CreatedWebhookEndpointObject, CreateWebhookEndpointBody, WebhookEndpointList } from './webhook-schemas';

export interface List<T> {
  object: 'list';
  url: string;
  has_more: boolean;
  data: T[];
}

/** Merchants' webhook endpoints. The notifier owns them; the gateway validates and relays. */
@ApiTags('webhooks')
@ApiBearerAuth('api_key')
@Controller('v1/webhook_endpoints')
export class WebhookEndpointsController {
  constructor(private readonly notifier: NotifierClient) {}

  /**
   * Registers an endpoint. Its signing secret is in this answer and nowhere else: the notifier stores
   * it encrypted, and sends it here sealed to a key pair made for this request alone.
   */
  @Post()
  @HttpCode(201)
  @RequiresPermission('webhook_endpoints:write')
  @ApiOperation({ summary: 'Register a webhook endpoint', description: 'The answer holds the signing secret, shown this once.' })
  @ApiCreatedResponse({ type: CreatedWebhookEndpointObject })
  @ApiProblems(400, 413, 415, ...AUTHENTICATED_PROBLEMS, 503, 504, ...COMMON_PROBLEMS)
  async create(@Body() params: CreateWebhookEndpointBody): Promise<CreatedWebhookEndpoint> {
    const replyKey = newReplyKeyPair();
    const request: CreateWebhookEndpointRequest = {
      url: params.url,
      enabled_events: params.enabled_events,
      ...(params.description !== undefined ? { description: params.description } : {}),
      reply_public_key: replyKey.publicKey,
    };
    const { endpoint, sealed_secret } = await this.notifier.ask<CreateWebhookEndpointReply>(PATTERNS.createWebhookEndpoint, request);
    trace.getActiveSpan()?.setAttribute('webhook.endpoint.id', endpoint.id);
    const { id, object, url, enabled_events, status, description, created } = endpoint;
    return {
      id,
      object,
      url,
      enabled_events,
      status,
      ...(description !== undefined ? { description } : {}),
      secret: openSealed(sealed_secret, replyKey.privateKey),
      created,
    };
  }

  /** Every endpoint, newest first, never with its secret. */
  @Get()
  @RequiresPermission('webhook_endpoints:write')
  @ApiOperation({ summary: 'List webhook endpoints', description: 'Newest first; secrets are never listed.' })
  @ApiOkResponse({ type: WebhookEndpointList })
  @ApiProblems(...AUTHENTICATED_PROBLEMS, 503, 504, ...COMMON_PROBLEMS)
  async list(): Promise<List<WebhookEndpoint>> {
    const page = await this.notifier.ask<ListPage<WebhookEndpoint>>(PATTERNS.listWebhookEndpoints, {});
    return { object: 'list', url: '/v1/webhook_endpoints', has_more: page.has_more, data: page.data };
  }
}
