import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the tests' screenshots go; README.md's images are copied from here. */
export const SCREENSHOTS = resolve(__dirname, '../../../tmp/console-e2e/screenshots');

/** Debian's chromium, which scripts/toolchain.sh's ensure_chromium installs. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(`no Chromium at ${path}: install it with \`source scripts/toolchain.sh && ensure_chromium\` (scripts/test.sh does this)`);
  }
  return path;
}

export async function launchBrowser(): Promise<Browser> {
  // As root (CI, containers) Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** JavaScript errors of a page: uncaught exceptions, and console.error calls. */
export interface WatchedPage {
  page: Page;
  errors: string[];
  consoleErrors: string[];
}

export async function openPage(context: BrowserContext, url: string): Promise<WatchedPage> {
  const page = await context.newPage();
  const watched: WatchedPage = { page, errors: [], consoleErrors: [] };
  page.on('pageerror', (error) => watched.errors.push(error.stack ?? error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') watched.consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  await page.goto(url);
  return watched;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
