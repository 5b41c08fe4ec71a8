export * from './catalogue';
export * from './gateway-client';
export * from './judge';
export * from './mix';
export * from './report';
export * from './run-scenario';
export * from './scenario';
export * from './webhook-receiver';
