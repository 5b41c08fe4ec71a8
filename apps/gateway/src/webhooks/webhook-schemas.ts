import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ALL_WEBHOOK_EVENTS,
  CreateWebhookEndpointDto,
  ListWebhookDeliveriesQuery,
  WEBHOOK_EVENT_TYPES,
  type EnabledWebhookEvent,
  type WebhookDeliveryStatus,
  type WebhookEndpointStatus,
  type WebhookEventType,
} from '@hoptrace/contracts';

/*
 * What the OpenAPI document says about the webhook endpoints' bodies and answers. As in
 * openapi/schemas.ts, the request classes extend the validated DTOs of @hoptrace/contracts.
 */

const ENABLED_EVENTS = [...WEBHOOK_EVENT_TYPES, ALL_WEBHOOK_EVENTS];

export class CreateWebhookEndpointBody extends CreateWebhookEndpointDto {
  @ApiProperty({ description: 'Where to POST events: an absolute http or https URL.', example: 'https://example.com/webhooks/hoptrace', maxLength: 2048 })
  declare url: string;

  @ApiProperty({ description: 'The events to send; `*` for all of them.', enum: ENABLED_EVENTS, isArray: true, example: ['charge.succeeded', 'charge.failed'] })
  declare enabled_events: EnabledWebhookEvent[];

  @ApiPropertyOptional({ description: 'A note for yourself.', maxLength: 500 })
  declare description?: string;
}

export class ListWebhookDeliveriesParams extends ListWebhookDeliveriesQuery {
  @ApiProperty({ enum: ['dead'], description: 'Which deliveries: `dead`, those that exhausted the retry schedule.' })
  declare status: 'dead';

  @ApiPropertyOptional({ description: 'Page size, 1 to 100; 10 by default.', example: '10' })
  declare limit?: string;
}

export class WebhookEndpointObject {
  @ApiProperty({ example: 'we_1QyabcDEFghiJKLmnoPQRstu' }) id!: string;
  @ApiProperty({ enum: ['webhook_endpoint'] }) object!: 'webhook_endpoint';
  @ApiProperty({ example: 'https://example.com/webhooks/hoptrace' }) url!: string;
  @ApiProperty({ enum: ENABLED_EVENTS, isArray: true }) enabled_events!: EnabledWebhookEvent[];
  @ApiProperty({ enum: ['enabled', 'disabled'], description: '`disabled` once the endpoint answered 410 Gone.' }) status!: WebhookEndpointStatus;
  @ApiPropertyOptional() description?: string;
  @ApiProperty({ description: 'Unix seconds.' }) created!: number;
}

export class CreatedWebhookEndpointObject extends WebhookEndpointObject {
  @ApiProperty({
    description: 'The signing secret (Standard Webhooks). Shown in this answer only: store it now.',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwZ7f4hO5Sn9k=',
  })
  secret!: string;
}

export class DeletedWebhookEndpointObject {
  @ApiProperty({ example: 'we_1QyabcDEFghiJKLmnoPQRstu' }) id!: string;
  @ApiProperty({ enum: ['webhook_endpoint'] }) object!: 'webhook_endpoint';
  @ApiProperty({ enum: [true] }) deleted!: true;
}

export class WebhookEndpointList {
  @ApiProperty({ enum: ['list'] }) object!: 'list';
  @ApiProperty({ example: '/v1/webhook_endpoints' }) url!: string;
  @ApiProperty() has_more!: boolean;
  @ApiProperty({ type: [WebhookEndpointObject] }) data!: WebhookEndpointObject[];
}

export class WebhookDeliveryObject {
  @ApiProperty({ example: 'whdl_1QyabcDEFghiJKLmnoPQRstu' }) id!: string;
  @ApiProperty({ enum: ['webhook_delivery'] }) object!: 'webhook_delivery';
  @ApiProperty({ enum: ['dead', 'pending', 'delivered', 'endpoint_disabled'] }) status!: WebhookDeliveryStatus;
  @ApiProperty({ description: 'The event id: the webhook-id header of every attempt.', example: 'evt_1QyabcDEFghiJKLmnoPQRstu' }) event!: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES }) event_type!: WebhookEventType;
  @ApiProperty({ description: 'The webhook endpoint id.', example: 'we_1QyabcDEFghiJKLmnoPQRstu' }) endpoint!: string;
  @ApiProperty({ description: 'Attempts made in the last run.' }) attempts!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'HTTP status of the last attempt; null without an answer.' }) last_status!: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'http_500', description: '`http_<status>`, `timeout`, `ECONNREFUSED`, `endpoint_disabled`, …' })
  last_error!: string | null;
  @ApiProperty({ description: 'Where the notifier keeps the payload.', example: 'notifier:webhook_event:evt_1QyabcDEFghiJKLmnoPQRstu' }) payload_ref!: string;
  @ApiProperty({ description: 'Unix seconds.' }) created!: number;
  @ApiProperty({ description: 'Unix seconds.' }) dead_at!: number;
  @ApiProperty() replays!: number;
}

export class WebhookDeliveryList {
  @ApiProperty({ enum: ['list'] }) object!: 'list';
  @ApiProperty({ example: '/v1/webhook_deliveries' }) url!: string;
  @ApiProperty() has_more!: boolean;
  @ApiProperty({ type: [WebhookDeliveryObject] }) data!: WebhookDeliveryObject[];
}
