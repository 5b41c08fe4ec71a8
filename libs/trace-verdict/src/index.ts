export * from './jaeger-client';
export * from './verdict';
