export * from './ports';
export * from './process';
export * from './redis';
export * from './jaeger';
export * from './jaeger-client';
export * from './system';
