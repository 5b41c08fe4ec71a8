export const SETTINGS = Symbol('ConsoleSettings');
export const REDIS = Symbol('Redis');
