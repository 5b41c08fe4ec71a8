import { x402Client } from '@x402/core/client';
import { decodePaymentRequiredHeader, decodePaymentResponseHeader, decodePaymentSignatureHeader, encodePaymentSignatureHeader } from '@x402/core/http';
import { authorizationTypes } from '@x402/evm';
import { ExactEvmScheme } from '@x402/evm/exact/client';
import { wrapFetchWithPayment } from '@x402/fetch';
import { getAddress } from 'viem';
import { generatePrivateKey } from 'viem/accounts';
import { isConnected, verdictOf, type TraceSpan } from '@hoptrace/testing';
import { useSystem } from '@hoptrace/testing/jest';
import { demoWallet, TokenLedger, type DemoWalletName } from '@hoptrace/x402';

/**
 * x402 for real: the official client pays the gateway's 402 and retries; the facilitator verifies
 * and settles over the ledger in Redis; a payment it refuses is a 402 decided in the facilitator.
 */
const sut = useSystem('x402');
const ORIGIN = 'payment.required.origin';
// sk_test_readonly has no credit: every report it asks for must be paid.
const KEY = 'sk_test_readonly';
const PRICE = 10_000n;
const TOKEN = { network: 'eip155:84532', address: getAddress('0x036CbD53842c5426634e7929541eC2318f3dCF7e'), name: 'USDC', version: '2' } as const;

const reportUrl = () => `${sut.system.gatewayUrl}/v1/reports/credit_usage`;
const ledger = () => new TokenLedger(sut.redis, TOKEN);

/** @x402/fetch with a demo wallet, and the PAYMENT-SIGNATURE headers it sent, to replay them. */
function payingFetch(wallet: DemoWalletName) {
  const sent: string[] = [];
  const recording: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const signature = request.headers.get('payment-signature');
    if (signature) sent.push(signature);
    return fetch(request);
  };
  const client = new x402Client().register('eip155:*', new ExactEvmScheme(demoWallet(wallet)));
  return { pay: wrapFetchWithPayment(recording, client), sent };
}

const withKey = { headers: { authorization: `Bearer ${KEY}` } };
const sendSignature = (signature: string) =>
  fetch(reportUrl(), { headers: { authorization: `Bearer ${KEY}`, 'payment-signature': signature } });

async function deciders(traceId: string, service: string): Promise<TraceSpan[]> {
  const decided = (spans: TraceSpan[]) => spans.filter((span) => ORIGIN in span.tags);
  const spans = await sut.jaeger.waitForTrace(traceId, (found) => isConnected(found) && found.some((span) => span.service === service) && decided(found).length > 0, {
    timeoutMs: 30_000,
  });
  expect(verdictOf(spans)).toMatchObject({ status: 402, decidedBy: { service }, defects: [] });
  return decided(spans);
}

describe('a metered report paid with x402', () => {
  it('is paid by the official @x402/fetch client: 200, a decodable PAYMENT-RESPONSE, the price moved once even when the payment is sent again', async () => {
    const payer = demoWallet('funded').address;
    const before = await ledger().balanceOf(payer);
    const { pay, sent } = payingFetch('funded');

    const paid = await pay(reportUrl(), withKey);
    expect(paid.status).toBe(200);
    expect(await paid.json()).toMatchObject({ object: 'report', id: 'credit_usage' });
    const settlement = decodePaymentResponseHeader(paid.headers.get('payment-response') as string);
    expect(settlement).toMatchObject({ success: true, payer, network: TOKEN.network, transaction: expect.stringMatching(/^0x[0-9a-f]{64}$/) });
    expect(sent).toHaveLength(1);
    expect(await ledger().balanceOf(payer)).toBe(before - PRICE);

    const replayed = await sendSignature(sent[0]);
    expect(replayed.status).toBe(402);
    const body = (await replayed.json()) as Record<string, string>;
    expect(body).toMatchObject({ code: 'payment_refused', decline_code: 'invalid_exact_evm_nonce_already_used', origin: 'facilitator' });
    expect(decodePaymentRequiredHeader(replayed.headers.get('payment-required') as string)).toMatchObject({
      x402Version: 2,
      error: 'invalid_exact_evm_nonce_already_used',
      accepts: [{ scheme: 'exact', network: TOKEN.network, amount: PRICE.toString() }],
    });
    expect(await ledger().balanceOf(payer)).toBe(before - PRICE);
    expect(await deciders(body.trace_id, 'facilitator')).toEqual([
      expect.objectContaining({ service: 'facilitator', operationName: 'x402.verify', hasError: true }),
    ]);
  });

  const refusals: [string, DemoWalletName, (wallet: DemoWalletName) => Promise<string>, string][] = [
    ['a tampered signature', 'funded', async (wallet) => tamperSignature(await signedPayment(wallet)), 'invalid_exact_evm_signature'],
    ['an expired authorization', 'funded', expiredPayment, 'invalid_exact_evm_payload_authorization_valid_before'],
    ['an underfunded wallet', 'underfunded', signedPayment, 'invalid_exact_evm_insufficient_balance'],
  ];

  it.each(refusals)('refuses %s with a 402 decided in the facilitator, and moves nothing', async (_, wallet, payment, reason) => {
    const payer = demoWallet(wallet).address;
    const before = await ledger().balanceOf(payer);

    const answer = await sendSignature(await payment(wallet));
    expect(answer.status).toBe(402);
    const body = (await answer.json()) as Record<string, string>;
    expect(body).toMatchObject({ code: 'payment_refused', decline_code: reason, origin: 'facilitator' });
    expect(answer.headers.get('payment-required')).toEqual(expect.any(String));
    expect(await ledger().balanceOf(payer)).toBe(before);

    const decided = await deciders(body.trace_id, 'facilitator');
    expect(decided).toEqual([
      expect.objectContaining({ service: 'facilitator', hasError: true, tags: expect.objectContaining({ [ORIGIN]: 'facilitator', 'payment.decline_code': reason }) }),
    ]);
  });

  it('answers 503, never 402, while the facilitator is down, and takes nothing', async () => {
    const payer = demoWallet('funded').address;
    const before = await ledger().balanceOf(payer);
    const signature = await signedPayment('funded');
    await sut.system.stopService('facilitator');
    try {
      const answer = await sendSignature(signature);
      expect(answer.status).toBe(503);
      expect(await answer.json()).toMatchObject({ code: 'service_unavailable', origin: 'gateway' });
    } finally {
      await sut.system.start('facilitator');
    }
    expect(await ledger().balanceOf(payer)).toBe(before);
  });

  it('answers 400 to a PAYMENT-SIGNATURE header that is no payment', async () => {
    const answer = await sendSignature('not base64 json!');
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ code: 'parameter_invalid', param: 'PAYMENT-SIGNATURE', origin: 'gateway' });
  });
});

/** What the gateway asks for this report, from its 402. */
async function paymentRequired() {
  const probe = await fetch(reportUrl(), withKey);
  return decodePaymentRequiredHeader(probe.headers.get('payment-required') as string);
}

/** The PAYMENT-SIGNATURE header the official client makes for `wallet`, without sending it. */
async function signedPayment(wallet: DemoWalletName): Promise<string> {
  const client = new x402Client().register('eip155:*', new ExactEvmScheme(demoWallet(wallet)));
  return encodePaymentSignatureHeader(await client.createPaymentPayload(await paymentRequired()));
}

/**
 * A payment signed by the wallet's real key whose authorization ended a minute ago: the official
 * client never signs one, so it is signed here as EIP-3009 defines it.
 */
async function expiredPayment(wallet: DemoWalletName): Promise<string> {
  const [requirements] = (await paymentRequired()).accepts;
  const now = BigInt(Math.floor(Date.now() / 1000));
  const authorization = {
    from: demoWallet(wallet).address,
    to: getAddress(requirements.payTo),
    value: BigInt(requirements.amount),
    validAfter: now - 600n,
    validBefore: now - 60n,
    nonce: generatePrivateKey(),
  };
  const signature = await demoWallet(wallet).signTypedData({
    domain: { name: TOKEN.name, version: TOKEN.version, chainId: 84532, verifyingContract: TOKEN.address },
    types: authorizationTypes,
    primaryType: 'TransferWithAuthorization',
    message: authorization,
  });
  const asStrings = Object.fromEntries(Object.entries(authorization).map(([key, value]) => [key, String(value)]));
  return encodePaymentSignatureHeader({ x402Version: 2, accepted: requirements, payload: { authorization: asStrings, signature } });
}

const decoded = (signature: string) => decodePaymentSignatureHeader(signature) as unknown as { payload: { signature: string } };

function tamperSignature(signature: string): string {
  const payload = decoded(signature);
  const hex = payload.payload.signature;
  payload.payload.signature = `${hex.slice(0, 10)}${hex[10] === '0' ? '1' : '0'}${hex.slice(11)}`;
  return encodePaymentSignatureHeader(payload as never);
}
