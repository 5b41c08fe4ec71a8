import { apiKeysFromEnv, type ProvisionedApiKey } from '@hoptrace/access';
import { fingerprintKey } from '@hoptrace/idempotency';
import { CARD_VAULT_KEY, secretKey } from '@hoptrace/runtime';

export const GATEWAY_SECRETS = Symbol('GATEWAY_SECRETS');

/** The gateway's secrets, read once before it starts. None of them is ever logged. */
export interface GatewaySecrets {
  /** Seals raw cards for the processor. */
  cardVaultKey: Buffer;
  /** True when CARD_VAULT_KEY was unset and the public development key stands in for it. */
  developmentCardVaultKey: boolean;
  /** Keys the fingerprints that idempotency records keep of request bodies. */
  fingerprintKey: Buffer;
  /** API_KEYS: stored, hashed, at start-up. */
  apiKeys: ProvisionedApiKey[];
}

/** Throws (and so stops the start) in production when a secret is missing or is a public default. */
export function loadGatewaySecrets(env: Readonly<Record<string, string | undefined>>): GatewaySecrets {
  const vault = secretKey(CARD_VAULT_KEY, env);
  return {
    cardVaultKey: vault.key,
    developmentCardVaultKey: vault.development,
    fingerprintKey: fingerprintKey(vault.key),
    apiKeys: apiKeysFromEnv(env).keys,
  };
}
