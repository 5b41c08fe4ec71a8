import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsOptional, IsString, IsUrl, Matches, MaxLength } from 'class-validator';
import type { ChargeEvent } from './events';
import type { SealedBox } from './sealed-box';

/** The events a webhook endpoint can subscribe to: the charge events billing emits. */
export const WEBHOOK_EVENT_TYPES = ['charge.succeeded', 'charge.failed'] as const satisfies readonly ChargeEvent['type'][];
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
/** `*` subscribes an endpoint to every event type, today's and future ones, as with Stripe. */
export const ALL_WEBHOOK_EVENTS = '*';
export type EnabledWebhookEvent = WebhookEventType | typeof ALL_WEBHOOK_EVENTS;

/** Whether an endpoint that enabled `enabled` wants an event of `type`. */
export const subscribesTo = (enabled: readonly string[], type: string): boolean =>
  enabled.includes(ALL_WEBHOOK_EVENTS) || enabled.includes(type);

/** The body of `POST /v1/webhook_endpoints`, validated at the edge. */
export class CreateWebhookEndpointDto {
  // Decorators run bottom-up: the type checks go last so that they are reported first.
  @MaxLength(2048, { message: 'url must be at most 2048 characters' })
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_valid_protocol: true, require_host: true, require_tld: false },
    { message: 'url must be an absolute http or https URL' },
  )
  @IsString()
  url!: string;

  @IsIn([...WEBHOOK_EVENT_TYPES, ALL_WEBHOOK_EVENTS], {
    each: true,
    message: `enabled_events must contain only ${[...WEBHOOK_EVENT_TYPES, ALL_WEBHOOK_EVENTS].join(', ')}`,
  })
  @ArrayMaxSize(16, { message: 'enabled_events must have at most 16 entries' })
  @ArrayNotEmpty({ message: 'enabled_events must name at least one event' })
  @IsArray({ message: 'enabled_events must be an array of event types' })
  enabled_events!: EnabledWebhookEvent[];

  @MaxLength(500, { message: 'description must be at most 500 characters' })
  @IsString()
  @IsOptional()
  description?: string;
}

export type WebhookEndpointStatus = 'enabled' | 'disabled';

/** A webhook endpoint as the API shows it: never with its signing secret, but at creation. */
export interface WebhookEndpoint {
  id: string;
  object: 'webhook_endpoint';
  url: string;
  enabled_events: EnabledWebhookEvent[];
  status: WebhookEndpointStatus;
  description?: string;
  created: number;
}

/** The answer to a creation, the one time the signing secret (`whsec_…`) is shown. */
export interface CreatedWebhookEndpoint extends WebhookEndpoint {
  secret: string;
}

/** gateway → notifier, request/reply: `webhook_endpoint.create`. */
export interface CreateWebhookEndpointRequest {
  url: string;
  enabled_events: EnabledWebhookEvent[];
  description?: string;
  /**
   * The gateway's one-time public key (X25519, SPKI DER, base64). The notifier seals the new secret
   * to it, so that the reply, which BullMQ keeps in Redis, does not reveal the secret.
   */
  reply_public_key: string;
}

/** notifier → gateway: the endpoint, and its secret sealed to the request's `reply_public_key`. */
export interface CreateWebhookEndpointReply {
  endpoint: WebhookEndpoint;
  sealed_secret: SealedBox;
}

/**
 * What became of a delivery, one event to one endpoint. `dead`: every attempt of the retry schedule
 * failed; `pending`: replayed and on its way again; `delivered`: a replay that arrived;
 * `endpoint_disabled`: the endpoint answered 410 Gone to a replay and was disabled.
 */
export type WebhookDeliveryStatus = 'dead' | 'pending' | 'delivered' | 'endpoint_disabled';

/** A delivery that went to the dead-letter list, as the API shows it. It never holds the secret. */
export interface WebhookDelivery {
  id: string;
  object: 'webhook_delivery';
  status: WebhookDeliveryStatus;
  /** The event id, also the `webhook-id` header of every attempt. */
  event: string;
  event_type: WebhookEventType;
  /** The webhook endpoint id. */
  endpoint: string;
  /** Attempts made in the last run (the first delivery, or the last replay). */
  attempts: number;
  /** The HTTP status of the last attempt; null when it got no answer. */
  last_status: number | null;
  /** Why the last attempt failed: `http_500`, `timeout`, `ECONNREFUSED`, `endpoint_disabled`, … */
  last_error: string | null;
  /** Where the payload is kept (the event, by id), never the payload or a secret itself. */
  payload_ref: string;
  /** When the delivery was first attempted (Unix seconds). */
  created: number;
  /** When it last went to the dead-letter list (Unix seconds). */
  dead_at: number;
  /** How many times it has been replayed. */
  replays: number;
}

/** gateway → notifier, request/reply: `webhook_delivery.dead_letters`. */
export interface ListDeadWebhookDeliveriesRequest {
  limit: number;
}

/** A page of a list, as Stripe lists objects. */
export interface ListPage<T> {
  data: T[];
  has_more: boolean;
}

/** gateway → notifier, request/reply: `webhook_delivery.replay`. */
export interface ReplayWebhookDeliveryRequest {
  id: string;
}

/** What a delivery id looks like: anything else names no delivery. */
export const WEBHOOK_DELIVERY_ID = /^whdl_[0-9A-Za-z]{24}$/;

/** gateway → notifier, request/reply: `webhook_endpoint.delete`. */
export interface DeleteWebhookEndpointRequest {
  id: string;
}

/** What deleting an endpoint answers, as Stripe answers a deletion. */
export interface DeletedWebhookEndpoint {
  id: string;
  object: 'webhook_endpoint';
  deleted: true;
}

/** The shape of a webhook endpoint id (`we_` and 24 characters). */
export const WEBHOOK_ENDPOINT_ID = /^we_[0-9A-Za-z]{24}$/;

/** The query of `GET /v1/webhook_deliveries`: `status=dead` (the dead-letter list), and a page size. */
export class ListWebhookDeliveriesQuery {
  @IsIn(['dead'], { message: 'status must be dead: the dead-letter list is the list of deliveries kept' })
  @IsString({ message: 'status must be given once' })
  status!: 'dead';

  @Matches(/^(100|[1-9][0-9]?)$/, { message: 'limit must be an integer from 1 to 100' })
  @IsString({ message: 'limit must be given once' })
  @IsOptional()
  limit?: string;
}
