import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { postSpans } from './otlp';
import { JaegerClient, SHIPPED_JAEGER_CONFIG, jaegerConfigWithout, startJaeger, type JaegerPart } from './index';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const shipped = () => fs.readFileSync(SHIPPED_JAEGER_CONFIG, 'utf8');

describe('jaegerConfigWithout', () => {
  it('takes span metrics out of every pipeline and leaves storage and sampling as shipped', () => {
    const config = parse(jaegerConfigWithout(shipped(), ['span-metrics']));
    expect(Object.keys(config.service.pipelines)).toEqual(['traces/sampled']);
    expect(config.connectors).toEqual({});
    expect(config.exporters.prometheus).toBeUndefined();
    expect(config.service.pipelines['traces/sampled'].processors).toEqual(['tail_sampling', 'batch']);
    expect(config.extensions.jaeger_storage.backends.traces.badger).toBeDefined();
  });

  it('stores every trace without tail sampling, in memory without Badger', () => {
    const config = parse(jaegerConfigWithout(shipped(), ['tail-sampling', 'badger']));
    expect(config.service.pipelines['traces/sampled'].processors).toEqual(['batch']);
    expect(config.processors.tail_sampling).toBeUndefined();
    expect(config.extensions.jaeger_storage.backends.traces).toEqual({ memory: { max_traces: 100000 } });
    expect(Object.keys(config.service.pipelines)).toContain('traces/metrics');
  });

  it('keeps the environment placeholders the shipped config reads', () => {
    expect(jaegerConfigWithout(shipped(), ['span-metrics'])).toContain('${env:TAIL_SAMPLING_PERCENTAGE:-10}');
  });
});

describe.each<[string, JaegerPart[]]>([
  ['span metrics', ['span-metrics']],
  ['tail sampling, Badger and span metrics', ['span-metrics', 'tail-sampling', 'badger']],
])('a real Jaeger run without %s', (_name, without) => {
  let dir: string;
  let jaeger: Awaited<ReturnType<typeof startJaeger>>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoptrace-jaeger-without-'));
    jaeger = await startJaeger({ dir, without });
  });

  afterAll(async () => {
    await jaeger?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('accepts the config, stores a trace and serves no span metrics', async () => {
    const traceId = hex(16);
    const startNs = BigInt(Date.now()) * 1_000_000n;
    const res = await postSpans(jaeger.otlpHttpEndpoint, `without-${hex(3)}`, [
      { traceId, spanId: hex(8), name: 'POST /v1/charges', kind: 2, startTimeUnixNano: String(startNs), endTimeUnixNano: String(startNs + 1_000_000n) },
    ]);
    expect(res.status).toBe(200);
    const spans = await new JaegerClient(jaeger.queryUrl).waitForTrace(traceId, (s) => s.length === 1, { timeoutMs: 15_000 });
    expect(spans[0].operationName).toBe('POST /v1/charges');
    await expect(fetch(`http://${jaeger.spanMetricsTarget}/metrics`)).rejects.toThrow();
  });
});
