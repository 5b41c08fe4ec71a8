import type { ApiKeyRecord, Permission } from './api-keys';

type Env = Readonly<Record<string, string | undefined>>;

/** An API key given to the gateway in API_KEYS, to be stored (hashed) at start-up. */
export interface ProvisionedApiKey extends Omit<ApiKeyRecord, 'secret_hash'> {
  key: string;
}

const PERMISSIONS: readonly Permission[] = ['charges:write', 'credits:write', 'reports:read', 'webhook_endpoints:write'];
/** Long enough that guessing is hopeless; Stripe's keys are longer still. */
const MIN_KEY_LENGTH = 24;

/**
 * API_KEYS: a JSON array of `{ "id", "key", "customer", "permissions": [...] }`, the API keys a
 * deployment provisions. Every message names the entry by its index or id, never by its secret.
 */
export function parseApiKeys(raw: string | undefined): ProvisionedApiKey[] {
  if (raw === undefined || raw.trim() === '') return [];
  let entries: unknown;
  try {
    entries = JSON.parse(raw);
  } catch {
    throw new Error('API_KEYS must be a JSON array of { id, key, customer, permissions }');
  }
  if (!Array.isArray(entries)) throw new Error('API_KEYS must be a JSON array of { id, key, customer, permissions }');
  return entries.map((entry: unknown, index): ProvisionedApiKey => {
    const { id, key, customer, permissions, name } = (entry ?? {}) as Record<string, unknown>;
    const where = `API_KEYS[${index}]`;
    if (typeof id !== 'string' || !/^key_[A-Za-z0-9_]{1,64}$/.test(id)) throw new Error(`${where}.id must be a key id such as key_orders`);
    if (typeof key !== 'string' || key.length < MIN_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
      throw new Error(`${where}.key (${id}) must be at least ${MIN_KEY_LENGTH} printable characters without spaces`);
    }
    if (typeof customer !== 'string' || !/^cus_[A-Za-z0-9_]{1,64}$/.test(customer)) {
      throw new Error(`${where}.customer (${id}) must be a customer id such as cus_demo`);
    }
    if (!Array.isArray(permissions) || permissions.some((permission) => !PERMISSIONS.includes(permission as Permission))) {
      throw new Error(`${where}.permissions (${id}) must be a list of ${PERMISSIONS.join(', ')}`);
    }
    return { id, key, customer, name: typeof name === 'string' ? name : id, permissions: permissions as Permission[] };
  });
}

/**
 * The API keys a gateway starts with: those of API_KEYS, and the public demo keys outside production
 * (or with DEMO_API_KEYS=true, as the demo's compose file asks). In production a gateway with no key
 * but the demo's would accept nobody but those who read the README, so without API_KEYS (and without
 * the explicit demo switch) it refuses to start. (A demo secret is too short for API_KEYS anywhere.)
 */
export function apiKeysFromEnv(env: Env): { keys: ProvisionedApiKey[]; demo: boolean } {
  const production = env.NODE_ENV === 'production';
  const demo = !production || env.DEMO_API_KEYS === 'true';
  const keys = parseApiKeys(env.API_KEYS);
  if (production && !demo && keys.length === 0) {
    throw new Error(
      'API_KEYS is required in production: a JSON array of { id, key, customer, permissions }. ' +
        'The demo keys are public and are not used in production unless DEMO_API_KEYS=true; the gateway will not start without keys.',
    );
  }
  return { keys, demo };
}
