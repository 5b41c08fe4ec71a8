import type { RedisSentinel } from '@hoptrace/queue-transport';
import { QUEUE_PREFIX, REDIS_SENTINEL, REDIS_URL } from '@hoptrace/runtime';
import { parseArgs } from 'node:util';

/** What the command line asks for. */
export type Command =
  | { kind: 'list' }
  | { kind: 'run'; names: string[]; mix?: { count: number; seed: number } }
  | { kind: 'explain'; traceId: string }
  | { kind: 'faults'; action: 'show' | 'clear' }
  | { kind: 'faults'; action: 'set'; assignments: Record<string, string> }
  | { kind: 'help' };

export interface Settings {
  gatewayUrl: string;
  /** The gateway as a browser reaches it, for links to its error pages. */
  gatewayUiUrl: string;
  jaegerQueryUrl: string;
  jaegerUiUrl: string;
  redisUrl: string;
  /** Redis through Sentinel (REDIS_SENTINELS), unless --redis names one server. */
  redisSentinel: RedisSentinel | undefined;
  queuePrefix: string;
  receiver: { host: string; port: number; publicUrl?: string };
  processorLatencyMs?: number;
  webhookRetryWaitMs?: number;
  /** Pay with raw test cards, this CVC, instead of pm_ ids. */
  rawCardCvc?: string;
  json: boolean;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Usage: scenario-runner <command> [options]

Commands:
  list                        the catalogue: each scenario, its expected status and deciding hop
  run <name>... | run all     run scenarios, then judge each from Jaeger's data alone
  run --mix N --seed S        a random mix of N scenarios, the same mix for the same seed
  explain <trace-id>          one request's answer, from its trace in Jaeger alone: the hop that
                              decided, the evidence, who must act (customer, merchant or the
                              platform's operators), what to do and not to do
  faults                      the faults in force
  faults set NAME=VALUE...    switch faults at run time, for every replica
  faults clear                switch every fault off

Options (environment variable, default):
  --gateway URL               the gateway (GATEWAY_URL, http://localhost:3000)
  --gateway-ui URL            the gateway's error pages, for links (GATEWAY_UI_URL, the gateway URL)
  --jaeger URL                Jaeger's query API (JAEGER_QUERY_URL, http://localhost:16686)
  --jaeger-ui URL             Jaeger's UI, for links (JAEGER_UI_URL, the query URL)
  --redis URL                 where the faults are kept (REDIS_URL, redis://localhost:6379; or through
                              Sentinel: REDIS_SENTINELS=host:port,... and REDIS_SENTINEL_NAME)
  --receiver-host HOST        where the demo webhook receiver listens (WEBHOOK_RECEIVER_HOST, 127.0.0.1)
  --receiver-port PORT        (WEBHOOK_RECEIVER_PORT, a free port)
  --receiver-url URL          how the notifier reaches the receiver (WEBHOOK_RECEIVER_URL, http://HOST:PORT)
  --processor-latency-ms N    processor-timeout's latency, above billing's reply timeout (7000)
  --raw-cards                 pay with Stripe's raw test card numbers (CVC 123) instead of pm_ ids
  --json                      machine-readable results on stdout

Exit status: 0 when every scenario matched (or the trace was explained), 1 when one differed (or
Jaeger has no such trace), 2 for a usage error.`;

const integer = (name: string, raw: string | undefined): number | undefined => {
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new UsageError(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
};

/** The services' own Redis Sentinel setting, its refusal a usage error. */
const redisSentinel = (env: NodeJS.ProcessEnv): RedisSentinel | undefined => {
  try {
    return REDIS_SENTINEL.read(env);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
};

/** Reads the command line and the environment; throws UsageError for anything it cannot mean. */
export function parseCommandLine(argv: string[], env: NodeJS.ProcessEnv): { command: Command; settings: Settings } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        gateway: { type: 'string' },
        'gateway-ui': { type: 'string' },
        jaeger: { type: 'string' },
        'jaeger-ui': { type: 'string' },
        redis: { type: 'string' },
        'receiver-host': { type: 'string' },
        'receiver-port': { type: 'string' },
        'receiver-url': { type: 'string' },
        'processor-latency-ms': { type: 'string' },
        'webhook-retry-wait-ms': { type: 'string' },
        'raw-cards': { type: 'boolean', default: false },
        mix: { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const jaegerQueryUrl = values.jaeger ?? env.JAEGER_QUERY_URL ?? 'http://localhost:16686';
  const gatewayUrl = values.gateway ?? env.GATEWAY_URL ?? 'http://localhost:3000';
  const settings: Settings = {
    gatewayUrl,
    gatewayUiUrl: values['gateway-ui'] ?? env.GATEWAY_UI_URL ?? gatewayUrl,
    jaegerQueryUrl,
    jaegerUiUrl: values['jaeger-ui'] ?? env.JAEGER_UI_URL ?? jaegerQueryUrl,
    // The services' own settings, so that the defaults are theirs.
    redisUrl: values.redis ?? REDIS_URL.read(env),
    redisSentinel: values.redis === undefined ? redisSentinel(env) : undefined,
    queuePrefix: QUEUE_PREFIX.read(env),
    receiver: {
      host: values['receiver-host'] ?? env.WEBHOOK_RECEIVER_HOST ?? '127.0.0.1',
      port: integer('--receiver-port', values['receiver-port'] ?? env.WEBHOOK_RECEIVER_PORT) ?? 0,
      publicUrl: values['receiver-url'] ?? env.WEBHOOK_RECEIVER_URL,
    },
    processorLatencyMs: integer('--processor-latency-ms', values['processor-latency-ms']),
    webhookRetryWaitMs: integer('--webhook-retry-wait-ms', values['webhook-retry-wait-ms']),
    rawCardCvc: values['raw-cards'] ? '123' : undefined,
    json: values.json ?? false,
  };

  const [verb, ...rest] = positionals;
  if (values.help || verb === undefined || verb === 'help') return { command: { kind: 'help' }, settings };
  if (verb === 'list') return { command: { kind: 'list' }, settings };
  if (verb === 'run') {
    if (values.mix !== undefined) {
      const count = integer('--mix', values.mix);
      if (!count) throw new UsageError('--mix must be a positive number of scenarios');
      if (rest.length > 0) throw new UsageError('run --mix draws its own scenarios: name none');
      return { command: { kind: 'run', names: [], mix: { count, seed: integer('--seed', values.seed) ?? Date.now() % 2 ** 31 } }, settings };
    }
    if (rest.length === 0) throw new UsageError('run what? Name scenarios, or "all" (see "scenario-runner list")');
    return { command: { kind: 'run', names: rest }, settings };
  }
  if (verb === 'explain') {
    const [traceId, ...extra] = rest;
    if (traceId === undefined || extra.length > 0) throw new UsageError('explain one trace: scenario-runner explain <trace-id>');
    // The id as the answer's trace_id or traceresponse header gives it: 32 hex digits (Jaeger also shows 16).
    if (!/^([0-9a-f]{16}|[0-9a-f]{32})$/i.test(traceId)) throw new UsageError(`"${traceId}" is not a trace id: 32 hex digits, as in the answer's trace_id`);
    return { command: { kind: 'explain', traceId: traceId.toLowerCase().padStart(32, '0') }, settings };
  }
  if (verb === 'faults') {
    const [action = 'show', ...assignments] = rest;
    if (action === 'show' || action === 'clear') {
      if (assignments.length > 0) throw new UsageError(`faults ${action} takes no arguments`);
      return { command: { kind: 'faults', action }, settings };
    }
    if (action === 'set') {
      if (assignments.length === 0) throw new UsageError('faults set NAME=VALUE...');
      const pairs = assignments.map((assignment) => {
        const at = assignment.indexOf('=');
        if (at <= 0) throw new UsageError(`"${assignment}" is not NAME=VALUE`);
        return [assignment.slice(0, at), assignment.slice(at + 1)] as const;
      });
      return { command: { kind: 'faults', action: 'set', assignments: Object.fromEntries(pairs) }, settings };
    }
    throw new UsageError(`unknown faults action "${action}": show, set or clear`);
  }
  throw new UsageError(`unknown command "${verb}"`);
}
