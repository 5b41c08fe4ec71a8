import { freePorts, startProcess, startRedis, tailFile, waitFor, type ProcessHandle, type RedisHandle } from '@hoptrace/testing';
import { randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
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
const FILES = ['main.js', 'main.js.map', 'package.json', 'package-lock.json'];
/** Folders an image copies besides FILES (its Dockerfile's stage 2): the gateway's error pages. */
const FOLDERS: Record<string, string[]> = { gateway: ['docs'] };
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
  const missing = APPS.flatMap((app) => [...FILES, ...(FOLDERS[app] ?? [])].map((file) => join(ROOT, 'dist/apps', app, file)))
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

  for (const app of APPS) {
    mkdirSync(appDir(app));
    for (const file of FILES) copyFileSync(join(ROOT, 'dist/apps', app, file), join(appDir(app), file));
    for (const folder of FOLDERS[app] ?? []) cpSync(join(ROOT, 'dist/apps', app, folder), join(appDir(app), folder), { recursive: true });
  }

  // Two installs at a time: quicker than one by one, gentler on the registry than all four at once.
  await Promise.all([APPS.slice(0, 2), APPS.slice(2)].map(async (apps) => {
    for (const app of apps) await install(app);
  }));
  redis = await startRedis({ dir });
}, INSTALL_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all(running.map((proc) => proc.stop()));
  await redis?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it.each(APPS)('%s answers /healthz from its installed production build alone', async (app) => {
  const [port, nothingListens] = await freePorts(2);
  const url = `http://127.0.0.1:${port}/healthz`;
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
      // In production the notifier refuses to start without the key of its webhook secrets.
      ...(app === 'notifier' ? { WEBHOOK_SECRETS_KEY: randomBytes(32).toString('hex') } : {}),
    },
    logFile: join(dir, `${app}.log`),
  });
  running.push(service);

  await waitFor(async () => (await fetch(url)).ok, { what: `${app} to answer ${url}`, timeoutMs: 30_000, process: service });
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ status: 'ok' });
  if (app === 'gateway') {
    // Every problem's `type` is one of these pages, read from the docs folder beside main.js.
    const page = await fetch(`http://127.0.0.1:${port}/errors/card_declined`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(await page.text()).toMatch(/^# card_declined: /);
  }
  await service.stop();
});
