import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '@hoptrace/testing';
import { postWebhook } from './http-delivery';
import type { SignedWebhookRequest } from './webhook-payload';

const REQUEST: SignedWebhookRequest = {
  body: '{"type":"charge.succeeded","timestamp":"2026-11-25T07:01:34.000Z","data":{}}',
  headers: {
    'content-type': 'application/json',
    'webhook-id': 'evt_1',
    'webhook-timestamp': '1795590094',
    'webhook-signature': 'v1,c2lnbmF0dXJl',
  },
};

describe('postWebhook against a local server', () => {
  let server: Server;
  let base: string;
  let handle: (request: IncomingMessage, response: ServerResponse, body: string) => void;
  const sockets = new Set<import('node:net').Socket>();

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => handle(request, response, body));
    });
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('POSTs the body and the signature headers, and reports the status', async () => {
    let seen: { method?: string; headers: Record<string, unknown>; body: string } | undefined;
    handle = (request, response, body) => {
      seen = { method: request.method, headers: request.headers, body };
      response.writeHead(204).end();
    };
    await expect(postWebhook(`${base}/hooks?x=1`, REQUEST, 2000)).resolves.toEqual({ status: 204 });
    expect(seen).toEqual({
      method: 'POST',
      body: REQUEST.body,
      headers: expect.objectContaining({ ...REQUEST.headers, 'content-length': String(REQUEST.body.length), 'user-agent': 'hoptrace-webhooks/1' }),
    });
  });

  it('reports a failing status with its Retry-After, and does not follow redirects', async () => {
    handle = (_request, response) => response.writeHead(503, { 'retry-after': '7' }).end('busy');
    await expect(postWebhook(base, REQUEST, 2000)).resolves.toEqual({ status: 503, retryAfter: '7' });
    handle = (_request, response) => response.writeHead(302, { location: 'http://example.com/' }).end();
    await expect(postWebhook(base, REQUEST, 2000)).resolves.toEqual({ status: 302 });
  });

  it('gives up after the timeout when the receiver does not answer', async () => {
    handle = () => undefined; // never answers
    const started = Date.now();
    await expect(postWebhook(base, REQUEST, 300)).resolves.toEqual({ error: 'timeout' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('reports a refused connection by its code', async () => {
    const port = await freePort();
    await expect(postWebhook(`http://127.0.0.1:${port}/`, REQUEST, 2000)).resolves.toEqual({ error: 'ECONNREFUSED' });
  });

  it('reports a URL it cannot request instead of throwing', async () => {
    await expect(postWebhook('not a url', REQUEST, 2000)).resolves.toEqual({ error: expect.any(String) });
  });
});
