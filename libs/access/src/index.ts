export * from './access-decision';
export * from './api-keys';
export * from './provisioned-keys';
