import type { RedisSentinel } from '@hoptrace/queue-transport';
import { QUEUE_PREFIX, REDIS_SENTINEL, REDIS_URL } from '@hoptrace/runtime';

/** Where the console finds the system, and where a browser finds it: from the environment. */
export interface ConsoleSettings {
  port: number;
  host: string;
  gatewayUrl: string;
  /** The gateway as the browser reaches it (error pages). */
  gatewayUiUrl: string;
  jaegerQueryUrl: string;
  /** Jaeger's UI as the browser reaches it, for the links to the deciding span. */
  jaegerUiUrl: string;
  prometheusUrl: string;
  /** Prometheus as the browser reaches it. */
  prometheusUiUrl: string;
  redisUrl: string;
  /** Redis through Sentinel, when REDIS_SENTINELS is set (redisUrl is then not used). */
  redisSentinel: RedisSentinel | undefined;
  queuePrefix: string;
  /** The demo merchant's webhook receiver of webhook-failing, as the CLI runs it. */
  receiver: { host: string; port: number; publicUrl?: string };
  processorLatencyMs: number;
  webhookRetryWaitMs: number;
  /** The live panel's window and resolution, in seconds. */
  liveWindowSeconds: number;
  liveStepSeconds: number;
}

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

/** The services' own Redis Sentinel setting, its refusal a SettingsError like every other here. */
const redisSentinel = (env: NodeJS.ProcessEnv): RedisSentinel | undefined => {
  try {
    return REDIS_SENTINEL.read(env);
  } catch (error) {
    throw new SettingsError((error as Error).message);
  }
};

const integer = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new SettingsError(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
};

/** The same variables, and the same defaults, as the scenario runner reads, plus the console's own. */
export function settingsFrom(env: NodeJS.ProcessEnv): ConsoleSettings {
  const gatewayUrl = env.GATEWAY_URL ?? 'http://localhost:3000';
  const jaegerQueryUrl = env.JAEGER_QUERY_URL ?? 'http://localhost:16686';
  const liveStepSeconds = integer(env, 'CONSOLE_LIVE_STEP_SECONDS', 15);
  if (liveStepSeconds === 0) throw new SettingsError('CONSOLE_LIVE_STEP_SECONDS must be at least 1');
  return {
    port: integer(env, 'PORT', 8080),
    host: env.HOST ?? '0.0.0.0',
    gatewayUrl,
    gatewayUiUrl: env.GATEWAY_UI_URL ?? gatewayUrl,
    jaegerQueryUrl,
    jaegerUiUrl: env.JAEGER_UI_URL ?? jaegerQueryUrl,
    prometheusUrl: env.PROMETHEUS_URL ?? 'http://localhost:9090',
    prometheusUiUrl: env.PROMETHEUS_UI_URL ?? env.PROMETHEUS_URL ?? 'http://localhost:9090',
    redisUrl: REDIS_URL.read(env),
    redisSentinel: redisSentinel(env),
    queuePrefix: QUEUE_PREFIX.read(env),
    receiver: {
      host: env.WEBHOOK_RECEIVER_HOST ?? '127.0.0.1',
      port: integer(env, 'WEBHOOK_RECEIVER_PORT', 0),
      ...(env.WEBHOOK_RECEIVER_URL ? { publicUrl: env.WEBHOOK_RECEIVER_URL } : {}),
    },
    processorLatencyMs: integer(env, 'PROCESSOR_LATENCY_MS', 7_000),
    webhookRetryWaitMs: integer(env, 'WEBHOOK_RETRY_WAIT_MS', 60_000),
    liveWindowSeconds: integer(env, 'CONSOLE_LIVE_WINDOW_SECONDS', 600),
    liveStepSeconds,
  };
}
