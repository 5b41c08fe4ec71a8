import { benchSettings, serviceUrlFor, transportFor } from './bench-transport';

const parseTransport = (raw: string | undefined) => benchSettings.read(raw === undefined ? {} : { HOPTRACE_TRANSPORT: raw }).transport;

describe('transport selection', () => {
  it('is BullMQ unless HOPTRACE_TRANSPORT says otherwise', () => {
    expect(parseTransport(undefined)).toBe('bullmq');
    expect(parseTransport('')).toBe('bullmq');
    expect(parseTransport(' Redis ')).toBe('redis');
    expect(parseTransport('http')).toBe('http');
  });

  it.each(['kafka', 'REDIS_STREAMS', 'tcp'])('refuses HOPTRACE_TRANSPORT=%p', (value) => {
    expect(() => parseTransport(value)).toThrow(/HOPTRACE_TRANSPORT must be one of bullmq, redis, http/);
  });

  it.each(['redis', 'http'] as const)('moves only the request/reply hops of a charge to %s', (kind) => {
    expect(transportFor('billing', kind)).toBe(kind);
    expect(transportFor('payment-processor', kind)).toBe(kind);
    // Events and webhook requests need a durable queue.
    expect(transportFor('notifier', kind)).toBe('bullmq');
    expect(transportFor('webhook-deliveries', kind)).toBe('bullmq');
  });

  it('keeps every queue on BullMQ by default', () => {
    for (const queue of ['billing', 'payment-processor', 'notifier']) expect(transportFor(queue, 'bullmq')).toBe('bullmq');
  });

  it('finds the base URL of an HTTP hop, and names a missing one', () => {
    const urls = { billing: 'http://127.0.0.1:4001' };
    expect(serviceUrlFor('billing', urls)).toBe('http://127.0.0.1:4001');
    expect(() => serviceUrlFor('payment-processor', urls)).toThrow(/no service URL configured for "payment-processor"/);
  });

  it('reads the HTTP hops\' base URLs from the environment, with local defaults', () => {
    expect(benchSettings.read({}).serviceUrls).toEqual({ billing: 'http://localhost:3001', 'payment-processor': 'http://localhost:3002' });
    expect(benchSettings.read({ BILLING_URL: 'http://billing:3001', PAYMENT_PROCESSOR_URL: 'http://payment-processor:3002' }).serviceUrls).toEqual({
      billing: 'http://billing:3001',
      'payment-processor': 'http://payment-processor:3002',
    });
  });
});
