export * from './client-span-attributes';
export * from './housekeeping-sampler';
export * from './payment-span';
export * from './semconv';
export * from './start-telemetry';
export * from './traceresponse';
export * from './tracer';
