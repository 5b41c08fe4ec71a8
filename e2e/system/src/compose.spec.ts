import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * docker-compose.yml as Compose itself reads it. Debian's docker-compose 1.29 prints the resolved
 * file only as YAML (it has no `--format json`), and no YAML parser is a dependency of this
 * workspace, so `parseComposeYaml` below reads the plain block style Compose prints.
 */
const ROOT = resolve(__dirname, '../../..');
const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');
const APPS = ['gateway', 'billing', 'payment-processor', 'notifier'];

type Yaml = string | number | boolean | null | Yaml[] | { [key: string]: Yaml };
type YamlMap = { [key: string]: Yaml };

function compose(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('docker-compose', ['-f', COMPOSE_FILE, ...args], { cwd: ROOT, encoding: 'utf8' });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new Error(
      'docker-compose is not on PATH. Install it (Debian: `apt-get install docker-compose`, or ' +
        '`source scripts/toolchain.sh && ensure_compose`); scripts/test.sh does this before running the tests.',
    );
  }
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Line {
  indent: number;
  text: string;
  number: number;
}

/**
 * Block mappings, block sequences and one-line scalars: what `docker-compose config` prints.
 * Anything else (flow collections, anchors, multi-line scalars) throws rather than being misread.
 */
function parseComposeYaml(source: string): Yaml {
  const lines: Line[] = source
    .split('\n')
    .map((raw, i) => ({ indent: raw.length - raw.trimStart().length, text: raw.trim(), number: i + 1 }))
    .filter((line) => line.text !== '' && !line.text.startsWith('#') && line.text !== '---');
  let at = 0;
  const fail = (line: Line, why: string): never => {
    throw new Error(`Unsupported YAML at line ${line.number} (${why}): ${line.text}`);
  };
  const isItem = (line: Line) => line.text === '-' || line.text.startsWith('- ');
  const keyOf = (text: string) => /^([^\s'"{[&*!|>-][^:]*?|'[^']*'|"[^"]*"):(?: (.*))?$/.exec(text);

  const scalar = (text: string, line: Line): Yaml => {
    if (text.startsWith("'")) {
      if (!/^'(?:[^']|'')*'$/.test(text)) fail(line, 'unterminated quote');
      return text.slice(1, -1).replace(/''/g, "'");
    }
    if (text.startsWith('"')) return JSON.parse(text) as string;
    if (text === '{}') return {};
    if (text === '[]') return [];
    if (/^[{[&*!|>]/.test(text)) fail(line, 'not plain block style');
    if (text === 'null' || text === '~') return null;
    if (text === 'true' || text === 'false') return text === 'true';
    if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
    return text;
  };

  // A node's value starts on the line after its key (or dash), more indented; a sequence may also
  // sit at its key's own indent, as PyYAML prints it.
  const child = (parent: Line, allowSameIndentSequence: boolean): Yaml => {
    const next = lines[at];
    if (!next) return null;
    if (next.indent > parent.indent) return node(next.indent);
    if (allowSameIndentSequence && next.indent === parent.indent && isItem(next)) return sequence(next.indent);
    return null;
  };
  const noContinuation = (line: Line) => {
    if (lines[at] && lines[at].indent > line.indent) fail(lines[at], 'multi-line scalar');
  };

  const node = (indent: number): Yaml => (isItem(lines[at]) ? sequence(indent) : mapping(indent));

  const sequence = (indent: number): Yaml[] => {
    const items: Yaml[] = [];
    while (at < lines.length && lines[at].indent === indent && isItem(lines[at])) {
      const line = lines[at];
      const rest = line.text.slice(1).trimStart();
      if (rest === '') {
        at++;
        items.push(child(line, false));
      } else if (keyOf(rest) || isItem({ ...line, text: rest })) {
        // "- key: value" and "- - item" open a collection whose entries line up with this first one.
        lines[at] = { ...line, indent: indent + line.text.indexOf(rest), text: rest };
        items.push(node(lines[at].indent));
      } else {
        at++;
        noContinuation(line);
        items.push(scalar(rest, line));
      }
    }
    return items;
  };

  const mapping = (indent: number): YamlMap => {
    const map: YamlMap = {};
    while (at < lines.length && lines[at].indent === indent && !isItem(lines[at])) {
      const line = lines[at];
      const match = keyOf(line.text) ?? fail(line, 'expected "key: value"');
      const key = scalar(match[1], line);
      at++;
      if (match[2] !== undefined && match[2] !== '') {
        noContinuation(line);
        map[String(key)] = scalar(match[2], line);
      } else {
        map[String(key)] = child(line, true);
      }
    }
    return map;
  };

  if (lines.length === 0) return null;
  const root = node(lines[0].indent);
  if (at < lines.length) fail(lines[at], 'unexpected indentation');
  return root;
}

const asMap = (value: Yaml | undefined, what: string): YamlMap => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${what} is not a mapping: ${JSON.stringify(value)}`);
  return value;
};

/** "published:target" of each port, whichever form (short string, or long as 1.29 and v2 print it). */
function publishedPorts(service: YamlMap): string[] {
  return ((service.ports as Yaml[] | undefined) ?? []).map((port) => {
    if (typeof port === 'string' || typeof port === 'number') return String(port).replace(/\/tcp$/, '');
    const { published, target } = asMap(port, 'port');
    return `${published}:${target}`;
  });
}

/** Bind mounts of a service, whichever form (short "src:dst:ro" as 1.29 prints it, or long as v2 does). */
function mounts(service: YamlMap): { source: string; target: string; readOnly: boolean }[] {
  return ((service.volumes as Yaml[] | undefined) ?? []).map((volume) => {
    if (typeof volume === 'string') {
      const [source, target, mode = ''] = volume.split(':');
      return { source: resolve(ROOT, source), target, readOnly: mode.split(',').includes('ro') };
    }
    const { source, target, read_only } = asMap(volume, 'volume');
    return { source: resolve(ROOT, String(source)), target: String(target), readOnly: read_only === true };
  });
}

describe('docker-compose.yml', () => {
  let services: YamlMap;

  beforeAll(() => {
    const result = compose('config');
    if (result.status !== 0) {
      throw new Error(`docker-compose config exited with ${result.status}:\n${result.stderr}${result.stdout}`);
    }
    services = asMap(asMap(parseComposeYaml(result.stdout), 'config').services, 'services');
  });

  it('is valid for docker-compose', () => {
    // The whole result, so that a failure shows Compose's complaint.
    expect(compose('config', '-q')).toMatchObject({ status: 0 });
  });

  it('defines Redis, Jaeger, Prometheus and the four services', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['redis', 'jaeger', 'prometheus', ...APPS]));
    expect(compose('config', '--services').stdout.trim().split('\n').sort()).toEqual(Object.keys(services).sort());
  });

  it('publishes the gateway, Jaeger and Prometheus, and no other service', () => {
    expect(publishedPorts(asMap(services.gateway, 'gateway'))).toEqual(['3000:3000']);
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
    expect(asMap(service.environment, `${app}.environment`)).toMatchObject({
      REDIS_URL: 'redis://redis:6379',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318',
    });
  });

  it('starts the gateway once the other services are healthy', () => {
    const dependsOn = asMap(asMap(services.gateway, 'gateway').depends_on, 'gateway.depends_on');
    expect(dependsOn).toMatchObject({
      billing: { condition: 'service_healthy' },
      'payment-processor': { condition: 'service_healthy' },
      notifier: { condition: 'service_healthy' },
    });
  });

  it('gives the card vault key to the gateway and the processor alone, the same key to both', () => {
    const keyOf = (app: string) => asMap(asMap(services[app], app).environment, `${app}.environment`).CARD_VAULT_KEY;
    expect(keyOf('gateway')).toMatch(/^[0-9a-f]{64}$/);
    expect(keyOf('payment-processor')).toBe(keyOf('gateway'));
    expect([keyOf('billing'), keyOf('notifier')]).toEqual([undefined, undefined]);
  });

  it.each(APPS)('%s is built from the repository root with its own Dockerfile', (app) => {
    const build = asMap(asMap(services[app], app).build, `${app}.build`);
    const context = resolve(ROOT, String(build.context));
    expect(context).toBe(ROOT);
    const dockerfile = resolve(context, String(build.dockerfile));
    expect(dockerfile).toBe(join(ROOT, 'apps', app, 'Dockerfile'));
    expect(existsSync(dockerfile)).toBe(true);
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
      REDIS_URL: 'redis://redis:6379',
    });
    const build = asMap(runner.build, 'scenario-runner.build');
    const dockerfile = resolve(ROOT, String(build.context), String(build.dockerfile));
    expect(dockerfile).toBe(join(ROOT, 'apps/scenario-runner/Dockerfile'));
    expect(existsSync(dockerfile)).toBe(true);
  });
});
