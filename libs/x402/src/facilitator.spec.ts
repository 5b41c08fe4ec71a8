import { x402Client } from '@x402/core/client';
import type { PaymentPayload, PaymentRequired, PaymentRequirements } from '@x402/core/types';
import { authorizationTypes } from '@x402/evm';
import { ExactEvmScheme } from '@x402/evm/exact/client';
import IORedis from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getAddress, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { startRedis, type RedisHandle } from '@hoptrace/testing';
import { demoBalances, demoWallet } from './demo-wallets';
import { createFacilitator } from './facilitator';
import { ledgerChain } from './ledger-chain';
import { TokenLedger } from './token-ledger';
import { chainIdOf, type TokenDefinition } from './token-rules';

const TOKEN: TokenDefinition = {
  network: 'eip155:84532',
  address: getAddress('0x036CbD53842c5426634e7929541eC2318f3dCF7e'),
  name: 'USDC',
  version: '2',
};
const PAY_TO = getAddress('0x000000000000000000000000000000000000dEaD');
const REQUIREMENTS: PaymentRequirements = {
  scheme: 'exact',
  network: TOKEN.network,
  amount: '10000',
  asset: TOKEN.address,
  payTo: PAY_TO,
  maxTimeoutSeconds: 60,
  extra: { name: TOKEN.name, version: TOKEN.version },
};
const PAYMENT_REQUIRED: PaymentRequired = {
  x402Version: 2,
  resource: { url: 'http://localhost/v1/reports/usage', description: 'A usage report', mimeType: 'application/json' },
  accepts: [REQUIREMENTS],
};

/** A payment as the official x402 client makes it for `account`. */
async function paymentBy(account: PrivateKeyAccount): Promise<PaymentPayload> {
  const client = new x402Client().register('eip155:*', new ExactEvmScheme(account));
  return client.createPaymentPayload(PAYMENT_REQUIRED);
}
const OTHER_ASSET: PaymentRequirements = { ...REQUIREMENTS, asset: getAddress('0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913') };

const nowSeconds = () => BigInt(Math.floor(Date.now() / 1000));

/** An authorization signed by `account` with fields the official client would never choose. */
async function signedAuthorization(
  account: PrivateKeyAccount,
  fields: Partial<{ to: Hex; value: bigint; validAfter: bigint; validBefore: bigint }>,
  requirements = REQUIREMENTS,
): Promise<PaymentPayload> {
  const authorization = {
    from: account.address,
    to: fields.to ?? PAY_TO,
    value: fields.value ?? BigInt(REQUIREMENTS.amount),
    validAfter: fields.validAfter ?? nowSeconds() - 600n,
    validBefore: fields.validBefore ?? nowSeconds() + 60n,
    nonce: generatePrivateKey(),
  };
  const signature = await account.signTypedData({
    domain: { name: TOKEN.name, version: TOKEN.version, chainId: chainIdOf(TOKEN.network), verifyingContract: getAddress(requirements.asset) },
    types: authorizationTypes,
    primaryType: 'TransferWithAuthorization',
    message: authorization,
  });
  const asStrings = Object.fromEntries(Object.entries(authorization).map(([key, value]) => [key, String(value)]));
  return { x402Version: 2, accepted: requirements, payload: { authorization: asStrings, signature } };
}

describe('the facilitator over the Redis ledger (x402 exact scheme, EIP-3009)', () => {
  let dir: string;
  let redisServer: RedisHandle;
  let redis: IORedis;
  let ledger: TokenLedger;
  let facilitator: ReturnType<typeof createFacilitator>;
  const funded = demoWallet('funded');
  const underfunded = demoWallet('underfunded');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hoptrace-x402-'));
    redisServer = await startRedis({ dir });
    redis = new IORedis(redisServer.url, { maxRetriesPerRequest: null });
    ledger = new TokenLedger(redis, TOKEN);
    await ledger.seed(demoBalances());
    facilitator = createFacilitator(ledgerChain(ledger, { facilitatorKey: generatePrivateKey() }), TOKEN);
  });
  afterAll(async () => {
    redis?.disconnect();
    await redisServer?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('verifies and settles a payment made by the official client, moving the price exactly once', async () => {
    const payment = await paymentBy(funded);
    const before = { payer: await ledger.balanceOf(funded.address), payee: await ledger.balanceOf(PAY_TO) };

    expect(await facilitator.verify(payment, REQUIREMENTS)).toMatchObject({ isValid: true, payer: funded.address });
    const settled = await facilitator.settle(payment, REQUIREMENTS);
    expect(settled).toMatchObject({ success: true, network: TOKEN.network, payer: funded.address });
    expect(settled.transaction).toMatch(/^0x[0-9a-f]{64}$/);

    const replayed = await facilitator.settle(payment, REQUIREMENTS);
    expect(replayed).toMatchObject({ success: false, errorReason: 'invalid_exact_evm_nonce_already_used' });
    expect(await facilitator.verify(payment, REQUIREMENTS)).toMatchObject({
      isValid: false,
      invalidReason: 'invalid_exact_evm_nonce_already_used',
    });
    expect(await ledger.balanceOf(funded.address)).toBe(before.payer - 10_000n);
    expect(await ledger.balanceOf(PAY_TO)).toBe(before.payee + 10_000n);
  });

  it('settles one of two concurrent settlements of the same payment', async () => {
    const payment = await paymentBy(funded);
    const before = await ledger.balanceOf(funded.address);
    const results = await Promise.all([facilitator.settle(payment, REQUIREMENTS), facilitator.settle(payment, REQUIREMENTS)]);
    expect(results.filter((result) => result.success)).toHaveLength(1);
    expect(await ledger.balanceOf(funded.address)).toBe(before - 10_000n);
  });

  const tampered = async (): Promise<PaymentPayload> => {
    const payment = await paymentBy(funded);
    const signature = (payment.payload as { signature: Hex }).signature;
    // The same length, one byte of r changed: a signature of nobody in particular.
    const flipped = `${signature.slice(0, 10)}${signature[10] === '0' ? '1' : '0'}${signature.slice(11)}` as Hex;
    return { ...payment, payload: { ...payment.payload, signature: flipped } };
  };

  it.each<[string, () => Promise<PaymentPayload>, PaymentRequirements, string]>([
    ['a tampered signature', tampered, REQUIREMENTS, 'invalid_exact_evm_signature'],
    ['an underfunded wallet', () => paymentBy(underfunded), REQUIREMENTS, 'invalid_exact_evm_insufficient_balance'],
    ['an expired authorization', () => signedAuthorization(funded, { validBefore: nowSeconds() - 1n }), REQUIREMENTS, 'invalid_exact_evm_payload_authorization_valid_before'],
    ['an authorization not valid yet', () => signedAuthorization(funded, { validAfter: nowSeconds() + 3600n }), REQUIREMENTS, 'invalid_exact_evm_payload_authorization_valid_after'],
    ['another recipient', () => signedAuthorization(funded, { to: funded.address }), REQUIREMENTS, 'invalid_exact_evm_recipient_mismatch'],
    ['less than the price', () => signedAuthorization(funded, { value: 9_999n }), REQUIREMENTS, 'invalid_exact_evm_payload_authorization_value_mismatch'],
    [
      'a payment for another network',
      async () => ({ ...(await paymentBy(funded)), accepted: { ...REQUIREMENTS, network: 'eip155:8453' } }),
      REQUIREMENTS,
      'invalid_exact_evm_network_mismatch',
    ],
    [
      'an asset the ledger does not hold',
      // The official client refuses to sign for an asset it does not know (its spend controls).
      () => signedAuthorization(funded, {}, OTHER_ASSET),
      OTHER_ASSET,
      'asset_not_deployed_contract',
    ],
  ])('refuses %s, and moves nothing', async (_, payment, requirements, reason) => {
    const payload = await payment();
    const payer = getAddress((payload.payload as { authorization: { from: Hex } }).authorization.from);
    const before = await ledger.balanceOf(payer);

    expect(await facilitator.verify(payload, requirements)).toMatchObject({ isValid: false, invalidReason: reason });
    expect(await facilitator.settle(payload, requirements)).toMatchObject({ success: false });
    expect(await ledger.balanceOf(payer)).toBe(before);
  });

  it('says which scheme and network it settles, and who submits', () => {
    const supported = facilitator.getSupported();
    expect(supported.kinds).toEqual([{ x402Version: 2, scheme: 'exact', network: TOKEN.network }]);
    expect(Object.values(supported.signers).flat()).toHaveLength(1);
  });

  it('seeds a balance once: a restart never refills a spent wallet', async () => {
    const before = await ledger.balanceOf(funded.address);
    await ledger.seed(demoBalances());
    expect(await ledger.balanceOf(funded.address)).toBe(before);
    expect(privateKeyToAccount(generatePrivateKey()).address).not.toBe(funded.address);
  });
});
