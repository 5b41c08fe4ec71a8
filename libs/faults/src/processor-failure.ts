import { paymentError, SERVICES, type PaymentError } from '@hoptrace/contracts';

/**
 * The processor's answer when it fails on its own side. An api_error, so a 502 and never a 402: the
 * card was not tried, and telling its holder it was declined would be a lie.
 */
export const processorFailure = (): PaymentError =>
  paymentError('processor_error', {
    message: 'The payment processor could not process the charge. Nothing was charged; retry later.',
    origin: SERVICES.processor,
  });
