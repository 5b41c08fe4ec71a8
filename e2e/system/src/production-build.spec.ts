import { CARD_VAULT_KEY, secretKey } from '@hoptrace/runtime';
import { freePorts, startProcess, startRedis, tailFile, waitFor, type ProcessHandle, type RedisHandle } from '@hoptrace/testing';
import { randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';

/**
 * What each image does, without Docker: only dist/apps/<app>'s four files (and the gateway's error
 * pages) in an empty folder, `npm ci --omit=dev` from the generated package-lock.json, then
 * `node main.js`. A package the bundle needs but the generated package.json leaves out fails here,
 * not in production.
 */
const ROOT = realpathSync(resolve(__dirname, '../../..'));
const APPS = ['gateway', 'billing', 'payment-processor', 'notifier'];
/** The one-off tool image: built and installed like the services, run as a command. */
const RUNNER = 'scenario-runner';
/** The web console: a server like the services', and the page Vite built beside it (ui/). */
const CONSOLE = 'console';
const BUILDS = [...APPS, RUNNER, CONSOLE];
const FILES = ['main.js', 'main.js.map', 'package.json', 'package-lock.json'];
/** Folders an image copies besides FILES (its Dockerfile's stage 2): the gateway's error pages. */
const FOLDERS: Record<string, string[]> = { gateway: ['docs'], console: ['ui'] };
const INSTALL_TIMEOUT_MS = 5 * 60_000;

// Nothing of the workspace's may leak in: neither NODE_PATH nor npm settings of the npm/npx
// running this test (the image's npm runs without them).
const isolatedEnv = (): Record<string, string | undefined> => {
  const env: Record<string, string | undefined> = { NODE_PATH: undefined, NODE_ENV: 'production' };
  for (const key of Object.keys(process.env)) if (/^npm_/i.test(key)) env[key] = undefined;
  return env;
};

/** Every folder Node would search for node_modules from `dir`, `dir` included. */
const searchedFolders = (dir: string): string[] => {
  const parent = dirname(dir);
  return parent === dir ? [dir] : [dir, ...searchedFolders(parent)];
};

let dir: string;
let redis: RedisHandle;
const appDir = (app: string) => join(dir, app);
const running: ProcessHandle[] = [];

async function install(app: string): Promise<void> {
  const npm = startProcess({
    name: `npm ci (${app})`,
    command: 'npm',
    args: ['ci', '--omit=dev', '--no-audit', '--no-fund'],
    cwd: appDir(app),
    env: isolatedEnv(),
    logFile: join(dir, `${app}.npm.log`),
  });
  running.push(npm);
  const code = await npm.exited;
  if (code !== 0) throw new Error(`npm ci in ${appDir(app)} exited with ${code}:\n${tailFile(npm.logFile)}`);
}

beforeAll(async () => {
  const missing = BUILDS.flatMap((app) => [...FILES, ...(FOLDERS[app] ?? [])].map((file) => join(ROOT, 'dist/apps', app, file)))
    .filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `Build output missing:\n  ${missing.join('\n  ')}\nBuild the services first: npx nx run-many -t build ` +
        `(\`npx nx run system-e2e:e2e\` does this).`,
    );
  }

  dir = realpathSync(mkdtempSync(join(tmpdir(), 'hoptrace-production-build-')));
  if (`${dir}${sep}`.startsWith(`${ROOT}${sep}`)) {
    throw new Error(`${dir} is inside the workspace ${ROOT}; set TMPDIR to a folder outside it`);
  }
  const leaking = searchedFolders(dir).filter((folder) => existsSync(join(folder, 'node_modules')));
  if (leaking.length > 0) throw new Error(`node_modules above ${dir} would be visible to the services: ${leaking.join(', ')}`);

  for (const app of BUILDS) {
    mkdirSync(appDir(app));
    for (const file of FILES) copyFileSync(join(ROOT, 'dist/apps', app, file), join(appDir(app), file));
    for (const folder of FOLDERS[app] ?? []) cpSync(join(ROOT, 'dist/apps', app, folder), join(appDir(app), folder), { recursive: true });
  }

  // Two installs at a time: quicker than one by one, gentler on the registry than all four at once.
  await Promise.all([BUILDS.slice(0, 3), BUILDS.slice(3)].map(async (apps) => {
    for (const app of apps) await install(app);
  }));
  redis = await startRedis({ dir });
}, INSTALL_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all(running.map((proc) => proc.stop()));
  await redis?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Every secret a production start needs, per service; none of them has a default there. */
const SECRETS = {
  CARD_VAULT_KEY: randomBytes(32).toString('hex'),
  WEBHOOK_SECRETS_KEY: randomBytes(32).toString('base64'),
  API_KEYS: JSON.stringify([
    { id: 'key_production', key: `sk_live_${randomBytes(24).toString('hex')}`, customer: 'cus_demo', permissions: ['charges:write'] },
  ]),
};
const SECRETS_OF: Record<string, (keyof typeof SECRETS)[]> = {
  gateway: ['CARD_VAULT_KEY', 'API_KEYS'],
  billing: [],
  'payment-processor': ['CARD_VAULT_KEY'],
  notifier: ['WEBHOOK_SECRETS_KEY'],
};
const secretsOf = (app: string) => Object.fromEntries(SECRETS_OF[app].map((name) => [name, SECRETS[name]]));
/** The secrets as they could turn up in a log: whole, and the API key's own secret inside API_KEYS. */
const secretTexts = () => [SECRETS.CARD_VAULT_KEY, SECRETS.WEBHOOK_SECRETS_KEY, (JSON.parse(SECRETS.API_KEYS) as { key: string }[])[0].key];

async function startService(app: string, env: Record<string, string | undefined>, logName = app): Promise<{ service: ProcessHandle; port: number }> {
  const [port, nothingListens] = await freePorts(2);
  const service = startProcess({
    name: app,
    command: process.execPath,
    args: ['--enable-source-maps', 'main.js'],
    cwd: appDir(app),
    env: {
      ...isolatedEnv(),
      PORT: String(port),
      HOST: '127.0.0.1',
      REDIS_URL: redis.url,
      // Spans have nowhere to go: exporting must not stop the service from starting.
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${nothingListens}`,
      NO_COLOR: '1',
      // Secrets must not leak in from the environment of the test run.
      ...Object.fromEntries(Object.keys(SECRETS).map((name) => [name, undefined])),
      DEMO_API_KEYS: undefined,
      ...env,
    },
    logFile: join(dir, `${logName}.log`),
  });
  running.push(service);
  return { service, port };
}

/** Test frameworks, their parts and helpers: an image needs none of them. */
const TEST_TOOLING = /^(jest|jest-.+|@jest\/.+|ts-jest|babel-jest|@types\/jest|vitest|@vitest\/.+|mocha|chai|sinon|fast-check|@hoptrace\/testing)$/;
const readJson = (...path: string[]) => JSON.parse(readFileSync(join(...path), 'utf8')) as Record<string, Record<string, unknown>>;

it.each(BUILDS)('%s lists only runtime dependencies the workspace declares, and its image installs no test framework', (app) => {
  // A package the workspace imports without declaring it (a dev tool's own dependency, say) is
  // copied into the list by the build, whereas a declared dev dependency is left out of it.
  const declared = readJson(ROOT, 'package.json').dependencies;
  const listed = Object.keys(readJson(ROOT, 'dist/apps', app, 'package.json').dependencies ?? {});
  expect(listed.filter((name) => !(name in declared))).toEqual([]);
  // Everything `npm ci --omit=dev` installs from the generated lockfile, dependencies of dependencies included.
  const installed = Object.keys(readJson(ROOT, 'dist/apps', app, 'package-lock.json').packages)
    .filter((path) => path !== '')
    .map((path) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
  expect(installed.filter((name) => TEST_TOOLING.test(name))).toEqual([]);
});

it.each(APPS)('%s answers /healthz from its installed production build alone, given its secrets', async (app) => {
  const { service, port } = await startService(app, secretsOf(app));
  const url = `http://127.0.0.1:${port}/healthz`;

  await waitFor(async () => (await fetch(url)).ok, { what: `${app} to answer ${url}`, timeoutMs: 30_000, process: service });
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ status: 'ok' });
  // Kubernetes' liveness probe (deploy/k8s): answers without asking Redis.
  const live = await fetch(`http://127.0.0.1:${port}/livez`);
  expect([live.status, await live.json()]).toEqual([200, { status: 'ok' }]);
  if (app === 'gateway') {
    // Every problem's `type` is one of these pages, read from the docs folder beside main.js.
    const page = await fetch(`http://127.0.0.1:${port}/errors/card_declined`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(await page.text()).toMatch(/^# card_declined: /);
    // The key of API_KEYS works; the public demo key does not.
    const charge = (key: string) =>
      fetch(`http://127.0.0.1:${port}/v1/charges`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: '{}' });
    expect((await charge(secretTexts()[2])).status).toBe(400);
    expect((await charge('sk_test_demo')).status).toBe(401);
  }
  await service.stop();
  const log = readFileSync(service.logFile, 'utf8');
  for (const secret of secretTexts()) expect(log).not.toContain(secret);
});

describe.each(APPS.filter((app) => SECRETS_OF[app].length > 0))('%s with NODE_ENV=production', (app) => {
  it.each(SECRETS_OF[app])('refuses to start without %s, exiting non-zero and saying why', async (missing) => {
    const { [missing]: _left, ...given } = secretsOf(app);
    const { service } = await startService(app, given, `${app}-without-${missing}`);
    const code = await service.exited;
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    const log = readFileSync(service.logFile, 'utf8');
    expect(log).toContain(`${missing} is required in production`);
    for (const secret of secretTexts()) expect(log).not.toContain(secret);
  });
});

it.each(APPS.filter((app) => SECRETS_OF[app].length > 0))('%s refuses to start in production with no secrets at all', async (app) => {
  const { service } = await startService(app, {}, `${app}-without-secrets`);
  const code = await service.exited;
  expect(code).not.toBe(0);
  expect(code).not.toBeNull();
  expect(readFileSync(service.logFile, 'utf8')).toMatch(/(CARD_VAULT_KEY|WEBHOOK_SECRETS_KEY|API_KEYS) is required in production/);
});

it('refuses the public development card vault key in production', async () => {
  // The development key is SHA-256 of a public seed: every copy of the source knows it.
  const developmentKey = secretKey(CARD_VAULT_KEY, {}).key.toString('hex');
  const { service } = await startService('payment-processor', { CARD_VAULT_KEY: developmentKey }, 'payment-processor-development-key');
  expect(await service.exited).not.toBe(0);
  expect(readFileSync(service.logFile, 'utf8')).toContain('CARD_VAULT_KEY is the public development key');
});

it('the scenario runner lists its catalogue and switches faults from its installed production build alone', async () => {
  const runOnce = async (args: string[], name: string): Promise<string> => {
    const command = startProcess({
      name,
      command: process.execPath,
      args: ['--enable-source-maps', 'main.js', ...args],
      cwd: appDir(RUNNER),
      env: { ...isolatedEnv(), REDIS_URL: redis.url },
      logFile: join(dir, `${name}.log`),
    });
    running.push(command);
    const code = await command.exited;
    const output = tailFile(command.logFile, 200);
    expect({ name, code, output }).toEqual({ name, code: 0, output: expect.any(String) });
    return output;
  };
  const catalogue = await runOnce(['list', '--json'], 'runner-list');
  expect(catalogue).toContain('"name":"billing-misconfigured"');
  // `faults clear` pauses nothing and resumes the processor's queue: BullMQ and ioredis load and work.
  const faults = await runOnce(['faults', 'clear', '--json'], 'runner-faults');
  expect(faults).toContain('"processor_unavailable":false');
});

it('the console serves its page, every file of it bundled, and answers /healthz from its installed production build alone', async () => {
  const { service, port } = await startService(CONSOLE, {});
  const base = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${base}/healthz`)).ok, { what: `the console to answer ${base}/healthz`, timeoutMs: 30_000, process: service });
  const page = await fetch(`${base}/`);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('<title>hoptrace console</title>');
  // Every script and stylesheet the page names is the console's own, and served by it.
  const assets = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map(([, path]) => path);
  expect(assets.length).toBeGreaterThanOrEqual(2);
  for (const asset of assets) {
    expect(asset).toMatch(/^\.\/assets\//);
    expect((await fetch(new URL(asset, `${base}/`))).status).toBe(200);
  }
  // The catalogue comes from the bundled scenario library.
  const catalogue = (await (await fetch(`${base}/api/scenarios`)).json()) as { name: string }[];
  expect(catalogue.map(({ name }) => name)).toContain('billing-misconfigured');
  await service.stop();
});
