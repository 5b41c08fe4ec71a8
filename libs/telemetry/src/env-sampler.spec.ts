import { ROOT_CONTEXT, SpanKind, trace, TraceFlags, type Context } from '@opentelemetry/api';
import { SamplingDecision, type Sampler } from '@opentelemetry/sdk-trace';
import { randomBytes } from 'node:crypto';
import { samplerFromEnv } from './env-sampler';
import { HousekeepingSampler } from './housekeeping-sampler';

const VARIABLES = ['OTEL_TRACES_SAMPLER', 'OTEL_TRACES_SAMPLER_ARG'] as const;

function withEnv(env: Partial<Record<(typeof VARIABLES)[number], string>>): Sampler {
  for (const name of VARIABLES) {
    if (env[name] === undefined) delete process.env[name];
    else process.env[name] = env[name];
  }
  return samplerFromEnv();
}

const parent = (flags: TraceFlags): Context =>
  trace.setSpanContext(ROOT_CONTEXT, { traceId: randomBytes(16).toString('hex'), spanId: randomBytes(8).toString('hex'), traceFlags: flags, isRemote: true });

const decide = (sampler: Sampler, context: Context = ROOT_CONTEXT, name = 'POST /v1/charges'): SamplingDecision =>
  sampler.shouldSample(context, trace.getSpanContext(context)?.traceId ?? randomBytes(16).toString('hex'), name, SpanKind.SERVER, {}, []).decision;

/** Share of `count` new roots that `sampler` records. */
const recordedShare = (sampler: Sampler, count: number): number => {
  let recorded = 0;
  for (let i = 0; i < count; i++) if (decide(sampler) === SamplingDecision.RECORD_AND_SAMPLED) recorded++;
  return recorded / count;
};

describe('samplerFromEnv: the standard OTEL_TRACES_SAMPLER variables', () => {
  const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
  afterAll(() => withEnv(saved));

  it('is parent-based and always on when nothing is set, as the specification says', () => {
    const sampler = withEnv({});
    expect(sampler.toString()).toMatch(/^ParentBased\{root=AlwaysOnSampler/);
    expect(decide(sampler)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide(sampler, parent(TraceFlags.NONE))).toBe(SamplingDecision.NOT_RECORD);
  });

  it.each([
    ['always_on', /^AlwaysOnSampler$/],
    ['always_off', /^AlwaysOffSampler$/],
    ['parentbased_always_off', /^ParentBased\{root=AlwaysOffSampler/],
    ['traceidratio', /^TraceIdRatioBased\{0\.25\}$/],
    ['parentbased_traceidratio', /^ParentBased\{root=TraceIdRatioBased\{0\.25\}/],
  ])('builds %s', (name, shape) => {
    expect(withEnv({ OTEL_TRACES_SAMPLER: name, OTEL_TRACES_SAMPLER_ARG: '0.25' }).toString()).toMatch(shape);
  });

  it('samples the share OTEL_TRACES_SAMPLER_ARG names, and follows a sampled parent whatever the ratio', () => {
    const sampler = withEnv({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' });
    // 4,000 roots: the share's standard deviation is sqrt(0.25 * 0.75 / 4000) = 0.0068; 5 of them is 0.034.
    expect(Math.abs(recordedShare(sampler, 4000) - 0.25)).toBeLessThan(0.034);
    expect(decide(sampler, parent(TraceFlags.SAMPLED))).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });

  it.each([
    ['unset', undefined],
    ['out of range', '1.5'],
    ['not a number', 'half'],
  ])('samples everything when the ratio is %s', (_, arg) => {
    expect(withEnv({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: arg }).toString()).toBe('TraceIdRatioBased{1}');
  });

  it('falls back to the default on a sampler this SDK does not have (jaeger_remote)', () => {
    expect(withEnv({ OTEL_TRACES_SAMPLER: 'jaeger_remote' }).toString()).toMatch(/^ParentBased\{root=AlwaysOnSampler/);
  });

  it('is still wrapped by the housekeeping sampler: an idle worker poll is refused even when everything is sampled', () => {
    const sampler = new HousekeepingSampler(withEnv({ OTEL_TRACES_SAMPLER: 'always_on' }));
    expect(decide(sampler, ROOT_CONTEXT, 'getNextJob billing')).toBe(SamplingDecision.NOT_RECORD);
    expect(decide(sampler, ROOT_CONTEXT, 'POST /v1/charges')).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide(new HousekeepingSampler(withEnv({ OTEL_TRACES_SAMPLER: 'always_off' })))).toBe(SamplingDecision.NOT_RECORD);
  });
});
