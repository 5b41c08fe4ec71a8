import type { RunnerContext, ScenarioOptions } from '@hoptrace/scenarios';
import type { SystemFixture } from '@hoptrace/testing/jest';

/**
 * Billing's reply timeout in the system tests that run the catalogue: short, so that
 * processor-timeout and processor-down take seconds. Their systems start with it as
 * BILLING_REPLY_TIMEOUT_MS.
 */
export const BILLING_REPLY_TIMEOUT_MS = 1_500;

/**
 * How the system tests run a scenario: processor-timeout's latency beyond billing's reply timeout,
 * webhook retries waited for, and the trace judged once Jaeger has held it still for 800 ms.
 */
export function scenarioContext(
  sut: SystemFixture,
  parts: Pick<RunnerContext, 'gateway' | 'faults' | 'receiver'> & { options?: Partial<ScenarioOptions>; jaegerUiUrl?: string },
): RunnerContext {
  const { options, jaegerUiUrl = 'http://localhost:16686', ...clients } = parts;
  return {
    ...clients,
    options: { processorLatencyMs: BILLING_REPLY_TIMEOUT_MS + 1_500, webhookRetryWaitMs: 20_000, ...options },
    jaeger: sut.jaeger,
    jaegerUiUrl,
    traceTimeoutMs: 20_000,
    quietMs: 800,
  };
}
