import { SCENARIOS } from '@hoptrace/scenarios';
import { JaegerClient, verdictOf } from '@hoptrace/trace-verdict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/**
 * `docker compose` run for real, as README.md tells a new user to, against the Docker Engine and
 * the look-alike base images e2e/compose/run.sh prepares: every command below that README.md
 * shows is read from README.md and run as it is written there. Each test builds on the state the
 * one before it left; the figures (build time, time to healthy, stop times, image sizes) are
 * printed at the end.
 */
const ROOT = resolve(__dirname, '../../..');
const README = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
const APPS = ['gateway', 'billing', 'payment-processor', 'notifier', 'facilitator'];
/** The web console: an image of the Dockerfile's service target, like the five services. */
const CONSOLE = 'console';
/** HAProxy, publishing the gateway's replicas on port 3000. */
const LOAD_BALANCER = 'load-balancer';
const PUBLISHED = [3000, 8080, 16686, 4318, 9090];
const jaeger = new JaegerClient('http://localhost:16686');

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Runs a shell command in the repository root, as a user types it there. */
function sh(command: string, timeoutMs = 600_000): Promise<Ran> {
  return settle(start(command), timeoutMs);
}

function start(command: string, stdin: 'ignore' | 'pipe' = 'ignore') {
  const started = Date.now();
  const child = spawn('bash', ['-c', command], { cwd: ROOT, stdio: [stdin, 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<Ran>((resolveRan) =>
    child.on('close', (code) => resolveRan({ code, stdout, stderr, seconds: (Date.now() - started) / 1000 })),
  );
  return { child, done, output: () => stdout + stderr };
}

async function settle({ child, done }: ReturnType<typeof start>, timeoutMs: number): Promise<Ran> {
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    return await done;
  } finally {
    clearTimeout(timer);
  }
}

/** Asserts success, showing the command's output when it failed. */
async function ok(command: string, timeoutMs?: number): Promise<Ran> {
  const ran = await sh(command, timeoutMs);
  expect({ command, code: ran.code, output: ran.code === 0 ? '' : (ran.stdout + ran.stderr).slice(-6000) }).toEqual({ command, code: 0, output: '' });
  return ran;
}

/** The README line that starts with `prefix`, exactly as written there. */
function readmeCommand(prefix: string): string {
  const line = README.split('\n').find((text) => text.startsWith(prefix));
  if (!line) throw new Error(`README.md has no command starting with "${prefix}"`);
  return line;
}

/** The curls of README's "Run it", each with the comment above it (which says what it answers). */
function readmeCurls(): { comment: string; command: string }[] {
  const section = README.slice(README.indexOf('## Run it'), README.indexOf('## Test it'));
  const block = /```sh\n([\s\S]*?)```/g;
  const curls: { comment: string; command: string }[] = [];
  for (const [, body] of section.matchAll(block)) {
    let comment = '';
    for (const line of body.replace(/\\\n\s*/g, '').split('\n')) {
      if (line.startsWith('#')) comment = line;
      else if (line.startsWith('curl ')) curls.push({ comment, command: line });
    }
  }
  return curls;
}

interface Container {
  ID: string;
  Name: string;
  Service: string;
  State: string;
  Health: string;
}

async function containers(): Promise<Container[]> {
  const { stdout } = await ok('docker compose ps --all --format json');
  // One JSON object per line (Compose 2.21 and later) or one array.
  const text = stdout.trim();
  if (text === '') return [];
  return text.startsWith('[') ? (JSON.parse(text) as Container[]) : text.split('\n').map((line) => JSON.parse(line) as Container);
}

const inspect = async (id: string, format: string) => (await ok(`docker inspect --format '${format}' ${id}`)).stdout.trim();
const volumes = async () => new Set((await ok('docker volume ls --quiet')).stdout.split('\n').filter(Boolean));
const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

async function untilHealthy(what: string, services: string[], timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const running = (await containers()).filter((c) => services.includes(c.Service));
    if (services.every((service) => running.some((c) => c.Service === service)) && running.every((c) => c.Health === 'healthy')) return;
    if (Date.now() > deadline) throw new Error(`${what}: not healthy within ${timeoutMs} ms: ${JSON.stringify(running.map((c) => [c.Name, c.State, c.Health]))}`);
    await sleep(250);
  }
}

function portTaken(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(true));
    server.listen(port, '0.0.0.0', () => server.close(() => resolvePort(false)));
  });
}

const charge = (paymentMethod: string) =>
  fetch('http://localhost:3000/v1/charges', {
    method: 'POST',
    headers: { authorization: 'Bearer sk_test_demo', 'content-type': 'application/json' },
    body: JSON.stringify({ amount: 1999, currency: 'usd', customer: 'cus_demo', payment_method: paymentMethod }),
  });

const figures: Record<string, unknown> = {};
let volumesBefore: Set<string>;

beforeAll(async () => {
  await ok('docker compose --profile tools down --volumes --remove-orphans');
  const taken = [];
  for (const port of PUBLISHED) if (await portTaken(port)) taken.push(port);
  if (taken.length > 0) {
    throw new Error(`Port(s) ${taken.join(', ')} of the host are in use: docker-compose.yml publishes them. Stop what listens there (another compose project?) and run again.`);
  }
  volumesBefore = await volumes();
}, 120_000);

afterAll(async () => {
  // Everything the suite made goes, its images included; the look-alikes stay, as pulled images would.
  await sh('docker compose --profile tools down --volumes --remove-orphans --rmi local');
  process.stdout.write(`\ncompose suite figures ${JSON.stringify(figures)}\n`);
}, 120_000);

it('builds every image from the one Dockerfile, the shared build stage once', async () => {
  // On a dockerd of its own (run.sh says so), no build cache of an earlier run is reused: the time
  // is a whole build's. A shared dockerd's cache is left alone (its figure may be a cached one's).
  // Not `build --no-cache`: it also keeps BuildKit from running the shared stage once for all.
  // The legacy builder's prune can trip over a lease an earlier daemon left ("lease ... not found")
  // and still have removed the rest: a second prune finds nothing in its way.
  if (process.env.HOPTRACE_OWN_DOCKERD === '1' && (await sh('docker builder prune --all --force')).code !== 0) await ok('docker builder prune --all --force');
  const { seconds } = await ok('docker compose --profile tools build', 30 * 60_000);
  figures.buildSeconds = seconds;
  const built = (await ok('docker compose --profile tools config --images')).stdout.split('\n').filter(Boolean);
  const lookalikes = (await ok('node e2e/compose/lookalikes/images.cjs')).stdout.split('\n').filter(Boolean);
  const sizes: Record<string, string> = {};
  for (const image of [...built, ...lookalikes]) sizes[image] = `${Math.round(Number(await inspect(image, '{{.Size}}')) / 1e6)} MB`;
  figures.imageSizes = sizes;
}, 31 * 60_000);

it('starts with the README command, every container healthy', async () => {
  const { seconds } = await ok(readmeCommand('docker compose up -d --build --wait'), 300_000);
  figures.timeToHealthySeconds = seconds;
  const all = await containers();
  expect(all.map((c) => [c.Service, c.State]).sort()).toEqual([...APPS, CONSOLE, LOAD_BALANCER, 'jaeger', 'prometheus', 'redis'].sort().map((service) => [service, 'running']));
  // Jaeger's image has no health check: it counts as up once it runs.
  const checked = all.filter((c) => c.Service !== 'jaeger');
  expect(checked.map((c) => [c.Service, c.Health])).toEqual(checked.map((c) => [c.Service, 'healthy']));
}, 310_000);

it('gives every service the same prompt span export settings', async () => {
  const settings: Record<string, string[]> = {};
  for (const c of (await containers()).filter((c) => APPS.includes(c.Service))) {
    const env = JSON.parse(await inspect(c.ID, '{{json .Config.Env}}')) as string[];
    settings[c.Service] = env.filter((entry) => /^(OTEL_|REDIS_URL=)/.test(entry)).sort();
  }
  const shared = ['OTEL_BSP_SCHEDULE_DELAY=200', 'OTEL_EXPORTER_OTLP_ENDPOINT=http://jaeger:4318', 'REDIS_URL=redis://redis:6379'];
  expect(settings).toEqual(Object.fromEntries(APPS.map((app) => [app, shared])));
});

it('holds no test framework in any service image, nor in the console\'s', async () => {
  const found: Record<string, string> = {};
  for (const c of (await containers()).filter((c) => [...APPS, CONSOLE].includes(c.Service))) {
    const { stdout } = await ok(`docker exec ${c.ID} find node_modules -maxdepth 2 \\( -name 'jest*' -o -name '@jest' -o -name 'ts-jest' -o -name 'fast-check' \\) -print`);
    found[c.Service] = stdout.trim();
  }
  expect(found).toEqual(Object.fromEntries(Object.keys(found).map((service) => [service, ''])));
});

it("answers the README's curls, each a connected trace whose deciding span reaches Jaeger", async () => {
  const curls = readmeCurls();
  expect(curls).toHaveLength(3);
  const results = [];
  const deciderInJaegerMs: number[] = [];
  for (const { comment, command } of curls) {
    // As written, plus -w to read the status after the body.
    const { stdout } = await ok(`${command} -w '\\n%{http_code}'`);
    const answeredAt = Date.now();
    const [body, status] = stdout.trimEnd().split('\n');
    const answer = JSON.parse(body) as { trace_id: string; origin?: string; status?: unknown };
    const expected = { status: Number(/: (\d{3})/.exec(comment)?.[1]), origin: /decided by ([\w-]+)/.exec(comment)?.[1] };
    // The whole trace (one root, no parent missing) with its deciding span, if the answer had one.
    // How soon it is there is a figure, not an assertion: tail sampling's 1 s decision wait, its
    // 1 s tick and the 200 ms export put it at 1 to 2.5 s on this machine.
    const spans = await jaeger.waitForTrace(answer.trace_id, (found) => expected.origin === undefined || verdictOf(found).decidedBy !== undefined);
    deciderInJaegerMs.push(Date.now() - answeredAt);
    const verdict = verdictOf(spans);
    results.push({
      comment,
      status: Number(status),
      origin: answer.origin,
      decidedBy: verdict.decidedBy?.service,
      defects: verdict.defects,
      traceStatus: verdict.status,
    });
    expect(results.at(-1)).toEqual({
      comment,
      status: expected.status,
      origin: expected.origin,
      decidedBy: expected.origin,
      defects: [],
      traceStatus: expected.status,
    });
  }
  figures.readmeCurlTraceInJaegerMs = deciderInJaegerMs;
}, 120_000);

it('lists and runs every scenario with the README commands', async () => {
  const list = await ok(readmeCommand('docker compose run --rm scenario-runner list'), 300_000);
  expect(SCENARIOS.filter((scenario) => !list.stdout.includes(scenario.name))).toEqual([]);
  const all = await sh(readmeCommand('docker compose run --rm scenario-runner run all'), 900_000);
  // Each scenario's report is a paragraph; those that differ say DIFFER on their first line.
  const differing = all.stdout.split('\n\n').filter((report) => /^\s*DIFFER/.test(report));
  expect({ code: all.code, summary: /^scenarios: .*$/m.exec(all.stdout)?.[0], differing, stderr: all.stderr.slice(-2000) }).toEqual({
    code: 0,
    summary: `scenarios: ${SCENARIOS.length} matched, 0 differed`,
    differing: [],
    stderr: expect.any(String),
  });
  figures.runAllSeconds = all.seconds;
}, 1_210_000);

interface MonitorSeries {
  labels: { name: string; value: string }[];
  metricPoints: { gaugeValue: { doubleValue: number | string } }[];
}

/** Series of a Monitor API answer that hold at least one number (Jaeger writes "NaN" for 0/0). */
const measured = (series: MonitorSeries[]) =>
  series.filter((s) => s.metricPoints.some(({ gaugeValue }) => Number.isFinite(Number(gaugeValue.doubleValue))));

/** The curls of README's "Monitoring 402s" that ask Jaeger's Monitor API. */
function readmeMonitorCurls(): string[] {
  const section = README.slice(README.indexOf('## Monitoring 402s'), README.indexOf('**PromQL**'));
  return section.split('\n').filter((line) => line.startsWith("curl -s 'http://localhost:16686/api/metrics/"));
}

it('serves the console on http://localhost:8080, which runs a scenario through the stack and links Jaeger at the deciding span', async () => {
  const page = await fetch('http://localhost:8080/');
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<title>hoptrace console</title>');
  const run = await fetch('http://localhost:8080/api/scenarios/invoice-past-due/runs', { method: 'POST' });
  expect(run.status).toBe(200);
  const view = (await run.json()) as { passed: boolean; decidedBy: string; traceId: string; focus: { spanId: string }; jaegerUrl: string; differences: string[] };
  expect({ passed: view.passed, decidedBy: view.decidedBy, differences: view.differences }).toEqual({ passed: true, decidedBy: 'billing', differences: [] });
  expect(view.jaegerUrl).toBe(`http://localhost:16686/trace/${view.traceId}?uiFind=${view.focus.spanId}`);
  const spans = await jaeger.getTrace(view.traceId);
  expect(spans.find((span) => span.spanId === view.focus.spanId)?.tags['payment.required.origin']).toBe('billing');
  const live = await fetch('http://localhost:8080/api/live');
  expect(live.status).toBe(200);
}, 120_000);

it("shows every service's call and error rates in Jaeger's Monitor tab, read from the composed Prometheus", async () => {
  // What the curls and `run all` sent is counted by Jaeger's span metrics (flushed every 15 s) and
  // scraped by Prometheus (every 15 s): give it a few rounds of both.
  const curls = readmeMonitorCurls();
  expect(curls).toHaveLength(3);
  const spanKinds = ['server', 'consumer'];
  const ask = async (url: string) => {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    return measured(((await response.json()) as { metrics: MonitorSeries[] }).metrics);
  };
  const everyService = async () => {
    const empty: string[] = [];
    for (const kind of ['calls', 'errors'])
      for (const service of APPS) {
        const query = new URLSearchParams({ service, lookback: '900000', step: '15000', ratePer: '60000' });
        for (const spanKind of spanKinds) query.append('spanKind', spanKind);
        if ((await ask(`http://localhost:16686/api/metrics/${kind}?${query}`)).length === 0) empty.push(`${kind} of ${service}`);
      }
    for (const curl of curls) {
      const { stdout } = await ok(curl);
      if (measured((JSON.parse(stdout) as { metrics: MonitorSeries[] }).metrics).length === 0) empty.push(curl);
    }
    return empty;
  };
  let empty = await everyService();
  for (const deadline = Date.now() + 90_000; empty.length > 0 && Date.now() < deadline; empty = await everyService()) await sleep(5000);
  expect(empty).toEqual([]);
}, 180_000);

it('stops a scenario run on Ctrl-C in a terminal, its fault switched off again', async () => {
  // The processor answers late while this scenario runs: a fault the interrupted run must undo.
  expect(SCENARIOS.find((scenario) => scenario.name === 'processor-timeout')?.fault).toBeDefined();
  // In a terminal (script(1) makes one), as a user runs it: Compose passes the Ctrl-C keystroke to the
  // container's own terminal, whose line discipline sends SIGINT to the runner, PID 1 there.
  const run = start(`exec script --quiet --return --command 'docker compose run --rm scenario-runner run processor-timeout' /dev/null`, 'pipe');
  const faultOn = async () => (await sh('docker compose exec -T redis redis-cli hget faults processor_latency_ms')).stdout.trim();
  const deadline = Date.now() + 120_000;
  while ((await faultOn()) === '' && Date.now() < deadline) await sleep(200);
  expect(await faultOn()).not.toBe('');
  const interruptedAt = Date.now();
  run.child.stdin?.write('\x03');
  const ran = await settle(run, 30_000);
  figures.scenarioRunnerCtrlCSeconds = (Date.now() - interruptedAt) / 1000;
  expect({ code: ran.code, fault: await faultOn(), said: /SIGINT, stopping/.test(ran.stdout) }).toEqual({ code: 130, fault: '', said: true });
  expect((await containers()).filter((c) => c.Service === 'scenario-runner')).toEqual([]);
}, 180_000);

/** The gateway replicas HAProxy sends requests to now: the servers of its backend that are UP, from its stats. */
async function balancedGateways(): Promise<number> {
  const stats = await sh(
    `docker compose exec -T ${LOAD_BALANCER} bash -c 'exec 3<>/dev/tcp/127.0.0.1/8404 && printf "GET /stats;csv HTTP/1.0\\r\\n\\r\\n" >&3 && cat <&3'`,
  );
  const rows = stats.stdout.split('\n').map((line) => line.split(','));
  // CSV columns: pxname, svname, ..., status (the 18th).
  return rows.filter(([backend, server, ...rest]) => backend === 'gateways' && /^gateway\d+$/.test(server ?? '') && rest[15] === 'UP').length;
}

it('serves charges from both replicas of the gateway (through the published port), of billing and of the processor when scaled', async () => {
  await ok(readmeCommand('docker compose up -d --wait --scale gateway=2 --scale billing=2 --scale payment-processor=2'), 300_000);
  const replicas = (await containers()).filter((c) => ['gateway', 'billing', 'payment-processor'].includes(c.Service));
  expect(replicas.map((c) => [c.Service, c.State, c.Health]).sort()).toEqual([
    ['billing', 'running', 'healthy'],
    ['billing', 'running', 'healthy'],
    ['gateway', 'running', 'healthy'],
    ['gateway', 'running', 'healthy'],
    ['payment-processor', 'running', 'healthy'],
    ['payment-processor', 'running', 'healthy'],
  ]);
  const hostnames = new Map<string, string>();
  for (const c of replicas) hostnames.set(await inspect(c.ID, '{{.Config.Hostname}}'), c.Service);
  // HAProxy learns of the new gateway from Docker's DNS and its own health check, within seconds.
  const deadline = Date.now() + 60_000;
  while ((await balancedGateways()) < 2 && Date.now() < deadline) await sleep(500);
  expect(await balancedGateways()).toBe(2);

  // Four at a time, so that each replica's worker is handed jobs.
  const traceIds: string[] = [];
  for (let batch = 0; batch < 5; batch++) {
    const answers = await Promise.all([0, 1, 2, 3].map(() => charge('pm_card_visa')));
    for (const answer of answers) {
      expect(answer.status).toBe(201);
      traceIds.push(((await answer.json()) as { trace_id: string }).trace_id);
    }
  }
  const servedBy: Record<string, Set<string>> = { gateway: new Set(), billing: new Set(), 'payment-processor': new Set() };
  for (const traceId of traceIds) {
    const spans = await jaeger.waitForTrace(traceId, (s) => s.some((span) => span.service === 'payment-processor'));
    for (const span of spans) if (span.service in servedBy) servedBy[span.service].add(String(span.resource['host.name']));
  }
  figures.scaledChargesByHost = Object.fromEntries(Object.entries(servedBy).map(([service, hosts]) => [service, [...hosts]]));
  for (const service of Object.keys(servedBy)) {
    expect([...servedBy[service]].sort()).toEqual([...hostnames].filter(([, s]) => s === service).map(([host]) => host).sort());
  }
}, 360_000);

it('restarts a service that SIGTERM ended from inside its container, by its restart policy', async () => {
  // As a crash or the kernel would end it: Docker restarts a container only when nobody asked it to
  // stop (`docker stop` and `docker kill` do ask). Before the fix, node as PID 1 closed and lingered.
  const [billing] = (await containers()).filter((c) => c.Service === 'billing');
  const restarts = Number(await inspect(billing.ID, '{{.RestartCount}}'));
  await ok(`docker exec ${billing.ID} node -e "process.kill(1, 'SIGTERM')"`);
  const deadline = Date.now() + 60_000;
  while (Number(await inspect(billing.ID, '{{.RestartCount}}')) === restarts && Date.now() < deadline) await sleep(200);
  expect(Number(await inspect(billing.ID, '{{.RestartCount}}'))).toBe(restarts + 1);
  await untilHealthy('billing after its restart', ['billing']);
}, 120_000);

it('stops every container on SIGTERM within 2 s, each exiting by itself (0 or 143)', async () => {
  // Dependants first, as `docker compose stop` would; `-t 2`: what is still running after 2 s is
  // killed (exit 137), so an exit code of 0 or 143 says the container stopped itself in time.
  const order = [CONSOLE, LOAD_BALANCER, 'gateway', 'facilitator', 'notifier', 'payment-processor', 'billing', 'prometheus', 'jaeger', 'redis'];
  const all = (await containers()).filter((c) => c.State === 'running').sort((a, b) => order.indexOf(a.Service) - order.indexOf(b.Service) || a.Name.localeCompare(b.Name));
  const stops: Record<string, { seconds: number; exitCode: number }> = {};
  for (const c of all) {
    const { seconds } = await ok(`docker stop --time 2 ${c.ID}`);
    stops[c.Name] = { seconds, exitCode: Number(await inspect(c.ID, '{{.State.ExitCode}}')) };
  }
  figures.stopSeconds = Object.fromEntries(Object.entries(stops).map(([name, { seconds }]) => [name, seconds]));
  expect(Object.entries(stops).filter(([, { exitCode }]) => exitCode !== 0 && exitCode !== 143)).toEqual([]);
}, 120_000);

it('comes up again after `docker compose down`, with the traces stored before, leaving no anonymous volume behind', async () => {
  const project = (await ok('docker compose config --format json')).stdout;
  const { name } = JSON.parse(project) as { name: string };
  // Jaeger keeps its traces in Badger on the jaeger-data volume: one stored before `down` is found after `up`.
  await ok('docker compose up -d --wait');
  const declined = await charge('pm_card_visa_chargeDeclinedInsufficientFunds');
  expect(declined.status).toBe(402);
  const traceId = ((await declined.json()) as { trace_id: string }).trace_id;
  const storedBefore = await jaeger.waitForTrace(traceId, (s) => s.some((span) => span.service === 'payment-processor'));
  await ok('docker compose down');
  expect(await containers()).toEqual([]);
  const { seconds } = await ok(readmeCommand('docker compose up -d --build --wait'), 300_000);
  figures.secondTimeToHealthySeconds = seconds;
  const answer = await charge('pm_card_visa');
  expect(answer.status).toBe(201);
  const storedAfter = await jaeger.getTrace(traceId);
  expect(storedAfter.map((span) => span.spanId).sort()).toEqual(storedBefore.map((span) => span.spanId).sort());
  await ok('docker compose down');
  const added = [...(await volumes())].filter((volume) => !volumesBefore.has(volume)).sort();
  expect(added).toEqual([`${name}_jaeger-data`, `${name}_prometheus-data`, `${name}_redis-data`]);
}, 360_000);

it('stops on Ctrl-C of the README\'s foreground `docker compose up`', async () => {
  const up = start(`exec ${readmeCommand('docker compose up')}`);
  // Everything up, the console (started once the gateway is healthy) included, as a user presses Ctrl-C.
  await untilHealthy('docker compose up', [...APPS, CONSOLE, LOAD_BALANCER, 'redis'], 180_000);
  expect((await charge('pm_card_visa')).status).toBe(201);
  const interruptedAt = Date.now();
  up.child.kill('SIGINT');
  await settle(up, 60_000);
  figures.upCtrlCSeconds = (Date.now() - interruptedAt) / 1000;
  const exits = [];
  for (const c of await containers()) exits.push([c.Service, c.State, Number(await inspect(c.ID, '{{.State.ExitCode}}'))]);
  expect(exits.filter(([, state, code]) => state !== 'exited' || (code !== 0 && code !== 143))).toEqual([]);
}, 300_000);
