import { randomBytes } from 'node:crypto';

/** Signing secrets at rest are encrypted with the one symmetric secret box of @hoptrace/contracts, the endpoint id as context. */
export { decryptSecret, encryptSecret } from '@hoptrace/contracts';

const SECRET_PREFIX = 'whsec_';

/**
 * A new signing secret in the Standard Webhooks format: `whsec_` and 32 random bytes in base64, which
 * is what the `standardwebhooks` libraries take (`new Webhook(secret)`).
 */
export const newSigningSecret = (): string => `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
