/** The hops of the payment flow. These names are the OpenTelemetry `service.name` of each app. */
export const SERVICES = {
  gateway: 'gateway',
  billing: 'billing',
  processor: 'payment-processor',
  notifier: 'notifier',
  facilitator: 'facilitator',
} as const;

export type ServiceName = (typeof SERVICES)[keyof typeof SERVICES];
