import { getAddress } from 'viem';
import { decideTransfer, type TransferAuthorization } from './token-rules';

const FROM = getAddress('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
const OTHER = getAddress('0x70997970C51812dc3A010C7d01b50e0d17dc79C8');
const NOW = 1_800_000_000n;
const authorization: TransferAuthorization = {
  from: FROM,
  to: OTHER,
  value: 10_000n,
  validAfter: NOW - 600n,
  validBefore: NOW + 60n,
  nonce: `0x${'11'.repeat(32)}`,
};
const funded = { balanceOfFrom: 10_000n, nonceUsed: false };

describe('decideTransfer: the token contract’s own checks', () => {
  it('moves a covered, signed, unused authorization inside its window', () => {
    expect(decideTransfer(authorization, FROM, funded, NOW)).toEqual({ ok: true });
  });

  it.each<[string, Partial<TransferAuthorization>, typeof funded, string | undefined, bigint, string]>([
    ['not yet valid (validAfter is exclusive)', { validAfter: NOW }, funded, FROM, NOW, 'FiatTokenV2: authorization is not yet valid'],
    ['expired (validBefore is exclusive)', { validBefore: NOW }, funded, FROM, NOW, 'FiatTokenV2: authorization is expired'],
    ['used before', {}, { ...funded, nonceUsed: true }, FROM, NOW, 'FiatTokenV2: authorization is used or canceled'],
    ['signed by someone else', {}, funded, OTHER, NOW, 'FiatTokenV2: invalid signature'],
    ['signed by nobody', {}, funded, undefined, NOW, 'FiatTokenV2: invalid signature'],
    ['not covered by the balance', {}, { ...funded, balanceOfFrom: 9_999n }, FROM, NOW, 'ERC20: transfer amount exceeds balance'],
  ])('reverts an authorization %s', (_, fields, state, signer, now, revert) => {
    expect(decideTransfer({ ...authorization, ...fields }, signer as `0x${string}` | undefined, state, now)).toEqual({ ok: false, revert });
  });
});
