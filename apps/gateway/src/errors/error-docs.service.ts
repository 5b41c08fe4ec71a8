import { Inject, Injectable, Logger, Optional, type OnModuleInit } from '@nestjs/common';
import { ERROR_CODES, isErrorCode, type ErrorCode } from '@hoptrace/contracts';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Overrides where the pages are read from (tests); the build's copy beside main.js otherwise. */
export const ERROR_DOCS_DIR = Symbol('ERROR_DOCS_DIR');

/**
 * docs/errors as the build ships it: copied beside main.js (tools/webpack/node-app.js, `assets`),
 * so dist/apps/gateway/docs/errors, and /app/docs/errors in the image.
 */
export const defaultErrorDocsDir = (): string => join(__dirname, 'docs', 'errors');

/**
 * The error pages, one per code of the catalogue, read once at boot. Only catalogue codes are ever
 * looked up, and each file name is built from the catalogue's own key, never from a request.
 */
@Injectable()
export class ErrorDocs implements OnModuleInit {
  private readonly logger = new Logger(ErrorDocs.name);
  private readonly pages = new Map<ErrorCode, string>();

  constructor(@Optional() @Inject(ERROR_DOCS_DIR) readonly dir: string = defaultErrorDocsDir()) {}

  async onModuleInit(): Promise<void> {
    const codes = Object.keys(ERROR_CODES) as ErrorCode[];
    const missing: string[] = [];
    await Promise.all(
      codes.map(async (code) => {
        try {
          this.pages.set(code, await readFile(join(this.dir, `${code}.md`), 'utf8'));
        } catch {
          missing.push(code);
        }
      }),
    );
    // A missing page is a broken build, but no reason to stop taking payments: log it loudly.
    if (missing.length > 0) {
      this.logger.error(`no error page in ${this.dir} for ${missing.sort().join(', ')}; /errors/<code> answers 404 for them`);
    }
  }

  /** The markdown page of `code`, or undefined when it is not a catalogue code (or its page is missing). */
  page(code: string): string | undefined {
    return isErrorCode(code) ? this.pages.get(code) : undefined;
  }
}
