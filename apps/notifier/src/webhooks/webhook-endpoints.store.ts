import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { newId, subscribesTo, type CreateWebhookEndpointRequest, type WebhookEndpoint } from '@hoptrace/contracts';
import { REDIS, SETTINGS } from '@hoptrace/runtime';
import IORedis from 'ioredis';
import { decryptSecret, encryptSecret, newSigningSecret } from './secret-box';
import type { NotifierSettings } from '../notifier.settings';
import type { WebhookSettings } from './webhook-settings';

/** Every webhook endpoint, by id: one hash field each. */
export const WEBHOOK_ENDPOINTS_KEY = 'notifier:webhook_endpoints';

/** An endpoint as stored: its signing secret only encrypted (secret-box.ts). */
interface StoredEndpoint extends WebhookEndpoint {
  secret_ciphertext: string;
}

const publicView = ({ secret_ciphertext: _secret, ...endpoint }: StoredEndpoint): WebhookEndpoint => endpoint;

/**
 * The webhook endpoints, which the notifier owns. A signing secret is generated here, handed back
 * once to the creator, and otherwise only ever decrypted in memory to sign a delivery.
 */
@Injectable()
export class WebhookEndpoints implements OnModuleInit {
  private readonly settings: WebhookSettings;

  constructor(
    @Inject(REDIS) private readonly redis: IORedis,
    @Inject(SETTINGS) settings: NotifierSettings,
  ) {
    this.settings = settings.webhooks;
  }

  onModuleInit(): void {
    if (this.settings.developmentKey) {
      new Logger('WebhookDispatcher').warn({
        msg: 'WEBHOOK_SECRETS_KEY is not set: webhook signing secrets are encrypted with the public development key. Set it outside development.',
      });
    }
  }

  async create(request: Omit<CreateWebhookEndpointRequest, 'reply_public_key'>): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const id = newId('we');
    const secret = newSigningSecret();
    const stored: StoredEndpoint = {
      id,
      object: 'webhook_endpoint',
      url: request.url,
      enabled_events: [...new Set(request.enabled_events)],
      status: 'enabled',
      ...(request.description !== undefined ? { description: request.description } : {}),
      created: Math.floor(Date.now() / 1000),
      secret_ciphertext: encryptSecret(secret, this.settings.secretsKey, id),
    };
    await this.redis.hset(WEBHOOK_ENDPOINTS_KEY, id, JSON.stringify(stored));
    return { endpoint: publicView(stored), secret };
  }

  /** Every endpoint, newest first, without secrets. */
  async list(): Promise<WebhookEndpoint[]> {
    return (await this.all()).map(publicView).sort((a, b) => b.created - a.created || b.id.localeCompare(a.id));
  }

  /** The endpoints that take `type` now: enabled and subscribed to it (or to `*`). */
  async subscribedTo(type: string): Promise<WebhookEndpoint[]> {
    return (await this.all())
      .filter((endpoint) => endpoint.status === 'enabled' && subscribesTo(endpoint.enabled_events, type))
      .map(publicView);
  }

  /** One endpoint and, to sign with, its secret; null when there is no such endpoint. */
  async withSecret(id: string): Promise<{ endpoint: WebhookEndpoint; secret: string } | null> {
    const raw = await this.redis.hget(WEBHOOK_ENDPOINTS_KEY, id);
    if (!raw) return null;
    const stored = JSON.parse(raw) as StoredEndpoint;
    return { endpoint: publicView(stored), secret: decryptSecret(stored.secret_ciphertext, this.settings.secretsKey, id) };
  }

  /** Stops deliveries to an endpoint (it answered 410 Gone). */
  async disable(id: string): Promise<void> {
    const raw = await this.redis.hget(WEBHOOK_ENDPOINTS_KEY, id);
    if (!raw) return;
    const stored = JSON.parse(raw) as StoredEndpoint;
    if (stored.status === 'disabled') return;
    await this.redis.hset(WEBHOOK_ENDPOINTS_KEY, id, JSON.stringify({ ...stored, status: 'disabled' }));
  }

  /** Removes an endpoint for good; deliveries already queued for it find nothing to send to. */
  async delete(id: string): Promise<boolean> {
    return (await this.redis.hdel(WEBHOOK_ENDPOINTS_KEY, id)) === 1;
  }

  private async all(): Promise<StoredEndpoint[]> {
    return (await this.redis.hvals(WEBHOOK_ENDPOINTS_KEY)).map((raw) => JSON.parse(raw) as StoredEndpoint);
  }
}
