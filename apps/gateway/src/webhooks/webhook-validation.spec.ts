import { CreateWebhookEndpointDto, ListWebhookDeliveriesQuery, statusOf, type PaymentError } from '@hoptrace/contracts';
import { validationProblem } from '@hoptrace/http-edge';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidatorOptions } from 'class-validator';

/** The validator options of the gateway's global ValidationPipe (configure-http.ts). */
const PIPE_OPTIONS: ValidatorOptions = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, stopAtFirstError: true };

const VALID = { url: 'https://example.com/webhooks', enabled_events: ['charge.succeeded'] };

async function problemFor<T extends object>(type: new () => T, body: Record<string, unknown>): Promise<PaymentError> {
  const errors = await validate(plainToInstance(type, body), PIPE_OPTIONS);
  expect(errors.length).toBeGreaterThan(0);
  return validationProblem(errors);
}

const accepts = async <T extends object>(type: new () => T, body: Record<string, unknown>) =>
  expect(await validate(plainToInstance(type, body), PIPE_OPTIONS)).toEqual([]);

describe('CreateWebhookEndpointDto', () => {
  it.each<Record<string, unknown>>([
    VALID,
    { url: 'http://127.0.0.1:4242/hooks', enabled_events: ['charge.failed'] },
    { url: 'http://localhost:3000/', enabled_events: ['*'] },
    { url: 'https://hooks.example.com/a?b=c', enabled_events: ['charge.succeeded', 'charge.failed'], description: 'Orders' },
  ])('accepts %j', async (body) => {
    await accepts(CreateWebhookEndpointDto, body);
  });

  it.each([
    ['a relative URL', '/webhooks'],
    ['a URL without a scheme', 'example.com/webhooks'],
    ['an ftp URL', 'ftp://example.com/webhooks'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a file URL', 'file:///etc/passwd'],
    ['not a URL', 'hooks please'],
    ['a URL over 2048 characters', `https://example.com/${'a'.repeat(2048)}`],
    ['a number', 42],
  ])('refuses %s with a 400 on url', async (_case, url) => {
    const problem = await problemFor(CreateWebhookEndpointDto, { ...VALID, url });
    expect(problem).toMatchObject({ type: 'invalid_request_error', code: 'parameter_invalid', param: 'url', origin: 'gateway' });
    expect(statusOf(problem)).toBe(400);
  });

  it.each([
    ['an unknown event', ['charge.refunded']],
    ['a known and an unknown event', ['charge.succeeded', 'invoice.paid']],
    ['a non-string event', [42]],
    ['no events', []],
    ['a single string rather than a list', 'charge.succeeded'],
  ])('refuses %s with a 400 naming enabled_events', async (_case, enabled_events) => {
    const problem = await problemFor(CreateWebhookEndpointDto, { ...VALID, enabled_events });
    expect(problem).toMatchObject({ code: 'parameter_invalid', param: 'enabled_events', origin: 'gateway' });
    expect(problem.message).toMatch(/^Invalid enabled_events: enabled_events must/);
  });

  it('says which events it takes', async () => {
    const problem = await problemFor(CreateWebhookEndpointDto, { ...VALID, enabled_events: ['charge.refunded'] });
    expect(problem.message).toContain('charge.succeeded, charge.failed, *');
  });

  it.each(['url', 'enabled_events'])('a missing %s is parameter_missing', async (field) => {
    const { [field as keyof typeof VALID]: _omitted, ...rest } = VALID;
    expect(await problemFor(CreateWebhookEndpointDto, rest)).toMatchObject({ code: 'parameter_missing', param: field });
  });

  it('refuses unknown fields, a secret above all: the notifier makes it', async () => {
    expect(await problemFor(CreateWebhookEndpointDto, { ...VALID, secret: 'whsec_mine' })).toMatchObject({
      code: 'parameter_unknown',
      param: 'secret',
    });
  });

  it('refuses a description that is not a short string', async () => {
    expect(await problemFor(CreateWebhookEndpointDto, { ...VALID, description: 5 })).toMatchObject({ param: 'description' });
    expect(await problemFor(CreateWebhookEndpointDto, { ...VALID, description: 'x'.repeat(501) })).toMatchObject({ param: 'description' });
  });
});

describe('ListWebhookDeliveriesQuery', () => {
  it.each<Record<string, unknown>>([{ status: 'dead' }, { status: 'dead', limit: '1' }, { status: 'dead', limit: '100' }])('accepts %j', async (query) => {
    await accepts(ListWebhookDeliveriesQuery, query);
  });

  it('needs status=dead', async () => {
    expect(await problemFor(ListWebhookDeliveriesQuery, {})).toMatchObject({ code: 'parameter_missing', param: 'status' });
    expect(await problemFor(ListWebhookDeliveriesQuery, { status: 'delivered' })).toMatchObject({ code: 'parameter_invalid', param: 'status' });
    expect(await problemFor(ListWebhookDeliveriesQuery, { status: ['dead', 'dead'] })).toMatchObject({ code: 'parameter_invalid', param: 'status' });
  });

  it.each(['0', '101', '-1', '1.5', 'ten', '010'])('refuses limit=%p', async (limit) => {
    expect(await problemFor(ListWebhookDeliveriesQuery, { status: 'dead', limit })).toMatchObject({ code: 'parameter_invalid', param: 'limit' });
  });
});
