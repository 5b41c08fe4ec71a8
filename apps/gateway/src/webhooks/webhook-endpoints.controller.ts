import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  newReplyKeyPair,
  openSealed,
  PATTERNS,
  WEBHOOK_ENDPOINT_ID,
  type CreatedWebhookEndpoint,
  type DeletedWebhookEndpoint,
  type DeleteWebhookEndpointRequest,
  type CreateWebhookEndpointReply,
  type CreateWebhookEndpointRequest,
  type ListPage,
  type WebhookEndpoint,
} from '@hoptrace/contracts';
import { trace } from '@opentelemetry/api';
import { RequiresPermission } from '../auth/requires-permission.decorator';
import { ApiProblems, AUTHENTICATED_PROBLEMS, COMMON_PROBLEMS } from '../openapi/api-problems.decorator';
import { NotifierClient } from './notifier-client';
import { requireObjectId } from './object-id';
import { CreatedWebhookEndpointObject, CreateWebhookEndpointBody, DeletedWebhookEndpointObject, WebhookEndpointList } from './webhook-schemas';

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
    const { endpoint, sealed_secret } = await this.notifier.ask(PATTERNS.createWebhookEndpoint, request);
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
    const page = await this.notifier.ask(PATTERNS.listWebhookEndpoints, {});
    return { object: 'list', url: '/v1/webhook_endpoints', has_more: page.has_more, data: page.data };
  }

  /** Stops every delivery to an endpoint, for good: deliveries still queued for it are dropped. */
  @Delete(':id')
  @RequiresPermission('webhook_endpoints:write')
  @ApiOperation({ summary: 'Delete a webhook endpoint' })
  @ApiParam({ name: 'id', example: 'we_1QyabcDEFghiJKLmnoPQRstu' })
  @ApiOkResponse({ type: DeletedWebhookEndpointObject })
  @ApiProblems(404, ...AUTHENTICATED_PROBLEMS, 503, 504, ...COMMON_PROBLEMS)
  async delete(@Param('id') id: string): Promise<DeletedWebhookEndpoint> {
    requireObjectId(id, WEBHOOK_ENDPOINT_ID, 'webhook endpoint');
    const request: DeleteWebhookEndpointRequest = { id };
    return this.notifier.ask(PATTERNS.deleteWebhookEndpoint, request);
  }
}
