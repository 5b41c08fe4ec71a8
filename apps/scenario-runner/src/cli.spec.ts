import { parseCommandLine, UsageError } from './cli';

const parse = (argv: string, env: NodeJS.ProcessEnv = {}) => parseCommandLine(argv.split(' ').filter(Boolean), env);

describe('parseCommandLine', () => {
  it('runs named scenarios, or all of them', () => {
    expect(parse('run insufficient-funds invoice-past-due').command).toEqual({ kind: 'run', names: ['insufficient-funds', 'invoice-past-due'] });
    expect(parse('run all --json').command).toEqual({ kind: 'run', names: ['all'] });
    expect(parse('run all --json').settings.json).toBe(true);
  });

  it('pays with raw test cards when asked', () => {
    expect(parse('run all').settings.rawCardCvc).toBeUndefined();
    expect(parse('run all --raw-cards').settings.rawCardCvc).toBe('123');
  });

  it('draws a seeded mix', () => {
    expect(parse('run --mix 8 --seed 42').command).toEqual({ kind: 'run', names: [], mix: { count: 8, seed: 42 } });
    expect(() => parse('run --mix 0')).toThrow(UsageError);
    expect(() => parse('run success --mix 3')).toThrow(/name none/);
  });

  it('explains one trace, by the id an answer carries', () => {
    const id = 'A1b2'.repeat(8);
    expect(parse(`explain ${id} --json`)).toMatchObject({ command: { kind: 'explain', traceId: id.toLowerCase() }, settings: { json: true } });
    expect(parse('explain 00000000deadbeef').command).toEqual({ kind: 'explain', traceId: '00000000deadbeef'.padStart(32, '0') });
    expect(() => parse('explain')).toThrow(/explain one trace/);
    expect(() => parse(`explain ${id} ${id}`)).toThrow(/explain one trace/);
    expect(() => parse('explain ch_123')).toThrow(/not a trace id/);
  });

  it('switches faults with NAME=VALUE pairs', () => {
    expect(parse('faults set processor_latency_ms=7000 billing_misconfigured=true').command).toEqual({
      kind: 'faults',
      action: 'set',
      assignments: { processor_latency_ms: '7000', billing_misconfigured: 'true' },
    });
    expect(parse('faults').command).toEqual({ kind: 'faults', action: 'show' });
    expect(parse('faults clear').command).toEqual({ kind: 'faults', action: 'clear' });
    expect(() => parse('faults set processor_latency_ms')).toThrow(/not NAME=VALUE/);
    expect(() => parse('faults explode')).toThrow(UsageError);
  });

  it('takes addresses from flags over the environment over the defaults', () => {
    expect(parse('list').settings).toMatchObject({
      gatewayUrl: 'http://localhost:3000',
      gatewayUiUrl: 'http://localhost:3000',
      jaegerQueryUrl: 'http://localhost:16686',
      jaegerUiUrl: 'http://localhost:16686',
      redisUrl: 'redis://localhost:6379',
      receiver: { host: '127.0.0.1', port: 0 },
    });
    const env = { GATEWAY_URL: 'http://gateway:3000', JAEGER_QUERY_URL: 'http://jaeger:16686', JAEGER_UI_URL: 'http://localhost:16686', WEBHOOK_RECEIVER_PORT: '4000' };
    expect(parse('list', env).settings).toMatchObject({
      gatewayUrl: 'http://gateway:3000',
      jaegerQueryUrl: 'http://jaeger:16686',
      jaegerUiUrl: 'http://localhost:16686',
      receiver: { port: 4000 },
    });
    expect(parse('list --gateway http://127.0.0.1:9999', env).settings).toMatchObject({ gatewayUrl: 'http://127.0.0.1:9999', gatewayUiUrl: 'http://127.0.0.1:9999' });
    expect(parse('list', { ...env, GATEWAY_UI_URL: 'http://localhost:3000' }).settings).toMatchObject({ gatewayUrl: 'http://gateway:3000', gatewayUiUrl: 'http://localhost:3000' });
  });

  it('refuses what it cannot mean', () => {
    expect(() => parse('run')).toThrow(/run what/);
    expect(() => parse('explode')).toThrow(/unknown command/);
    expect(() => parse('run all --no-such-flag')).toThrow(UsageError);
    expect(() => parse('run all --processor-latency-ms soon')).toThrow(/non-negative integer/);
  });

  it('asks for help without a command', () => {
    expect(parse('').command).toEqual({ kind: 'help' });
    expect(parse('run all --help').command).toEqual({ kind: 'help' });
  });
});
