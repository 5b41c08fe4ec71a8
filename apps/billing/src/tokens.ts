export const PROCESSOR = Symbol('PROCESSOR');
export const NOTIFIER = Symbol('NOTIFIER');
