/** Injection tokens shared by every service. */
export const REDIS = Symbol('REDIS');
/** The service's settings, secrets included, read and checked at boot (see defineSettings). */
export const SETTINGS = Symbol('SETTINGS');
/** The QueueTransport that ClientsModule registrations ask for their client. */
export const QUEUE_TRANSPORT = Symbol('QUEUE_TRANSPORT');
