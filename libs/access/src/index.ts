export * from './access-decision';
export * from './api-keys';
