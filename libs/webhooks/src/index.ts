export * from './delivery-job';
export * from './follow-up';
export * from './next-delivery';
