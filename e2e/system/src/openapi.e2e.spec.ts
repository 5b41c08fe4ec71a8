import { PROBLEM_CONTENT_TYPE } from '@hoptrace/contracts';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { useSystem } from '@hoptrace/testing/jest';

/**
 * The gateway's OpenAPI document, generated from the code: valid against the OpenAPI schema, and
 * complete, checked against the routes Nest itself reports having mapped at boot.
 */
const sut = useSystem('openapi');

type Operation = { responses: Record<string, { content?: Record<string, unknown> }>; security?: unknown[] };
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

let document: Document;

beforeAll(async () => {
  document = (await (await fetch(`${sut.system.gatewayUrl}/docs/openapi.json`)).json()) as Document;
});

/** "Mapped {/v1/reports/:id, GET} route" lines of the gateway's log, as OpenAPI path + method. */
function mappedRoutes(): string[] {
  return readFileSync(join(sut.dir, 'gateway.log'), 'utf8')
    .split('\n')
    .flatMap((line) => {
      const match = /Mapped \{([^,]+), ([A-Z]+)\} route/.exec(line);
      return match ? [`${match[2].toLowerCase()} ${match[1].replace(/:(\w+)/g, '{$1}')}`] : [];
    })
    .filter((route) => !route.endsWith(' /healthz') && !route.endsWith(' /livez'));
}

const documented = () =>
  Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`));

const operation = (method: string, path: string) => document.paths[path]?.[method];

it('validates against the OpenAPI schema', async () => {
  const run = promisify(execFile);
  const script = resolve('tools/validate-openapi.mjs');
  const { stdout } = await run(process.execPath, [script, `${sut.system.gatewayUrl}/docs/openapi.json`]);
  expect(JSON.parse(stdout)).toEqual({ valid: true });
});

it('lists every route the gateway serves, and nothing it does not', () => {
  const routes = mappedRoutes();
  expect(routes.length).toBeGreaterThanOrEqual(4);
  expect(documented().sort()).toEqual([...routes].sort());
});

it.each([
  ['post', '/v1/charges', ['201', '400', '401', '402', '403', '409', '422', '429', '503', '504']],
  ['post', '/v1/credits', ['201', '400', '401', '402', '403', '409', '422', '429', '503', '504']],
  ['get', '/v1/reports/{id}', ['200', '400', '401', '402', '403']],
  ['get', '/errors/{code}', ['200', '404']],
])('documents %s %s with each answer it gives', (method, path, statuses) => {
  const responses = operation(method, path)?.responses ?? {};
  expect(Object.keys(responses)).toEqual(expect.arrayContaining(statuses));
  for (const [status, response] of Object.entries(responses)) {
    if (Number(status) >= 400) expect(Object.keys(response.content ?? {})).toEqual([PROBLEM_CONTENT_TYPE]);
  }
});

it.each([['/v1/charges'], ['/v1/credits']])('documents the payment method of %s as an id or a raw card, and the card shape', (path) => {
  type Schema = { $ref?: string; allOf?: Schema[]; oneOf?: Schema[]; properties?: Record<string, Schema>; required?: string[]; type?: string; pattern?: string };
  const schemas = (document as unknown as { components: { schemas: Record<string, Schema> } }).components.schemas;
  // A reference with a description of its own is written as allOf: [reference].
  const resolveRef = (schema: Schema): Schema => {
    const reference = schema.$ref ?? schema.allOf?.[0]?.$ref;
    return reference ? schemas[reference.split('/').pop() ?? ''] : schema;
  };
  const body = resolveRef(
    (operation('post', path) as unknown as { requestBody: { content: Record<string, { schema: Schema }> } }).requestBody.content['application/json'].schema,
  );
  const paymentMethod = body.properties?.payment_method;
  expect(paymentMethod?.oneOf).toHaveLength(2);
  expect(paymentMethod?.oneOf?.[0]).toMatchObject({ type: 'string', pattern: expect.stringContaining('pm_') });
  const card = resolveRef(resolveRef(paymentMethod!.oneOf![1]).properties!.card);
  expect(Object.keys(card.properties ?? {}).sort()).toEqual(['cvc', 'exp_month', 'exp_year', 'number']);
  expect([...(card.required ?? [])].sort()).toEqual(['cvc', 'exp_month', 'exp_year', 'number']);
  const charge = schemas.ChargeObject;
  expect(resolveRef(resolveRef(charge.properties!.payment_method_details).properties!.card).properties).toHaveProperty('last4');
});

it('asks for an API key exactly where the gateway does', () => {
  expect(operation('post', '/v1/charges')?.security).toEqual([{ api_key: [] }]);
  expect(operation('get', '/errors/{code}')?.security).toBeUndefined();
});

it('serves an interactive page for it at /docs', async () => {
  const page = await fetch(`${sut.system.gatewayUrl}/docs`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  expect(await page.text()).toContain('swagger');
});
