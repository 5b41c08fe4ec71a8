import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { clientSpanAttributes, withClientSpanAttributes } from './client-span-attributes';

describe('client span attributes', () => {
  const manager = new AsyncLocalStorageContextManager();

  beforeAll(() => {
    manager.enable();
    context.setGlobalContextManager(manager);
  });

  afterAll(() => context.disable());

  it('are none outside withClientSpanAttributes', () => {
    expect(clientSpanAttributes()).toEqual({});
  });

  it('are what was asked for inside it, across awaits, and none again after it', async () => {
    const seen = await withClientSpanAttributes({ 'webhook.attempt': 2 }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return clientSpanAttributes();
    });
    expect(seen).toEqual({ 'webhook.attempt': 2 });
    expect(clientSpanAttributes()).toEqual({});
  });

  it('merge when nested, the inner ones winning', () => {
    const seen = withClientSpanAttributes({ a: 1, b: 'outer' }, () =>
      withClientSpanAttributes({ b: 'inner' }, () => clientSpanAttributes()),
    );
    expect(seen).toEqual({ a: 1, b: 'inner' });
  });
});
