export * from './services';
export * from './queues';
export * from './charge';
export * from './charge.dto';
export * from './events';
export * from './ids';
export * from './payment-error';
export * from './problem';
