import { FaultStore } from '@hoptrace/faults';
import { freePort, type TraceSpan } from '@hoptrace/testing';
import { useSystem } from '@hoptrace/testing/jest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot, SCREENSHOTS, type WatchedPage } from './browser';
import { startConsole, type ConsoleHandle } from './console-process';

/**
 * The console in a real Chromium, against the real system: the four services, Redis, Jaeger and
 * Prometheus started by the harness, and the console's production build as its own process.
 * Every check reads the page as a person sees it (roles, accessible names, text), and what it shows
 * is checked against Jaeger's and Redis' own answers.
 */
const BILLING_REPLY_TIMEOUT_MS = 1_500;
const sut = useSystem('console', {
  prometheus: { scrapeInterval: '1s', evaluationInterval: '1s' },
  env: {
    BILLING_REPLY_TIMEOUT_MS: String(BILLING_REPLY_TIMEOUT_MS),
    GATEWAY_REPLY_TIMEOUT_MS: '4000',
    WEBHOOK_RETRY_SCHEDULE_MS: '500,1000,2000',
    PAYMENT_RATE_LIMIT_PER_MINUTE: '1000000',
  },
});

let consoleApp: ConsoleHandle;
let browser: Browser;
let context: BrowserContext;
let watched: WatchedPage;
let page: Page;
let faults: FaultStore;
/** Every URL the console's page asked for: its own origin only (no CDN, nothing fetched elsewhere). */
const requested: string[] = [];

beforeAll(async () => {
  consoleApp = await startConsole(sut.dir, {
    GATEWAY_URL: sut.system.gatewayUrl,
    JAEGER_QUERY_URL: sut.system.jaeger.queryUrl,
    JAEGER_UI_URL: sut.system.jaeger.queryUrl,
    PROMETHEUS_URL: sut.system.prometheus!.url,
    REDIS_URL: sut.system.redis.url,
    PROCESSOR_LATENCY_MS: String(BILLING_REPLY_TIMEOUT_MS + 1_500),
    WEBHOOK_RETRY_WAIT_MS: '20000',
    CONSOLE_LIVE_WINDOW_SECONDS: '300',
    CONSOLE_LIVE_STEP_SECONDS: '2',
  });
  faults = new FaultStore(sut.redis, 'hoptrace');
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  context.on('request', (request) => requested.push(request.url()));
  watched = await openPage(context, consoleApp.url);
  page = watched.page;
  await page.getByRole('button', { name: 'Run success' }).waitFor();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await consoleApp?.stop();
});

afterEach(async () => {
  await faults?.clear();
  // The page's view of the faults follows Redis again before the next test.
  await page?.reload();
  await page?.getByRole('button', { name: 'Run success' }).waitFor();
});

const resultOf = (name: string): Locator => page.locator(`article[data-scenario="${name}"]`);
const field = (card: Locator, name: string): Locator => card.locator(`[data-field="${name}"]`);

/** Clicks a scenario's button (by its accessible name) and waits for its result card. */
async function run(name: string, { keyboard = false } = {}): Promise<Locator> {
  const button = page.getByRole('button', { name: `Run ${name}` });
  if (keyboard) {
    await button.focus();
    await page.keyboard.press('Enter');
  } else {
    await button.click();
  }
  await page.getByRole('status').filter({ hasText: new RegExp(`^${name}: `) }).waitFor({ timeout: 120_000 });
  const card = resultOf(name);
  await card.waitFor();
  return card;
}

async function traceOf(card: Locator): Promise<{ traceId: string; spans: TraceSpan[] }> {
  const traceId = (await field(card, 'trace').innerText()).trim();
  expect(traceId).toMatch(/^[0-9a-f]{32}$/);
  return { traceId, spans: await sut.jaeger.getTrace(traceId) };
}

/** The span the page highlights, and the Jaeger link, checked against the trace Jaeger holds. */
async function highlighted(card: Locator): Promise<{ span: TraceSpan; spans: TraceSpan[]; href: string }> {
  const { traceId, spans } = await traceOf(card);
  const focused = card.locator('li[data-focus="true"]');
  expect(await focused.count()).toBe(1);
  const spanId = await focused.getAttribute('data-span-id');
  const span = spans.find((candidate) => candidate.spanId === spanId);
  expect(span).toBeDefined();
  const href = await card.getByRole('link', { name: /^Open in Jaeger at the / }).getAttribute('href');
  expect(href).toBe(`${sut.system.jaeger.queryUrl}/trace/${traceId}?uiFind=${spanId}`);
  // The waterfall is Jaeger's trace: one row per span Jaeger holds.
  expect(await card.locator('li[data-span-id]').count()).toBe(spans.length);
  return { span: span!, spans, href: href! };
}

describe('the console in Chromium', () => {
  it('shows the whole catalogue, one named button per scenario with its story, and every fault with a named switch', async () => {
    const catalogue = (await (await fetch(`${consoleApp.url}/api/scenarios`)).json()) as { name: string; summary: string }[];
    expect(catalogue.length).toBeGreaterThanOrEqual(15);
    for (const { name, summary } of catalogue) {
      const button = page.getByRole('button', { name: `Run ${name}` });
      await expect(button.isVisible()).resolves.toBe(true);
      // The story is the button's accessible description.
      const describedBy = await button.getAttribute('aria-describedby');
      await expect(page.locator(`#${describedBy}`).innerText()).resolves.toContain(summary);
    }
    for (const name of ['processor_latency_ms', 'processor_failure_rate', 'processor_unavailable', 'billing_misconfigured', 'webhook_receiver_status']) {
      await expect(page.getByRole('switch', { name }).isChecked()).resolves.toBe(false);
    }
    await expect(page.getByRole('button', { name: 'Run random mix' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Switch every fault off' }).isVisible()).resolves.toBe(true);
    await expect(page.getByText('every replica').isVisible()).resolves.toBe(true);
    // Every control can be reached with Tab: the first one is the skip link, then the scenarios.
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to the result');
  });

  it('a processor decline: the processor decided, its span highlighted, the link opens Jaeger at it', async () => {
    const card = await run('insufficient-funds', { keyboard: true });
    await expect(card.locator('.badge').innerText()).resolves.toBe('MATCH');
    await expect(field(card, 'status').innerText()).resolves.toBe('402');
    await expect(field(card, 'verdict').innerText()).resolves.toBe('payment-processor decided the 402');
    const { span, href } = await highlighted(card);
    expect(span).toMatchObject({ service: 'payment-processor', tags: expect.objectContaining({ 'payment.required.origin': 'payment-processor', 'payment.decline_code': 'insufficient_funds' }) });
    await expect(field(card, 'who').innerText()).resolves.toMatch(/^Who must act: the customer/);
    await expect(field(card, 'problem').textContent()).resolves.toContain('"decline_code": "insufficient_funds"');
    await screenshot(page, 'console-insufficient-funds');

    // The link opens Jaeger (a new tab) at this trace with the deciding span asked for.
    const [jaegerPage] = await Promise.all([context.waitForEvent('page'), card.getByRole('link', { name: /^Open in Jaeger/ }).click()]);
    await jaegerPage.waitForLoadState();
    expect(jaegerPage.url()).toBe(href);
    const opened = new URL(jaegerPage.url());
    expect(opened.searchParams.get('uiFind')).toBe(span.spanId);
    await screenshot(jaegerPage, 'jaeger-from-console');
    // The same trace, as Jaeger's API (which its UI reads) gives it, with the deciding span in it.
    await jaegerPage.goto(`${sut.system.jaeger.queryUrl}/api/traces/${span.traceId}`);
    await expect(jaegerPage.locator('body').innerText()).resolves.toContain(`"spanID":"${span.spanId}"`);
    // Chromium's JSON viewer, indented, scrolled to the deciding span with its id selected: a screenshot of real data.
    const prettyPrint = jaegerPage.getByLabel('Pretty-print');
    if (await prettyPrint.count()) await prettyPrint.check();
    const found = await jaegerPage.evaluate((spanId) => {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent?.search(new RegExp(`"spanID": ?"${spanId}"`)) ?? -1;
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + node.textContent!.slice(at).indexOf(spanId) + spanId.length + 1);
        window.scrollTo(0, window.scrollY + range.getBoundingClientRect().top - 120);
        getSelection()?.removeAllRanges();
        getSelection()?.addRange(range);
        return true;
      }
      return false;
    }, span.spanId);
    expect(found).toBe(true);
    await jaegerPage.screenshot({ path: `${SCREENSHOTS}/jaeger-trace-json-from-console.png` });
    await jaegerPage.close();
  });

  it("billing's 402: billing decided, before any card was tried", async () => {
    const card = await run('invoice-past-due');
    await expect(card.locator('.badge').innerText()).resolves.toBe('MATCH');
    await expect(field(card, 'verdict').innerText()).resolves.toBe('billing decided the 402');
    const { span, spans } = await highlighted(card);
    expect(span).toMatchObject({ service: 'billing', tags: expect.objectContaining({ 'payment.required.origin': 'billing' }) });
    expect(spans.some((candidate) => candidate.service === 'payment-processor')).toBe(false);
  });

  it("the gateway's credit 402: the gateway decided, and nothing behind it was asked", async () => {
    const card = await run('credit-exhausted');
    await expect(card.locator('.badge').innerText()).resolves.toBe('MATCH');
    await expect(field(card, 'verdict').innerText()).resolves.toBe('gateway decided the 402');
    const { span, spans } = await highlighted(card);
    expect(span).toMatchObject({ service: 'gateway', tags: expect.objectContaining({ 'payment.required.origin': 'gateway' }) });
    expect(new Set(spans.map((candidate) => candidate.service))).toEqual(new Set(['gateway']));
  });

  it('processor-down: a 503 no hop decided as a 402, highlighted where it failed (billing, the hop nobody took)', async () => {
    const card = await run('processor-down');
    await expect(card.locator('.badge').innerText()).resolves.toBe('MATCH');
    await expect(field(card, 'status').innerText()).resolves.toBe('503');
    await expect(field(card, 'verdict').innerText()).resolves.toBe('no hop decided a 402');
    const { span, spans } = await highlighted(card);
    expect(span).toMatchObject({ service: 'billing', hasError: true });
    expect(spans.some((candidate) => 'payment.required.origin' in candidate.tags)).toBe(false);
    await expect(card.getByRole('link', { name: /^Open in Jaeger at the where it failed: billing/ }).isVisible()).resolves.toBe(true);
    await expect(field(card, 'who').innerText()).resolves.toMatch(/^Who must act: the platform's operators/);
    // The scenario's fault was switched off after it, and the panel says so.
    await expect(page.getByRole('switch', { name: 'processor_unavailable' }).isChecked()).resolves.toBe(false);
  });

  it("webhook-failing: a 201 no hop decided, highlighted at the merchant's endpoint answering 500", async () => {
    const card = await run('webhook-failing');
    await expect(card.locator('.badge').innerText()).resolves.toBe('MATCH');
    await expect(field(card, 'status').innerText()).resolves.toBe('201');
    await expect(field(card, 'verdict').innerText()).resolves.toBe('no hop decided a 402');
    const { span } = await highlighted(card);
    expect(span).toMatchObject({ service: 'notifier', kind: 'client', tags: expect.objectContaining({ 'http.response.status_code': 500 }) });
    await expect(field(card, 'who').innerText()).resolves.toMatch(/^Who must act: the merchant/);
  });

  it("switching a fault in the panel changes the next run's outcome, and a run that differs shows how", async () => {
    const toggle = page.getByRole('switch', { name: 'processor_failure_rate' });
    await toggle.check();
    await page.getByRole('status').filter({ hasText: 'On: processor_failure_rate=1' }).waitFor();
    // Redis, which every replica reads, holds what the panel shows.
    await expect(faults.read()).resolves.toMatchObject({ processor_failure_rate: 1 });

    const failed = await run('success');
    await expect(failed.locator('.badge').innerText()).resolves.toBe('DIFFER');
    await expect(field(failed, 'status').innerText()).resolves.toBe('502');
    await expect(failed.getByRole('note').innerText()).resolves.toContain('answered 502, expected 201');

    await toggle.uncheck();
    await page.getByRole('status').filter({ hasText: 'No fault is on.' }).waitFor();
    await expect(faults.read()).resolves.toMatchObject({ processor_failure_rate: 0 });
    const healed = await run('success');
    await expect(healed.locator('.badge').innerText()).resolves.toBe('MATCH');
    await expect(field(healed, 'status').innerText()).resolves.toBe('201');
  });

  it("the live panel's 402 series for billing rises while billing_misconfigured is on and charges run", async () => {
    const billingRow = page.locator('#live-table tr[data-series^="billing"]');
    const latest = async () => Number((await billingRow.count()) > 0 ? await billingRow.first().getAttribute('data-latest') : 0);
    const before = await latest();

    // Switched on from the keyboard: Tab to the switch, Space.
    const toggle = page.getByRole('switch', { name: 'billing_misconfigured' });
    await toggle.focus();
    await page.keyboard.press('Space');
    await page.getByRole('status').filter({ hasText: 'On: billing_misconfigured=true' }).waitFor();

    // A customer in good standing, refused by billing's broken rule: 402s decided by billing.
    const charge = () =>
      fetch(`${sut.system.gatewayUrl}/v1/charges`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk_test_demo', 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 1999, currency: 'usd', customer: 'cus_enterprise', payment_method: 'pm_card_visa' }),
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as { origin?: string } }));
    const answers = [];
    for (let sent = 0; sent < 30; sent += 1) answers.push(await charge());
    expect(answers.every((answer) => answer.status === 402 && answer.body.origin === 'billing')).toBe(true);

    // The page refreshes the panel by itself; the line rises once Prometheus has scraped the counts.
    await page.waitForFunction(
      (floor) => {
        const row = document.querySelector('#live-table tr[data-series^="billing"]');
        return row !== null && Number(row.getAttribute('data-latest')) > floor;
      },
      before + 0.1,
      { timeout: 90_000, polling: 1_000 },
    );
    expect(await latest()).toBeGreaterThan(before);
    const key = await billingRow.first().getAttribute('data-series');
    // The chart draws it: a line with points for the series.
    await expect(page.locator(`#live-chart polyline[data-series="${key}"]`).getAttribute('points')).resolves.toMatch(/\d+(\.\d+)?,\d+(\.\d+)? /);
    await expect(page.getByRole('img', { name: new RegExp(`402s per second .*${key}`) }).isVisible()).resolves.toBe(true);
    await run('billing-misconfigured');
    await screenshot(page, 'console');
  });

  it('the random mix runs the seeded mix through the runner, the same scenarios as the CLI draws', async () => {
    await page.getByRole('spinbutton', { name: 'Scenarios' }).fill('2');
    await page.getByRole('spinbutton', { name: 'Seed' }).fill('7');
    await page.getByRole('button', { name: 'Run random mix' }).click();
    await page.getByRole('status').filter({ hasText: /^Mix \(seed 7\): / }).waitFor({ timeout: 150_000 });
    await expect(page.locator('.mix-summary').innerText()).resolves.toMatch(/^A mix of 2, seed 7: /);
    await expect(page.locator('article[data-scenario]').count()).resolves.toBe(2);
  });

  it('ran without a JavaScript error, and fetched nothing from anywhere but the console itself', () => {
    expect(watched.errors).toEqual([]);
    expect(watched.consoleErrors).toEqual([]);
    const jaeger = sut.system.jaeger.queryUrl;
    expect(requested.filter((url) => !url.startsWith(`${consoleApp.url}/`) && !url.startsWith(`${jaeger}/`))).toEqual([]);
  });
});

describe('the console when Jaeger and Prometheus are unreachable', () => {
  let blind: ConsoleHandle;
  let blindPage: WatchedPage;

  beforeAll(async () => {
    // A free port nothing listens on: connections to it are refused.
    const closed = `http://127.0.0.1:${await freePort()}`;
    blind = await startConsole(
      sut.dir,
      { GATEWAY_URL: sut.system.gatewayUrl, JAEGER_QUERY_URL: closed, JAEGER_UI_URL: closed, PROMETHEUS_URL: closed, REDIS_URL: sut.system.redis.url },
      'console-blind',
    );
    blindPage = await openPage(context, blind.url);
  });

  afterAll(async () => {
    await blindPage?.page.close();
    await blind?.stop();
  });

  it('shows each error on the page, naming what is unreachable', async () => {
    const alerts = blindPage.page.getByRole('alert');
    await alerts.filter({ hasText: 'Live: Prometheus unreachable' }).waitFor();
    await blindPage.page.getByRole('button', { name: 'Run success' }).click();
    await alerts.filter({ hasText: 'Run: Jaeger unreachable' }).waitFor({ timeout: 60_000 });
    await expect(blindPage.page.getByRole('status').filter({ hasText: 'The run did not finish.' }).isVisible()).resolves.toBe(true);
    await screenshot(blindPage.page, 'console-unreachable');
    expect(blindPage.errors).toEqual([]);
  });
});
