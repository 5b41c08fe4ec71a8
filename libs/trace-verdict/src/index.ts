export * from './jaeger-client';
export * from './verdict';
export * from './span-tree';
export * from './span-fixture';
export * from './remedies';
export * from './diagnosis';
export * from './diagnosis-text';
