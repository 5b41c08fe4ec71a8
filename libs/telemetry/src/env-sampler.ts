import { diag } from '@opentelemetry/api';
import { getNumberFromEnv, getStringFromEnv } from '@opentelemetry/core';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
} from '@opentelemetry/sdk-trace';

/**
 * The sampler that the standard OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG name, with the
 * specification's default (parentbased_always_on) when they are unset and on any value it does not
 * know. The Node SDK reads these variables only when it is handed no sampler, and keeps that reader
 * to itself; hoptrace always hands it one (the housekeeping sampler wraps whatever is configured),
 * so the specification's table is applied here, with the SDK's own samplers and environment readers.
 */
export function samplerFromEnv(): Sampler {
  const name = getStringFromEnv('OTEL_TRACES_SAMPLER') ?? 'parentbased_always_on';
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratioFromEnv());
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratioFromEnv()) });
    default:
      diag.warn(`OTEL_TRACES_SAMPLER=${name} is not a sampler this SDK has; using parentbased_always_on`);
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

/** OTEL_TRACES_SAMPLER_ARG as a ratio in [0, 1]; 1 when it is unset or out of range, as specified. */
function ratioFromEnv(): number {
  const ratio = getNumberFromEnv('OTEL_TRACES_SAMPLER_ARG');
  if (ratio === undefined) return 1;
  if (ratio < 0 || ratio > 1) {
    diag.warn(`OTEL_TRACES_SAMPLER_ARG=${ratio} is outside [0, 1]; using 1`);
    return 1;
  }
  return ratio;
}
