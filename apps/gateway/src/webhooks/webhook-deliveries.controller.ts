import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  PATTERNS,
  WEBHOOK_DELIVERY_ID,
  type ListDeadWebhookDeliveriesRequest,
  type ListPage,
  type ReplayWebhookDeliveryRequest,
  type WebhookDelivery,
} from '@hoptrace/contracts';
import { RequiresPermission } from '../auth/requires-permission.decorator';
import { ApiProblems, AUTHENTICATED_PROBLEMS, COMMON_PROBLEMS } from '../openapi/api-problems.decorator';
import { NotifierClient } from './notifier-client';
import { requireObjectId } from './object-id';
import type { List } from './webhook-endpoints.controller';
import { ListWebhookDeliveriesParams, WebhookDeliveryList, WebhookDeliveryObject } from './webhook-schemas';

const DEFAULT_LIMIT = 10;

/** Webhook deliveries that exhausted their retries (the dead-letter list), and their replay. */
@ApiTags('webhooks')
@ApiBearerAuth('api_key')
@Controller('v1/webhook_deliveries')
export class WebhookDeliveriesController {
  constructor(private readonly notifier: NotifierClient) {}

  @Get()
  @RequiresPermission('webhook_endpoints:write')
  @ApiOperation({ summary: 'List dead-lettered webhook deliveries', description: 'Newest first. Kept 30 days.' })
  @ApiOkResponse({ type: WebhookDeliveryList })
  @ApiProblems(400, ...AUTHENTICATED_PROBLEMS, 503, 504, ...COMMON_PROBLEMS)
  async list(@Query() query: ListWebhookDeliveriesParams): Promise<List<WebhookDelivery>> {
    const request: ListDeadWebhookDeliveriesRequest = { limit: query.limit ? Number(query.limit) : DEFAULT_LIMIT };
    const page = await this.notifier.ask(PATTERNS.listDeadWebhookDeliveries, request);
    return { object: 'list', url: '/v1/webhook_deliveries', has_more: page.has_more, data: page.data };
  }

  /** Sends a dead-lettered delivery again, from the first attempt of the retry schedule. */
  @Post(':id/replay')
  @HttpCode(200)
  @RequiresPermission('webhook_endpoints:write')
  @ApiOperation({
    summary: 'Replay a dead-lettered webhook delivery',
    description: 'Enqueues it again (status `pending`), with the same webhook-id. A delivery already pending is left as it is.',
  })
  @ApiParam({ name: 'id', example: 'whdl_1QyabcDEFghiJKLmnoPQRstu' })
  @ApiOkResponse({ type: WebhookDeliveryObject })
  @ApiProblems(404, ...AUTHENTICATED_PROBLEMS, 503, 504, ...COMMON_PROBLEMS)
  async replay(@Param('id') id: string): Promise<WebhookDelivery> {
    requireObjectId(id, WEBHOOK_DELIVERY_ID, 'webhook delivery');
    const request: ReplayWebhookDeliveryRequest = { id };
    return this.notifier.ask(PATTERNS.replayWebhookDelivery, request);
  }
}
