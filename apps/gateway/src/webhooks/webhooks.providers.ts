import { NotifierClient } from './notifier-client';
import { WebhookDeliveriesController } from './webhook-deliveries.controller';
import { WebhookEndpointsController } from './webhook-endpoints.controller';

/**
 * The webhook API, registered by GatewayModule itself (rather than as a module of its own) so that
 * its routes are in the OpenAPI document, which covers GatewayModule's controllers.
 */
export const WEBHOOK_CONTROLLERS = [WebhookEndpointsController, WebhookDeliveriesController];
export const WEBHOOK_PROVIDERS = [NotifierClient];
