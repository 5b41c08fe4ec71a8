import { parseTransport, serviceUrlFor, transportFor } from './transport';

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
});
