export * from './jaeger-client';
export * from './verdict';
export * from './span-fixture';
