import {
  context as contextApi,
  createContextKey,
  ROOT_CONTEXT,
  trace,
  type Context,
  type Link,
  type Span,
  type SpanContext,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
} from '@opentelemetry/api';
import { CompositePropagator, getBooleanFromEnv, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';

/** Names the explicit setting under which the public edge continues a caller's trace. */
export const TRUST_TRACE_CONTEXT_ENV = 'GATEWAY_TRUST_TRACE_CONTEXT';

/** What the edge did with the caller's trace context: on the server span, so a reader knows which trace is whose. */
export const ATTR_CALLER_TRACE_CONTEXT = 'hoptrace.caller.trace_context';
export const ATTR_CALLER_TRACE_ID = 'hoptrace.caller.trace_id';

/**
 * What the public edge does with a caller's trace context. A caller is not trusted by default: its
 * `traceparent` could pick the trace id of a request (so hide it under another) or, with its
 * sampled flag off, switch tracing off for the whole flow, declines included. So the edge starts a
 * root of its own, which its own sampler judges, and keeps the caller's context as a link: whoever
 * debugs the caller's side can still follow it. Behind a traced proxy of one's own, trusting the
 * incoming context is an explicit setting, and then the caller's trace is continued as usual.
 */
export type EdgeTraceDecision =
  | { treatment: 'absent' }
  | { treatment: 'linked'; link: Link }
  | { treatment: 'continued'; parent: SpanContext };

export function decideEdgeTraceContext(caller: SpanContext | undefined, trustCaller: boolean): EdgeTraceDecision {
  if (!caller || !trace.isSpanContextValid(caller)) return { treatment: 'absent' };
  if (trustCaller) return { treatment: 'continued', parent: caller };
  return { treatment: 'linked', link: { context: caller, attributes: { 'link.reason': 'caller_trace_context' } } };
}

const EDGE_DECISION = createContextKey('hoptrace.edge_trace_decision');

/**
 * The public edge's propagator: it reads W3C trace context and baggage as the default one does,
 * but only a trusted caller's becomes the parent. An untrusted caller's context (and baggage) is
 * kept aside in the context, for {@link recordCallerTraceContext} to link once the span exists.
 * Injection is unchanged: the edge's own context goes on to the hops after it.
 */
export class EdgePropagator implements TextMapPropagator {
  private readonly inner = new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] });

  constructor(private readonly trustCaller: boolean) {}

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    this.inner.inject(context, carrier, setter);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const extracted = this.inner.extract(context, carrier, getter);
    const decision = decideEdgeTraceContext(trace.getSpanContext(extracted), this.trustCaller);
    return (decision.treatment === 'continued' ? extracted : context).setValue(EDGE_DECISION, decision);
  }

  fields(): string[] {
    return this.inner.fields();
  }
}

/** The edge's propagator, with trust as GATEWAY_TRUST_TRACE_CONTEXT says (false unless it is `true`). */
export const edgePropagatorFromEnv = (): EdgePropagator => new EdgePropagator(getBooleanFromEnv(TRUST_TRACE_CONTEXT_ENV) ?? false);

/**
 * Records on a server span what the edge did with its caller's context: the link to it, and the
 * attributes that say so. Runs inside the span's context, where the propagator left its decision.
 */
export function recordCallerTraceContext(span: Span, active: Context = contextApi.active()): void {
  const decision = active.getValue(EDGE_DECISION) as EdgeTraceDecision | undefined;
  if (!decision || decision.treatment === 'absent') return;
  if (decision.treatment === 'linked') {
    span.addLink(decision.link);
    span.setAttributes({ [ATTR_CALLER_TRACE_CONTEXT]: 'linked', [ATTR_CALLER_TRACE_ID]: decision.link.context.traceId });
    return;
  }
  span.setAttributes({ [ATTR_CALLER_TRACE_CONTEXT]: 'continued', [ATTR_CALLER_TRACE_ID]: decision.parent.traceId });
}

/** For tests: the decision an extraction left in `context`. */
export const edgeDecisionIn = (context: Context = ROOT_CONTEXT): EdgeTraceDecision | undefined =>
  context.getValue(EDGE_DECISION) as EdgeTraceDecision | undefined;
