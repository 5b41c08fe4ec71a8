export * from './bootstrap';
export * from './config';
export * from './logging';
export * from './runtime.module';
export * from './tokens';
export * from './queue-client';
export * from './pipeline';
export * from './transport';
