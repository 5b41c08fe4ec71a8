import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { SHUTDOWN_DEADLINE_MS } from '../../../libs/runtime/src/shutdown';

// What the schema cannot say: that the objects kustomize renders are the ones README.md describes.
// The rendering and the schema validation themselves are validate.sh's (the deploy:validate target).

const ROOT = path.resolve(__dirname, '../../..');
const SERVICES = ['gateway', 'billing', 'payment-processor', 'notifier', 'facilitator'];
const WORKERS = ['billing', 'payment-processor', 'notifier'];
const OVERLAYS = ['demo', 'production'] as const;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let output: string;
const rendered: Record<string, Json[]> = {};

beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoptrace-k8s-'));
  try {
    output = execFileSync('bash', [path.join(ROOT, 'deploy/k8s/validate.sh')], {
      cwd: ROOT,
      env: { ...process.env, K8S_RENDER_DIR: dir },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    for (const overlay of OVERLAYS) {
      rendered[overlay] = parseAllDocuments(fs.readFileSync(path.join(dir, `${overlay}.yaml`), 'utf8')).map((doc) => doc.toJS() as Json);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const find = (overlay: string, kind: string, name: string): Json => {
  const found = rendered[overlay].find((o) => o.kind === kind && (o.metadata.name === name || o.metadata.name.startsWith(`${name}-`)));
  if (!found) throw new Error(`${overlay}: no ${kind} ${name}`);
  return found;
};
const container = (overlay: string, kind: string, name: string): Json => find(overlay, kind, name).spec.template.spec.containers[0];

it('renders every overlay with kustomize, and every object validates against the Kubernetes API schema', () => {
  for (const overlay of OVERLAYS) {
    expect(output).toMatch(new RegExp(`^${overlay}: Summary: ${rendered[overlay].length} resources found in 1 file - Valid: ${rendered[overlay].length}, Invalid: 0, Errors: 0, Skipped: 0$`, 'm'));
  }
});

it('rejects every invalid manifest of test/invalid, and production without its secrets', () => {
  const invalid = fs.readdirSync(path.join(__dirname, 'invalid')).filter((f) => f.endsWith('.yaml'));
  expect(invalid.length).toBeGreaterThan(0);
  for (const file of invalid) expect(output).toContain(`ok: rejected ${file}: `);
  expect(output).toContain('ok: production does not render without its secrets');
});

describe.each(OVERLAYS)('%s', (overlay) => {
  it.each(SERVICES)('runs %s as a Deployment with a Service and a PodDisruptionBudget over its pods', (name) => {
    const deployment = find(overlay, 'Deployment', name);
    const labels = deployment.spec.template.metadata.labels;
    expect(deployment.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': name });
    expect(labels).toMatchObject(deployment.spec.selector.matchLabels);
    expect(find(overlay, 'Service', name).spec.selector).toEqual(deployment.spec.selector.matchLabels);
    const pdb = find(overlay, 'PodDisruptionBudget', name);
    expect(pdb.spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    expect(pdb.spec.maxUnavailable).toBe(1);
  });

  it.each(SERVICES)('probes %s for liveness (/livez) and readiness (/healthz, which asks Redis) on separate endpoints', (name) => {
    const c = container(overlay, 'Deployment', name);
    expect(c.livenessProbe.httpGet).toEqual({ path: '/livez', port: 'http' });
    expect(c.startupProbe.httpGet).toEqual({ path: '/livez', port: 'http' });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
  });

  it.each(SERVICES)('gives %s resource requests and limits, and time to close by itself before SIGKILL', (name) => {
    const deployment = find(overlay, 'Deployment', name);
    const c = container(overlay, 'Deployment', name);
    for (const bound of ['requests', 'limits']) expect(Object.keys(c.resources[bound]).sort()).toEqual(['cpu', 'memory']);
    const preStop = c.lifecycle?.preStop?.sleep?.seconds ?? 0;
    // The service's own deadline for a job in flight, after the preStop pause, with time for the last span flush.
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(preStop + SHUTDOWN_DEADLINE_MS / 1000 + 2);
  });

  it.each(WORKERS)('scales %s with a HorizontalPodAutoscaler that owns its replica count', (name) => {
    const hpa = find(overlay, 'HorizontalPodAutoscaler', name);
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(find(overlay, 'Deployment', name).spec.replicas).toBeUndefined();
  });

  it('sends every service the standard OpenTelemetry settings, to Jaeger', () => {
    const env = find(overlay, 'ConfigMap', 'hoptrace-env');
    expect(env.data).toMatchObject({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318', OTEL_TRACES_SAMPLER: 'parentbased_always_on', REDIS_URL: 'redis://redis:6379' });
    for (const name of SERVICES) {
      const c = container(overlay, 'Deployment', name);
      expect(c.envFrom).toEqual([{ configMapRef: { name: env.metadata.name } }]);
      expect(c.env.find((e: Json) => e.name === 'OTEL_RESOURCE_ATTRIBUTES').value).toContain('k8s.pod.name=$(POD_NAME)');
    }
    expect(find(overlay, 'Service', 'jaeger').spec.ports.map((p: Json) => p.port)).toContain(4318);
  });

  it('gives each secret only to the services that use it, always from a Secret', () => {
    const users: Record<string, string[]> = {};
    for (const name of SERVICES) {
      for (const e of container(overlay, 'Deployment', name).env as Json[]) {
        if (['CARD_VAULT_KEY', 'WEBHOOK_SECRETS_KEY', 'API_KEYS'].includes(e.name)) expect(e.value).toBeUndefined();
        const ref = e.valueFrom?.secretKeyRef;
        if (ref) {
          expect(find(overlay, 'Secret', ref.name).data[ref.key]).toEqual(expect.any(String));
          (users[e.name] ??= []).push(name);
        }
      }
    }
    expect(users).toEqual({ CARD_VAULT_KEY: ['gateway', 'payment-processor'], API_KEYS: ['gateway'], WEBHOOK_SECRETS_KEY: ['notifier'] });
  });

  it("runs Jaeger with observability/jaeger.yaml, its Badger folder on a volume the image's user may write", () => {
    const jaeger = find(overlay, 'StatefulSet', 'jaeger');
    const config = find(overlay, 'ConfigMap', 'jaeger-config');
    expect(config.data['config.yaml']).toBe(fs.readFileSync(path.join(ROOT, 'observability/jaeger.yaml'), 'utf8'));
    const pod = jaeger.spec.template.spec;
    expect(pod.volumes).toEqual([{ name: 'config', configMap: { name: config.metadata.name } }]);
    expect(pod.securityContext).toMatchObject({ runAsUser: 10001, fsGroup: 10001 });
    const badgerDir = pod.containers[0].env.find((e: Json) => e.name === 'JAEGER_BADGER_DIR').value;
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'badger', mountPath: badgerDir });
    expect(jaeger.spec.volumeClaimTemplates.map((v: Json) => v.metadata.name)).toEqual(['badger']);
  });
});

it('keeps the public demo secrets out of production', () => {
  for (const secret of ['card-vault', 'webhook-secrets', 'api-keys']) {
    expect(find('production', 'Secret', secret).data).not.toEqual(find('demo', 'Secret', secret).data);
  }
  // The demo's API keys and funded wallets are seeded by the gateway and the facilitator only when asked.
  for (const service of ['gateway', 'facilitator']) {
    const env = (overlay: string) => container(overlay, 'Deployment', service).env.map((e: Json) => e.name);
    expect(env('demo')).toContain('DEMO_API_KEYS');
    expect(env('production')).not.toContain('DEMO_API_KEYS');
  }
});
