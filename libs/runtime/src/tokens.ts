/** Injection tokens shared by every service. */
export const REDIS = Symbol('REDIS');
export const RUNTIME_CONFIG = Symbol('RUNTIME_CONFIG');
