export * from './bullmq-context';
export * from './bullmq.client';
export * from './bullmq.server';
export * from './connection';
export * from './errors';
export * from './messaging-telemetry';
export * from './status';
export * from './rethrow-rpc-exceptions.filter';
