import { CreateChargeDto, statusOf, type PaymentError } from '@hoptrace/contracts';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidatorOptions } from 'class-validator';
import { validationProblem } from './validation-problem';

/** The validator options of the gateway's global ValidationPipe (configure-http.ts). */
const PIPE_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  stopAtFirstError: true,
};

const VALID = { amount: 1999, currency: 'usd', customer: 'cus_demo', payment_method: 'pm_card_visa' };

/** What the gateway answers for `body`, as its ValidationPipe would build it. */
async function problemFor(body: Record<string, unknown>): Promise<PaymentError> {
  const errors = await validate(plainToInstance(CreateChargeDto, body), PIPE_OPTIONS);
  expect(errors.length).toBeGreaterThan(0);
  return validationProblem(errors);
}

const without = (field: keyof typeof VALID): Record<string, unknown> => {
  const { [field]: _omitted, ...rest } = VALID;
  return rest;
};

describe('validationProblem on CreateChargeDto', () => {
  it('finds nothing wrong with a valid charge (the cases below fail for the reason they name)', async () => {
    await expect(validate(plainToInstance(CreateChargeDto, VALID), PIPE_OPTIONS)).resolves.toEqual([]);
  });

  it.each(['amount', 'currency', 'customer', 'payment_method'] as const)(
    'a missing %s is parameter_missing naming it',
    async (field) => {
      const problem = await problemFor(without(field));
      expect(problem).toEqual({
        type: 'invalid_request_error',
        code: 'parameter_missing',
        param: field,
        message: `Missing required param: ${field}.`,
        origin: 'gateway',
      });
      expect(statusOf(problem)).toBe(400);
    },
  );

  it('a null field counts as missing', async () => {
    expect(await problemFor({ ...VALID, customer: null })).toMatchObject({ code: 'parameter_missing', param: 'customer' });
  });

  it('an empty body reports the first field, amount, as missing', async () => {
    expect(await problemFor({})).toMatchObject({ code: 'parameter_missing', param: 'amount' });
  });

  it.each<[string, unknown, RegExp]>([
    ['a numeric string', '1999', /integer/],
    ['a float', 19.99, /integer/],
    ['a negative integer', -5, /positive/],
    ['zero', 0, /positive/],
    ['more than eight digits', 1e9, /at most 99999999/],
    ['a boolean', true, /integer/],
  ])('an amount that is %s (%p) is parameter_invalid on amount', async (_case, amount, reason) => {
    const problem = await problemFor({ ...VALID, amount });
    expect(problem).toMatchObject({
      type: 'invalid_request_error',
      code: 'parameter_invalid',
      param: 'amount',
      origin: 'gateway',
    });
    expect(problem.message).toMatch(/^Invalid amount: /);
    expect(problem.message).toMatch(reason);
    expect(statusOf(problem)).toBe(400);
  });

  it('accepts the largest eight-digit amount', async () => {
    await expect(validate(plainToInstance(CreateChargeDto, { ...VALID, amount: 99_999_999 }), PIPE_OPTIONS)).resolves.toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['currency in upper case "USD"', { currency: 'USD' }, 'currency'],
    ['a two-letter currency "us"', { currency: 'us' }, 'currency'],
    ['a numeric currency 5', { currency: 5 }, 'currency'],
    ['a customer id without the cus_ prefix "bob"', { customer: 'bob' }, 'customer'],
    ['a numeric customer', { customer: 42 }, 'customer'],
    ['a payment method without the pm_ prefix', { payment_method: 'card_visa' }, 'payment_method'],
  ])('%s is parameter_invalid on %s', async (_case, change, param) => {
    const problem = await problemFor({ ...VALID, ...change });
    expect(problem).toMatchObject({ type: 'invalid_request_error', code: 'parameter_invalid', param, origin: 'gateway' });
    expect(problem.message.startsWith(`Invalid ${param}: `)).toBe(true);
    expect(statusOf(problem)).toBe(400);
  });

  it.each(['description', 'amount_cents', 'foo'])('an unknown field %p is parameter_unknown naming it', async (field) => {
    const problem = await problemFor({ ...VALID, [field]: 'x' });
    expect(problem).toEqual({
      type: 'invalid_request_error',
      code: 'parameter_unknown',
      param: field,
      message: `Received unknown parameter: ${field}.`,
      origin: 'gateway',
    });
    expect(statusOf(problem)).toBe(400);
  });

  it('is still a 400 parameter_invalid from the gateway when class-validator reports nothing specific', () => {
    const problem = validationProblem([]);
    expect(problem).toMatchObject({ type: 'invalid_request_error', code: 'parameter_invalid', origin: 'gateway' });
    expect(statusOf(problem)).toBe(400);
  });
});
