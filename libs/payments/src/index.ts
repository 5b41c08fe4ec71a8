export * from './authorize';
export * from './customer-standing';
export * from './demo-customers';
export * from './test-payment-methods';
export * from './credit';
export * from './card-vault';
