import { join } from 'node:path';
import { startProcess, startSystem, waitFor } from '../libs/testing/src/index';

/** `bash scripts/local.sh`: the system as local processes, until Ctrl-C. */
async function main(): Promise<void> {
  const gatewayPort = Number(process.env.PORT ?? 3000);
  const system = await startSystem({
    dir: 'tmp/local',
    gatewayPort,
    // As docker-compose.yml runs it: every trace kept unless TAIL_SAMPLING_PERCENTAGE says otherwise.
    jaeger: {
      samplingPercentage: Number(process.env.TAIL_SAMPLING_PERCENTAGE ?? 100),
      decisionWait: process.env.TAIL_SAMPLING_DECISION_WAIT ?? '2s',
      spanMetricsFlushInterval: '5s',
    },
    prometheus: { scrapeInterval: '5s', evaluationInterval: '5s' },
  });
  // The web console, its own process as in docker-compose.yml: the same production build.
  const consolePort = Number(process.env.CONSOLE_PORT ?? 8080);
  const consoleUrl = `http://localhost:${consolePort}`;
  const consoleApp = startProcess({
    name: 'console',
    command: process.execPath,
    args: ['--enable-source-maps', 'dist/apps/console/main.js'],
    env: {
      PORT: String(consolePort),
      HOST: '127.0.0.1',
      GATEWAY_URL: system.gatewayUrl,
      JAEGER_QUERY_URL: system.jaeger.queryUrl,
      PROMETHEUS_URL: system.prometheus!.url,
      REDIS_URL: system.redis.url,
      NO_COLOR: '1',
    },
    logFile: join('tmp/local', 'console.log'),
  });
  try {
    await waitFor(async () => (await fetch(`${consoleUrl}/healthz`).catch(() => undefined))?.ok === true, {
      what: `the console on ${consoleUrl}`,
      timeoutMs: 30_000,
      logFile: consoleApp.logFile,
      process: consoleApp,
    });
  } catch (error) {
    await Promise.all([consoleApp.stop(), system.stop()]);
    throw error;
  }
  const lines = [
    `gateway      ${system.gatewayUrl}  (POST /v1/charges)`,
    `console      ${consoleUrl}  (one button per scenario, faults, 402s by hop)`,
    `jaeger API   ${system.jaeger.queryUrl}/api/services`,
    `monitor API  ${system.jaeger.queryUrl}/api/metrics/calls?service=gateway`,
    `prometheus   ${system.prometheus!.url}  (alerts: ${system.prometheus!.url}/alerts)`,
    `OTLP/HTTP    ${system.jaeger.otlpHttpEndpoint}`,
    `redis        ${system.redis.url}`,
    `logs         tmp/local/*.log`,
    `scenarios    node dist/apps/scenario-runner/main.js run all --gateway ${system.gatewayUrl} --jaeger ${system.jaeger.queryUrl} --redis ${system.redis.url}`,
  ];
  console.log(`hoptrace is running:\n  ${lines.join('\n  ')}\nCtrl-C stops it.`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await consoleApp.stop();
    await system.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
