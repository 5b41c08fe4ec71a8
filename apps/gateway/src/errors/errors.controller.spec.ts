import { Logger, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ERROR_CODES, PROBLEM_CONTENT_TYPE } from '@hoptrace/contracts';
import { ProblemFilter } from '@hoptrace/http-edge';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ERROR_DOCS_DIR, ErrorDocs } from './error-docs.service';
import { ErrorsController, MARKDOWN_CONTENT_TYPE } from './errors.controller';

const DOCS = resolve(__dirname, '../../../../docs/errors');
const CODES = Object.keys(ERROR_CODES);

async function loadedDocs(dir: string): Promise<ErrorDocs> {
  const docs = new ErrorDocs(dir);
  await docs.onModuleInit();
  return docs;
}

describe('ErrorDocs', () => {
  it('reads the page of every catalogue code at boot', async () => {
    const docs = await loadedDocs(DOCS);
    for (const code of CODES) expect(docs.page(code)).toBe(readFileSync(join(DOCS, `${code}.md`), 'utf8'));
  });

  it.each(['README', 'README.md', 'card_declined.md', '../README', 'constructor', '__proto__', 'toString', ''])(
    'has no page for %p, which is not a catalogue code',
    async (code) => {
      expect((await loadedDocs(DOCS)).page(code)).toBeUndefined();
    },
  );

  it('reports the pages missing from its folder and still serves the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'error-docs-'));
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      writeFileSync(join(dir, 'card_declined.md'), '# card_declined\n');
      const docs = await loadedDocs(dir);
      expect(docs.page('card_declined')).toBe('# card_declined\n');
      expect(docs.page('expired_card')).toBeUndefined();
      expect(errors).toHaveBeenCalledTimes(1);
      expect(errors.mock.calls[0][0]).toEqual(expect.stringContaining('expired_card'));
    } finally {
      errors.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('GET /errors/:code', () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    @Module({ controllers: [ErrorsController], providers: [ErrorDocs, { provide: ERROR_DOCS_DIR, useValue: DOCS }] })
    class ErrorsTestModule {}
    app = await NestFactory.create(ErrorsTestModule, { logger: false });
    app.useGlobalFilters(new ProblemFilter());
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(() => app?.close());

  it.each(CODES)('serves %s as markdown', async (code) => {
    const response = await fetch(`${base}/errors/${code}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(MARKDOWN_CONTENT_TYPE);
    expect(await response.text()).toBe(readFileSync(join(DOCS, `${code}.md`), 'utf8'));
  });

  it.each(['not_a_code', 'README', 'constructor', '..%2F..%2Fpackage.json', '%2E%2E', 'card_declined.md'])(
    'answers /errors/%s with a 404 route_not_found problem, never a file',
    async (code) => {
      const response = await fetch(`${base}/errors/${code}`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(new RegExp(`^${PROBLEM_CONTENT_TYPE.replace('+', '\\+')}`));
      expect(response.headers.get('cache-control')).toBeNull();
      expect(await response.json()).toMatchObject({ status: 404, code: 'route_not_found', type: '/errors/route_not_found', origin: 'gateway' });
    },
  );
});
