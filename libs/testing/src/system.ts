import { mkdirSync } from 'node:fs';
import { get } from 'node:http';
import { join, resolve } from 'node:path';
import { freePort, freePorts } from './ports';
import { startProcess, waitFor, type ProcessHandle } from './process';
import { jaegerPorts, startJaeger, type JaegerHandle, type StartJaegerOptions } from './jaeger';
import { startPrometheus, type PrometheusHandle, type StartPrometheusOptions } from './prometheus';
import { startRedis, type RedisHandle, type StartRedisOptions } from './redis';
import { startSentinel, type SentinelHandle, type StartSentinelOptions } from './sentinel';

export const SERVICE_APPS = ['payment-processor', 'billing', 'notifier', 'facilitator', 'gateway'] as const;
export type ServiceApp = (typeof SERVICE_APPS)[number];
/** The services reached over HTTP only, consuming no queue. */
const HTTP_ONLY: ReadonlySet<ServiceApp> = new Set(['gateway', 'facilitator']);

export interface StartSystemOptions {
  /** Folder for logs, configs and Redis' files. */
  dir: string;
  /** Folder holding dist/apps/<app>/main.js; the repository root by default. */
  root?: string;
  /** Where each service's main.js is, under `root`: dist/apps/<app> by default (the benchmark has its own). */
  distDir?: string;
  /** Extra environment for every service (timeouts, for instance). */
  env?: Record<string, string>;
  /** Fixed gateway port; a free one otherwise. */
  gatewayPort?: number;
  /** How Redis runs (with an append-only file, say). */
  redis?: Omit<StartRedisOptions, 'dir' | 'port'>;
  /**
   * Redis through Redis Sentinel instead of one redis-server: a primary, a replica and three
   * sentinels (startSentinel), the services configured with REDIS_SENTINELS. `redis` is then unused.
   */
  sentinel?: boolean | Omit<StartSentinelOptions, 'dir'>;
  /** How Jaeger samples, how often it hands over span metrics, what it runs without (see StartJaegerOptions). */
  jaeger?: Pick<StartJaegerOptions, 'samplingPercentage' | 'decisionWait' | 'spanMetricsFlushInterval' | 'without'>;
  /**
   * A Prometheus too, scraping Jaeger's span metrics and the services' queue metrics with the
   * shipped rules, and read by Jaeger's Monitor API. Off by default: most tests need none.
   */
  prometheus?: boolean | Pick<StartPrometheusOptions, 'scrapeInterval' | 'evaluationInterval' | 'port'>;
  /**
   * How many processes of each service run side by side, each on a port of its own, all on the one
   * Redis and Jaeger: 1 of each by default. Only the first gateway listens on `gatewayPort`.
   */
  replicas?: Partial<Record<ServiceApp, number>>;
}

export interface ServiceHandle {
  app: ServiceApp;
  /** Which of the service's replicas, from 0. */
  replica: number;
  /** Its spans' `service.instance.id` (`billing-2` for billing's second replica). */
  instanceId: string;
  url: string;
  process: ProcessHandle;
}

export interface SystemHandle {
  /** The one redis-server; with `sentinel`, the primary the system started with. */
  redis: RedisHandle;
  /** When asked for: the Sentinel group the services follow. */
  sentinel?: SentinelHandle;
  jaeger: JaegerHandle;
  /** When asked for. */
  prometheus?: PrometheusHandle;
  gatewayUrl: string;
  /** Every gateway replica's URL, the first one's (`gatewayUrl`) first. */
  gatewayUrls: string[];
  /** Each service's first replica (its only one, by default). */
  services: Record<ServiceApp, ServiceHandle>;
  /** Every replica of each service, in order. */
  replicas: Record<ServiceApp, ServiceHandle[]>;
  // Each of these acts on one replica when given its number, else on every replica of the service
  // (all of them down is the service down, as with one replica).
  /** Starts a service again (after a crash test, say) on its old ports. */
  restart(app: ServiceApp, replica?: number): Promise<void>;
  /** Crashes a service: SIGKILL, no shutdown hook runs, jobs it held are left active in Redis. */
  kill9(app: ServiceApp, replica?: number): Promise<void>;
  /** Stops a service in order (SIGTERM), as a deployment would. */
  stopService(app: ServiceApp, replica?: number): Promise<void>;
  /** Starts a stopped or crashed service on its old ports and waits until it is healthy. */
  start(app: ServiceApp, replica?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Whether a service answers its health check, over a connection of its own that is closed after
 * the answer. Through fetch's shared pool the probe left an idle keep-alive connection behind, which
 * the gateway closes after 5 s; a test that then blocked its event loop for longer (generating
 * thousands of fuzz cases, say) sent its first charge on that closed connection and got
 * UND_ERR_SOCKET, an error of the test's client, not of the gateway.
 */
const healthy = (url: string): Promise<boolean> =>
  new Promise((resolve) => {
    const probe = get(`${url}/healthz`, { agent: false, timeout: 5_000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    probe.on('timeout', () => probe.destroy());
    probe.on('error', () => resolve(false));
  });

/**
 * The whole system as local processes, as the tests and `npm run local` run it: a Redis, a Jaeger
 * (and a Prometheus, when asked) on free loopback ports, and each service's production build
 * (dist/apps) as its own process.
 */
export async function startSystem(options: StartSystemOptions): Promise<SystemHandle> {
  const root = resolve(options.root ?? process.cwd());
  mkdirSync(options.dir, { recursive: true });
  // Each port is taken just before the process that listens on it starts: a port number handed out
  // early may be taken meanwhile (as the source port of a connection, say). Jaeger and Prometheus
  // name each other, so both get theirs together; Prometheus learns the services' ports once they listen.
  const prometheusOptions = options.prometheus === true ? {} : options.prometheus || undefined;
  const [listeners, prometheusPort] = await Promise.all([jaegerPorts(), prometheusOptions?.port ?? freePort()]);
  const sentinelOptions = options.sentinel === true ? {} : options.sentinel || undefined;
  const [redisOrSentinel, jaeger, prometheus] = await Promise.all([
    sentinelOptions ? startSentinel({ ...sentinelOptions, dir: options.dir }) : startRedis({ ...options.redis, dir: options.dir }),
    startJaeger({
      ...options.jaeger,
      dir: options.dir,
      ports: listeners,
      prometheusUrl: prometheusOptions ? `http://127.0.0.1:${prometheusPort}` : undefined,
    }),
    prometheusOptions
      ? startPrometheus({
          ...prometheusOptions,
          dir: options.dir,
          port: prometheusPort,
          jobs: [{ name: 'span-metrics', targets: [`127.0.0.1:${listeners.spanMetrics}`] }],
        })
      : undefined,
  ]);
  const sentinel = 'sentinels' in redisOrSentinel ? redisOrSentinel : undefined;
  const redis = sentinel ? sentinel.servers[0] : (redisOrSentinel as RedisHandle);
  const replicaCount = (app: ServiceApp) => options.replicas?.[app] ?? 1;
  for (const app of SERVICE_APPS) {
    if (!(Number.isInteger(replicaCount(app)) && replicaCount(app) >= 1)) throw new Error(`replicas of ${app}: ${replicaCount(app)}, not a whole number from 1`);
  }
  // The replicas of each service, in SERVICE_APPS order: [app, replica] pairs, each with a port.
  const instances = SERVICE_APPS.flatMap((app) => Array.from({ length: replicaCount(app) }, (_, replica) => [app, replica] as const));
  const ports = await freePorts(instances.length);
  const portOf = (app: ServiceApp, replica = 0) =>
    (app === 'gateway' && replica === 0 && options.gatewayPort) || ports[instances.findIndex(([a, r]) => a === app && r === replica)];

  // Where each service answers HTTP, for the benchmark's HOPTRACE_TRANSPORT=http (the hops as plain HTTP
  // calls): its first replica, as that benchmark runs one of each.
  const serviceUrlEnv = {
    BILLING_URL: `http://127.0.0.1:${portOf('billing')}`,
    PAYMENT_PROCESSOR_URL: `http://127.0.0.1:${portOf('payment-processor')}`,
    FACILITATOR_URL: `http://127.0.0.1:${portOf('facilitator')}`,
  };

  const launch = async (app: ServiceApp, replica: number, port: number): Promise<ServiceHandle> => {
    const url = `http://127.0.0.1:${port}`;
    // The first replica keeps the names one process had (its log file, for one).
    const name = replica === 0 ? app : `${app}-${replica + 1}`;
    const instanceId = `${app}-${replica + 1}`;
    const handle = startProcess({
      name,
      command: process.execPath,
      args: ['--enable-source-maps', join(root, options.distDir ?? 'dist/apps', app, 'main.js')],
      env: {
        REDIS_URL: redis.url,
        ...sentinel?.env,
        OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpHttpEndpoint,
        // Export promptly so a test sees its trace within a second, not after the default 5 s.
        OTEL_BSP_SCHEDULE_DELAY: '200',
        PORT: String(port),
        HOST: '127.0.0.1',
        NO_COLOR: '1',
        // Inherited from the test runner, it would make Node warn on stderr that NO_COLOR is ignored:
        // the services' output is structured logs, one JSON object per line, and nothing else.
        FORCE_COLOR: undefined,
        ...serviceUrlEnv,
        ...options.env,
        // OpenTelemetry's standard variable, so that each replica's spans say which one it is.
        OTEL_RESOURCE_ATTRIBUTES: [options.env?.OTEL_RESOURCE_ATTRIBUTES, `service.instance.id=${instanceId}`].filter(Boolean).join(','),
      },
      cwd: root,
      logFile: join(options.dir, `${name}.log`),
    });
    try {
      await waitFor(() => healthy(url), { what: `${name} healthy on ${url}`, timeoutMs: 30_000, logFile: handle.logFile, process: handle });
    } catch (error) {
      await handle.stop();
      throw error;
    }
    return { app, replica, instanceId, url, process: handle };
  };

  const replicas = Object.fromEntries(SERVICE_APPS.map((app) => [app, []])) as unknown as Record<ServiceApp, ServiceHandle[]>;
  const services = {} as Record<ServiceApp, ServiceHandle>;
  /** The replicas an action is for: the one named, or all of the service's. */
  const chosen = (app: ServiceApp, replica?: number): ServiceHandle[] => {
    if (replica === undefined) return replicas[app];
    const service = replicas[app][replica];
    if (!service) throw new Error(`${app} has no replica ${replica} (it runs ${replicas[app].length})`);
    return [service];
  };
  /** Launches a replica (again) on its port, and puts its handle where the old one was. */
  const relaunch = async ({ app, replica, url }: ServiceHandle) => {
    const service = await launch(app, replica, Number(new URL(url).port));
    replicas[app][replica] = service;
    if (replica === 0) services[app] = service;
  };
  try {
    // All of them settled before a failure is thrown, so that one failing to start stops the others.
    const launched = await Promise.allSettled(instances.map(([app, replica]) => launch(app, replica, portOf(app, replica))));
    const started = launched.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    for (const service of started) replicas[service.app][service.replica] = service;
    for (const app of SERVICE_APPS) if (replicas[app][0]) services[app] = replicas[app][0];
    const failure = launched.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) throw failure.reason;
    // The services that work off a queue report it at /metrics; the gateway and the facilitator consume none.
    await prometheus?.scrape([
      { name: 'span-metrics', targets: [`127.0.0.1:${listeners.spanMetrics}`] },
      { name: 'queues', targets: started.filter(({ app }) => !HTTP_ONLY.has(app)).map(({ url }) => new URL(url).host) },
    ]);
  } catch (error) {
    await Promise.all(Object.values(replicas).flat().map((service) => service.process.stop()));
    await Promise.all([(sentinel ?? redis).stop(), jaeger.stop(), prometheus?.stop()]);
    throw error;
  }

  return {
    redis,
    sentinel,
    jaeger,
    prometheus,
    gatewayUrl: services.gateway.url,
    gatewayUrls: replicas.gateway.map(({ url }) => url),
    services,
    replicas,
    async restart(app, replica) {
      const restarting = chosen(app, replica);
      await Promise.all(restarting.map((service) => service.process.stop()));
      await Promise.all(restarting.map(relaunch));
    },
    kill9: async (app, replica) => {
      await Promise.all(chosen(app, replica).map((service) => service.process.kill9()));
    },
    stopService: async (app, replica) => {
      await Promise.all(chosen(app, replica).map((service) => service.process.stop()));
    },
    async start(app, replica) {
      const starting = chosen(app, replica);
      const running = starting.filter((service) => !service.process.hasExited);
      if (running.length > 0) throw new Error(`${running.map((service) => service.instanceId).join(', ')} still running`);
      await Promise.all(starting.map(relaunch));
    },
    async stop() {
      const stopAll = (apps: readonly ServiceApp[]) => Promise.all(apps.flatMap((app) => replicas[app].map((service) => service.process.stop())));
      // The gateways first, so no new work arrives while the others drain.
      await stopAll(['gateway']);
      await stopAll(SERVICE_APPS.filter((app) => app !== 'gateway'));
      await Promise.all([(sentinel ?? redis).stop(), jaeger.stop(), prometheus?.stop()]);
    },
  };
}
