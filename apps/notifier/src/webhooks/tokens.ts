/** The client of the notifier's own webhook-deliveries queue. */
export const DELIVERIES = Symbol('DELIVERIES');
