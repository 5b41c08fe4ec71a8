export const BILLING = Symbol('BILLING');
