import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * docker-compose.yml as Compose itself reads it: `docker compose config --format json` prints the
 * resolved file (merge keys applied, defaults filled in), with the "tools" profile's services too.
 * e2e/compose runs it for real; this checks its shape in a second, without a Docker Engine.
 */
const ROOT = resolve(__dirname, '../../..');
const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');
const APPS = ['gateway', 'billing', 'payment-processor', 'notifier', 'facilitator'];

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonMap = { [key: string]: Json };

function compose(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('docker', ['compose', '-f', COMPOSE_FILE, '--profile', 'tools', ...args], { cwd: ROOT, encoding: 'utf8' });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' || /is not a docker command/.test(result.stderr ?? '')) {
    throw new Error(
      '`docker compose` (Compose v2, the Docker CLI plugin) is not installed. Install it with ' +
        '`source scripts/toolchain.sh && ensure_docker && ensure_compose`; scripts/test.sh does this before running the tests.',
    );
  }
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const asMap = (value: Json | undefined, what: string): JsonMap => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${what} is not a mapping: ${JSON.stringify(value)}`);
  return value;
};

/** "published:target" of each port, as Compose v2 prints them (long form). */
function publishedPorts(service: JsonMap): string[] {
  return ((service.ports as Json[] | undefined) ?? []).map((port) => {
    const { published, target } = asMap(port, 'port');
    return `${published}:${target}`;
  });
}

/** Bind mounts of a service (Compose v2 prints every volume in the long form). */
function mounts(service: JsonMap): { source: string; target: string; readOnly: boolean }[] {
  return ((service.volumes as Json[] | undefined) ?? [])
    .map((volume) => asMap(volume, 'volume'))
    .filter((volume) => volume.type === 'bind')
    .map(({ source, target, read_only }) => ({ source: String(source), target: String(target), readOnly: read_only === true }));
}

describe('docker-compose.yml', () => {
  let services: JsonMap;

  beforeAll(() => {
    const result = compose('config', '--format', 'json');
    if (result.status !== 0) {
      throw new Error(`docker compose config exited with ${result.status}:\n${result.stderr}${result.stdout}`);
    }
    services = asMap(asMap(JSON.parse(result.stdout) as Json, 'config').services, 'services');
  });

  it('is valid for docker compose', () => {
    // The whole result, so that a failure shows Compose's complaint.
    expect(compose('config', '--quiet')).toMatchObject({ status: 0, stderr: '' });
  });

  it('defines Redis, Jaeger, Prometheus, the five services and the console', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['redis', 'jaeger', 'prometheus', ...APPS, 'console']));
    expect(compose('config', '--services').stdout.trim().split('\n').sort()).toEqual(Object.keys(services).sort());
  });

  it('publishes the gateway (through its load balancer), the console, Jaeger and Prometheus, and no other service', () => {
    // The gateway's replicas publish nothing (two could not share the host's port): HAProxy does.
    expect(publishedPorts(asMap(services['load-balancer'], 'load-balancer'))).toEqual(['3000:3000']);
    expect(publishedPorts(asMap(services.gateway, 'gateway'))).toEqual([]);
    expect(publishedPorts(asMap(services.console, 'console'))).toEqual(['8080:8080']);
    expect(publishedPorts(asMap(services.jaeger, 'jaeger')).sort()).toEqual(['16686:16686', '4318:4318']);
    expect(publishedPorts(asMap(services.prometheus, 'prometheus'))).toEqual(['9090:9090']);
    const others = APPS.filter((app) => app !== 'gateway');
    expect(Object.fromEntries(others.map((app) => [app, publishedPorts(asMap(services[app], app))]))).toEqual(
      Object.fromEntries(others.map((app) => [app, []])),
    );
  });

  it.each(APPS)('%s waits for a healthy Redis and a started Jaeger, and is pointed at both', (app) => {
    const service = asMap(services[app], app);
    const dependsOn = asMap(service.depends_on, `${app}.depends_on`);
    // toMatchObject: Compose v2 adds `required: true` to each dependency.
    expect(dependsOn).toMatchObject({ redis: { condition: 'service_healthy' }, jaeger: { condition: 'service_started' } });
    // The same prompt export settings for all: a service's own `environment:` must not drop them.
    expect(asMap(service.environment, `${app}.environment`)).toMatchObject({
      REDIS_URL: 'redis://redis:6379',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318',
      OTEL_BSP_SCHEDULE_DELAY: '200',
    });
  });

  it("mounts something at each image volume (Redis's /data, Jaeger's /tmp, Prometheus's /prometheus), so that no anonymous volume is made", () => {
    const volumes = (name: string) => ((asMap(services[name], name).volumes as JsonMap[] | undefined) ?? []).map((v) => `${v.type}:${v.source}:${v.target}`);
    expect(volumes('redis')).toEqual(['volume:redis-data:/data']);
    // Badger's files (the stored traces) are under /tmp/jaeger: kept in a named volume, not a tmpfs.
    expect(volumes('jaeger')).toContain('volume:jaeger-data:/tmp');
    expect(asMap(services.jaeger, 'jaeger').tmpfs).toBeUndefined();
    expect(volumes('prometheus')).toContain('volume:prometheus-data:/prometheus');
  });

  it('starts the gateway once the other services are healthy', () => {
    const dependsOn = asMap(asMap(services.gateway, 'gateway').depends_on, 'gateway.depends_on');
    expect(dependsOn).toMatchObject({
      billing: { condition: 'service_healthy' },
      'payment-processor': { condition: 'service_healthy' },
      notifier: { condition: 'service_healthy' },
      facilitator: { condition: 'service_healthy' },
    });
  });

  it("puts HAProxy in front of the gateway: the shipped config, read-only, finding the replicas by Docker's DNS, healthy while one is", () => {
    const balancer = asMap(services['load-balancer'], 'load-balancer');
    expect(balancer.image).toMatch(/^haproxy:\d+\.\d+-bookworm$/);
    expect(mounts(balancer)).toEqual([{ source: join(ROOT, 'deploy/haproxy/haproxy.cfg'), target: '/usr/local/etc/haproxy/haproxy.cfg', readOnly: true }]);
    expect(asMap(balancer.depends_on, 'load-balancer.depends_on')).toMatchObject({ gateway: { condition: 'service_healthy' } });
    expect(JSON.stringify(asMap(balancer.healthcheck, 'load-balancer.healthcheck').test)).toContain('/dev/tcp/127.0.0.1/8404');
    const config = readFileSync(join(ROOT, 'deploy/haproxy/haproxy.cfg'), 'utf8');
    // Docker's embedded DNS, one server slot per possible replica of the service `gateway` on its port.
    expect(config).toMatch(/^\s*nameserver \S+ 127\.0\.0\.11:53$/m);
    expect(config).toMatch(/^\s*server-template gateway \d+-\d+ gateway:3000$/m);
    expect(config).toMatch(/^\s*bind :3000$/m);
    expect(config).toMatch(/^\s*option httpchk GET \/healthz$/m);
  });

  it('gives the card vault key to the gateway and the processor alone, the same key to both', () => {
    const keyOf = (app: string) => asMap(asMap(services[app], app).environment, `${app}.environment`).CARD_VAULT_KEY;
    expect(keyOf('gateway')).toMatch(/^[0-9a-f]{64}$/);
    expect(keyOf('payment-processor')).toBe(keyOf('gateway'));
    expect([keyOf('billing'), keyOf('notifier')]).toEqual([undefined, undefined]);
  });

  it.each(APPS)('%s is built from the repository root, as the Dockerfile\'s service target for its app', (app) => {
    const build = asMap(asMap(services[app], app).build, `${app}.build`);
    expect(resolve(ROOT, String(build.context))).toBe(ROOT);
    const dockerfile = resolve(String(build.context), String(build.dockerfile));
    expect(dockerfile).toBe(join(ROOT, 'Dockerfile'));
    expect(existsSync(dockerfile)).toBe(true);
    expect(build).toMatchObject({ target: 'service', args: { APP: app } });
  });

  it('runs Jaeger with the shipped config, read-only, keeping every trace in the demo unless told otherwise', () => {
    const jaeger = asMap(services.jaeger, 'jaeger');
    expect(mounts(jaeger)).toEqual([{ source: join(ROOT, 'observability/jaeger.yaml'), target: '/etc/jaeger/config.yaml', readOnly: true }]);
    expect(jaeger.command).toEqual(['--config=file:/etc/jaeger/config.yaml']);
    expect(asMap(jaeger.environment, 'jaeger.environment')).toMatchObject({ TAIL_SAMPLING_PERCENTAGE: '100' });
  });

  it("runs the official Prometheus image with the shipped config and rules, read-only, where Jaeger's Monitor tab looks", () => {
    const prometheus = asMap(services.prometheus, 'prometheus');
    expect(prometheus.image).toMatch(/^prom\/prometheus:v\d+\.\d+\.\d+$/);
    expect(mounts(prometheus)).toEqual([
      { source: join(ROOT, 'observability/prometheus.yml'), target: '/etc/prometheus/prometheus.yml', readOnly: true },
      { source: join(ROOT, 'observability/alerts.yml'), target: '/etc/prometheus/alerts.yml', readOnly: true },
    ]);
    expect(prometheus.command).toEqual(expect.arrayContaining(['--config.file=/etc/prometheus/prometheus.yml']));
    // The shipped Jaeger config queries http://prometheus:9090, the service's name and port here.
    expect(readFileSync(join(ROOT, 'observability/jaeger.yaml'), 'utf8')).toContain('endpoint: http://prometheus:9090');
  });

  it('runs the scenario runner only when asked (profile tools), against the gateway, Jaeger and Redis of the stack', () => {
    const runner = asMap(services['scenario-runner'], 'scenario-runner');
    expect(runner.profiles).toEqual(['tools']);
    expect(publishedPorts(runner)).toEqual([]);
    expect(asMap(runner.depends_on, 'scenario-runner.depends_on')).toMatchObject({ gateway: { condition: 'service_healthy' } });
    expect(asMap(runner.environment, 'scenario-runner.environment')).toMatchObject({
      GATEWAY_URL: 'http://gateway:3000',
      JAEGER_QUERY_URL: 'http://jaeger:16686',
      JAEGER_UI_URL: 'http://localhost:16686',
      GATEWAY_UI_URL: 'http://localhost:3000',
      REDIS_URL: 'redis://redis:6379',
    });
    const build = asMap(runner.build, 'scenario-runner.build');
    expect(resolve(ROOT, String(build.context), String(build.dockerfile))).toBe(join(ROOT, 'Dockerfile'));
    expect(build).toMatchObject({ target: 'scenario-runner' });
  });

  it('runs the console on 8080 against the stack, with links your browser can open, once the gateway and Prometheus are healthy', () => {
    const consoleService = asMap(services.console, 'console');
    expect(consoleService.profiles).toBeUndefined();
    expect(asMap(consoleService.depends_on, 'console.depends_on')).toMatchObject({ gateway: { condition: 'service_healthy' }, prometheus: { condition: 'service_healthy' } });
    expect(asMap(consoleService.environment, 'console.environment')).toMatchObject({
      GATEWAY_URL: 'http://gateway:3000',
      JAEGER_QUERY_URL: 'http://jaeger:16686',
      PROMETHEUS_URL: 'http://prometheus:9090',
      REDIS_URL: 'redis://redis:6379',
      JAEGER_UI_URL: 'http://localhost:16686',
      PROMETHEUS_UI_URL: 'http://localhost:9090',
      GATEWAY_UI_URL: 'http://localhost:3000',
    });
    const build = asMap(consoleService.build, 'console.build');
    expect(resolve(ROOT, String(build.context), String(build.dockerfile))).toBe(join(ROOT, 'Dockerfile'));
    expect(build).toMatchObject({ target: 'service', args: { APP: 'console', PORT: '8080' } });
  });
});
