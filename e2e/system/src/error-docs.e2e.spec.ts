import { ERROR_CODES, PROBLEM_CONTENT_TYPE } from '@hoptrace/contracts';
import { useSystem } from '@hoptrace/testing/jest';

/**
 * Every problem's `type` is a page a client can open: `/errors/<code>`, resolved against the
 * gateway's URL, served by the gateway's production build from the pages copied beside main.js.
 */
const sut = useSystem('error-docs');

const MARKDOWN = 'text/markdown; charset=utf-8';
const PROBLEM = new RegExp(`^${PROBLEM_CONTENT_TYPE.replace('+', '\\+')}`);

interface Problem {
  type: string;
  status: number;
  code: string;
  origin: string;
}



async function problemOf(path: string, init: RequestInit = {}): Promise<{ status: number; problem: Problem }> {
  const response = await fetch(new URL(path, sut.system.gatewayUrl), init);
  expect(response.headers.get('content-type')).toMatch(PROBLEM);
  return { status: response.status, problem: (await response.json()) as Problem };
}

const charge = (body: Record<string, unknown>) =>
  problemOf('/v1/charges', {
    method: 'POST',
    // The demo key of a non-production gateway; without API keys the header is ignored.
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk_test_demo' },
    body: JSON.stringify(body),
  });

async function page(url: URL): Promise<{ status: number; contentType: string | null; text: string }> {
  const response = await fetch(url);
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}

describe.each<[string, () => Promise<{ status: number; problem: Problem }>, number, string, string]>([
  [
    'a card decline',
    () => charge({ amount: 1999, currency: 'usd', customer: 'cus_demo', payment_method: 'pm_card_visa_chargeDeclinedInsufficientFunds' }),
    402,
    'card_declined',
    'payment-processor',
  ],
  [
    "a past-due customer's charge",
    () => charge({ amount: 1999, currency: 'usd', customer: 'cus_past_due', payment_method: 'pm_card_visa' }),
    402,
    'invoice_past_due',
    'billing',
  ],
  [
    'a charge without a payment method',
    () => charge({ amount: 1999, currency: 'usd', customer: 'cus_demo' }),
    400,
    'parameter_missing',
    'gateway',
  ],
  ['a request for no route', () => problemOf('/v1/no_such_route'), 404, 'route_not_found', 'gateway'],
])('the problem type of %s', (_name, request, status, code, origin) => {
  it(`is /errors/${code}, which resolves against the gateway's URL to its markdown page`, async () => {
    const answer = await request();
    expect(answer.status).toBe(status);
    expect(answer.problem).toMatchObject({ status, code, origin, type: `/errors/${code}` });

    const docs = await page(new URL(answer.problem.type, sut.system.gatewayUrl));
    expect(docs.status).toBe(200);
    expect(docs.contentType).toBe(MARKDOWN);
    expect(docs.text.split('\n', 1)[0]).toBe(`# ${code}: ${ERROR_CODES[code as keyof typeof ERROR_CODES].title}`);
    expect(docs.text).toContain(String(status));
    expect(docs.text).toContain(origin);
  });
});

describe('GET /errors/:code', () => {
  it.each(Object.entries(ERROR_CODES))('serves the page of %s', async (code, { title, status }) => {
    const docs = await page(new URL(`/errors/${code}`, sut.system.gatewayUrl));
    expect(docs.status).toBe(200);
    expect(docs.contentType).toBe(MARKDOWN);
    expect(docs.text.split('\n', 1)[0]).toBe(`# ${code}: ${title}`);
    expect(docs.text).toContain(String(status));
  });

  it.each(['not_a_code', 'README', 'constructor', '..%2F..%2Fpackage.json', 'card_declined.md'])(
    'answers /errors/%s, which is no code, with a 404 problem whose own type resolves',
    async (code) => {
      const answer = await problemOf(`/errors/${code}`);
      expect(answer.status).toBe(404);
      expect(answer.problem).toMatchObject({ status: 404, code: 'route_not_found', origin: 'gateway' });
      const docs = await page(new URL(answer.problem.type, sut.system.gatewayUrl));
      expect(docs.status).toBe(200);
      expect(docs.text).toContain('route_not_found');
    },
  );
});
