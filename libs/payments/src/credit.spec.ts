import { encodePaymentRequired, insufficientCredit, x402PaymentRequired, type MeteredResource, type X402Settlement } from './credit';

const report: MeteredResource = {
  url: 'http://localhost:3000/v1/reports/credit_usage',
  description: 'Credit usage report',
  mimeType: 'application/json',
  credits: 2,
};
const settlement: X402Settlement = { network: 'eip155:84532', asset: '0xasset', payTo: '0xmerchant', unitsPerCredit: 10_000 };

describe('insufficientCredit', () => {
  it('is a 402-class invoice-style refusal decided by the gateway, saying what it costs and what is left', () => {
    const error = insufficientCredit(1, report);
    expect(error).toMatchObject({ type: 'invalid_request_error', code: 'insufficient_credit', origin: 'gateway' });
    expect(error.message).toContain('costs 2 credits');
    expect(error.message).toContain('balance is 1');
  });
});

describe('x402PaymentRequired', () => {
  it('has the x402 v2 shape: version, resource, and an exact-scheme requirement priced in token units', () => {
    const required = x402PaymentRequired(report, settlement);
    expect(required).toEqual({
      x402Version: 2,
      error: 'insufficient_credit',
      resource: { url: report.url, description: report.description, mimeType: 'application/json' },
      accepts: [
        {
          scheme: 'exact',
          network: 'eip155:84532',
          amount: '20000',
          asset: '0xasset',
          payTo: '0xmerchant',
          maxTimeoutSeconds: 60,
          extra: { name: 'USDC', version: '2' },
        },
      ],
    });
  });

  it('round-trips through the base64 header encoding', () => {
    const required = x402PaymentRequired(report, settlement);
    expect(JSON.parse(Buffer.from(encodePaymentRequired(required), 'base64').toString('utf8'))).toEqual(required);
  });
});
