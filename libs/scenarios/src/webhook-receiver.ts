import type { FaultStore } from '@hoptrace/faults';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { Webhook } from 'standardwebhooks';

/** One delivery attempt as the merchant's receiver saw it. */
export interface ReceivedDelivery {
  /** The path it was sent to: one per registered endpoint. */
  path: string;
  /** `webhook-id`: the event, the same on every attempt. */
  webhookId: string;
  /** Whether its Standard Webhooks signature verified against the endpoint's secret. */
  verified: boolean;
  /** The event's `data.id`: the charge it is about, when it verified. */
  chargeId?: string;
  type?: string;
  /** What the receiver answered. */
  answered: number;
  receivedAt: number;
}

export interface WebhookReceiverOptions {
  /** Where to listen; 127.0.0.1 by default, 0.0.0.0 in a container. */
  host?: string;
  /** 0 for a free port. */
  port?: number;
  /** The base URL the notifier reaches this receiver at, when it is not host:port (a container name). */
  publicUrl?: string;
  faults: FaultStore;
}

const MAX_BODY = 256 * 1024;

/**
 * The address the notifier can reach: the listening one, or for a receiver listening everywhere (in a
 * container, run by `docker compose run`, which gives it no DNS name) its own network address.
 */
function advertisedHost(host: string): string {
  if (host !== '0.0.0.0') return host;
  const external = Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal);
  return external?.address ?? '127.0.0.1';
}

const readBody = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) request.destroy(new Error('webhook body too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });

/**
 * The demo merchant's webhook receiver: it verifies every delivery as a merchant must, with the
 * `standardwebhooks` library, and answers 200, or, while the `webhook_receiver_status` fault is on,
 * that status. The fault is read per delivery, so it switches for every notifier replica at once.
 */
export class WebhookReceiver {
  readonly deliveries: ReceivedDelivery[] = [];
  private readonly secrets = new Map<string, string>();
  private server?: Server;
  private base = '';

  constructor(private readonly options: WebhookReceiverOptions) {}

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      void this.receive(request).then(
        (status) => response.writeHead(status, { 'content-type': 'text/plain' }).end(String(status)),
        () => response.writeHead(400).end(),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    this.server = server;
    const { port } = server.address() as AddressInfo;
    this.base = (this.options.publicUrl ?? `http://${advertisedHost(this.options.host ?? '127.0.0.1')}:${port}`).replace(/\/$/, '');
  }

  /** A URL of this receiver for one endpoint, whose deliveries are checked against `secret` once set. */
  urlFor(path: string): string {
    return `${this.base}${path}`;
  }

  trust(path: string, secret: string): void {
    this.secrets.set(path, secret);
  }

  /** Waits until `enough` holds for the deliveries seen so far, or until `timeoutMs` has passed. */
  async waitFor(enough: (deliveries: ReceivedDelivery[]) => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!enough(this.deliveries)) {
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return true;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async receive(request: IncomingMessage): Promise<number> {
    const path = new URL(request.url ?? '/', 'http://receiver').pathname;
    const raw = await readBody(request);
    const secret = this.secrets.get(path);
    let verified = false;
    let event: { type?: string; data?: { id?: string } } = {};
    if (secret) {
      try {
        event = new Webhook(secret).verify(raw, request.headers as Record<string, string>) as typeof event;
        verified = true;
      } catch {
        verified = false;
      }
    }
    const faulted = (await this.options.faults.read()).webhook_receiver_status;
    const answered = !verified ? 401 : faulted || 200;
    this.deliveries.push({
      path,
      webhookId: String(request.headers['webhook-id'] ?? ''),
      verified,
      chargeId: event.data?.id,
      type: event.type,
      answered,
      receivedAt: Date.now(),
    });
    return answered;
  }
}
