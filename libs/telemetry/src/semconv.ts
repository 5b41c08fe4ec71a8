/**
 * Attribute names used across hoptrace. The messaging ones are OpenTelemetry's (still incubating,
 * so they are copied here as the semantic-conventions package advises rather than imported from
 * its unstable entry point). The payment ones are hoptrace's own and are what Jaeger searches on.
 */
export const ATTR_MESSAGING_SYSTEM = 'messaging.system';
export const ATTR_MESSAGING_DESTINATION_NAME = 'messaging.destination.name';
export const ATTR_MESSAGING_OPERATION_TYPE = 'messaging.operation.type';
export const ATTR_MESSAGING_OPERATION_NAME = 'messaging.operation.name';
export const ATTR_MESSAGING_MESSAGE_ID = 'messaging.message.id';
export const ATTR_ERROR_TYPE = 'error.type';

/** The service that decided a request needs payment. Exactly one span of a 402 trace carries it. */
export const ATTR_PAYMENT_REQUIRED_ORIGIN = 'payment.required.origin';
export const ATTR_PAYMENT_DECLINE_CODE = 'payment.decline_code';
export const ATTR_PAYMENT_ERROR_CODE = 'payment.error.code';
export const ATTR_PAYMENT_ERROR_TYPE = 'payment.error.type';
export const ATTR_PAYMENT_ADVICE_CODE = 'payment.advice_code';
export const ATTR_PAYMENT_OUTCOME = 'payment.outcome';
export const ATTR_PAYMENT_CHARGE_ID = 'payment.charge.id';
export const ATTR_PAYMENT_AMOUNT = 'payment.amount';
export const ATTR_PAYMENT_CURRENCY = 'payment.currency';
export const ATTR_PAYMENT_METHOD = 'payment.method';
export const ATTR_PAYMENT_CUSTOMER = 'payment.customer';

// x402: what a facilitator was asked to verify or settle. Addresses are public on chain.
export const ATTR_PAYMENT_X402_SCHEME = 'payment.x402.scheme';
export const ATTR_PAYMENT_X402_NETWORK = 'payment.x402.network';
export const ATTR_PAYMENT_X402_ASSET = 'payment.x402.asset';
export const ATTR_PAYMENT_X402_PAYER = 'payment.x402.payer';
export const ATTR_PAYMENT_X402_TRANSACTION = 'payment.x402.transaction';
