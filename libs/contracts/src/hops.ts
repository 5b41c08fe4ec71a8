import type { Authorization, AuthorizationRequest, Charge, ChargeRequest } from './charge';
import { PATTERNS } from './queues';
import type {
  CreateWebhookEndpointReply,
  CreateWebhookEndpointRequest,
  DeletedWebhookEndpoint,
  DeleteWebhookEndpointRequest,
  ListDeadWebhookDeliveriesRequest,
  ListPage,
  ReplayWebhookDeliveryRequest,
  WebhookDelivery,
  WebhookEndpoint,
} from './webhooks';

/**
 * Every request/reply pattern, with what its request holds and what a successful reply carries.
 * A hop's client is typed by it, so a caller cannot send a charge where an authorization belongs
 * or read the reply as something it is not.
 */
export interface HopMessages {
  [PATTERNS.createCharge]: { request: ChargeRequest; reply: Charge };
  [PATTERNS.authorizePayment]: { request: AuthorizationRequest; reply: Authorization };
  [PATTERNS.createWebhookEndpoint]: { request: CreateWebhookEndpointRequest; reply: CreateWebhookEndpointReply };
  [PATTERNS.listWebhookEndpoints]: { request: Record<string, never>; reply: ListPage<WebhookEndpoint> };
  [PATTERNS.deleteWebhookEndpoint]: { request: DeleteWebhookEndpointRequest; reply: DeletedWebhookEndpoint };
  [PATTERNS.listDeadWebhookDeliveries]: { request: ListDeadWebhookDeliveriesRequest; reply: ListPage<WebhookDelivery> };
  [PATTERNS.replayWebhookDelivery]: { request: ReplayWebhookDeliveryRequest; reply: WebhookDelivery };
}

export type RequestPattern = keyof HopMessages;
export type HopRequest<P extends RequestPattern> = HopMessages[P]['request'];
export type HopReply<P extends RequestPattern> = HopMessages[P]['reply'];
