import { encodePacked, getAddress, keccak256, type Address, type Hex } from 'viem';
import type IORedis from 'ioredis';
import type { TokenDefinition, TransferAuthorization } from './token-rules';

/**
 * Moves `value` from KEYS[1]'s field ARGV[1] to ARGV[2] and marks the authorization (ARGV[4]) used,
 * in one step: the same authorization settles at most once, however many facilitator replicas race
 * for it, and a balance never goes below zero. The contract's revert messages, as on chain.
 */
const TRANSFER = `
if redis.call('HEXISTS', KEYS[2], ARGV[4]) == 1 then return {err = 'FiatTokenV2: authorization is used or canceled'} end
local balance = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if balance < tonumber(ARGV[3]) then return {err = 'ERC20: transfer amount exceeds balance'} end
redis.call('HINCRBY', KEYS[1], ARGV[1], '-' .. ARGV[3])
redis.call('HINCRBY', KEYS[1], ARGV[2], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[4], ARGV[5])
redis.call('HSET', KEYS[3], ARGV[5], cjson.encode({from = ARGV[1], to = ARGV[2], value = ARGV[3]}))
return ARGV[5]
`;

export interface LedgerTransfer {
  from: Address;
  to: Address;
  value: bigint;
}

/**
 * The token's state in Redis instead of on a chain: balances, used authorizations and the transfers
 * they made. Every facilitator replica reads and settles against the same ledger. Balances are
 * integers in token units (Redis' 64-bit integers: far above any demo balance).
 */
export class TokenLedger {
  private readonly keys: { balances: string; authorizations: string; transfers: string };

  constructor(
    private readonly redis: IORedis,
    readonly token: TokenDefinition,
  ) {
    // One hash tag per token, so the three keys of a transfer share a Redis Cluster slot.
    const tag = `{x402:${token.network}:${token.address.toLowerCase()}}`;
    this.keys = { balances: `${tag}:balances`, authorizations: `${tag}:authorizations`, transfers: `${tag}:transfers` };
  }

  async balanceOf(address: Address): Promise<bigint> {
    return BigInt((await this.redis.hget(this.keys.balances, getAddress(address))) ?? '0');
  }

  async authorizationUsed(authorizer: Address, nonce: Hex): Promise<boolean> {
    return (await this.redis.hexists(this.keys.authorizations, authorizationKey(authorizer, nonce))) === 1;
  }

  /** Gives each address its starting balance once: a restart never refills what was spent. */
  async seed(balances: readonly { address: Address; units: bigint }[]): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const { address, units } of balances) pipeline.hsetnx(this.keys.balances, getAddress(address), units.toString());
    await pipeline.exec();
  }

  /**
   * Settles `authorization`, whose signature and validity window the caller has checked, and returns
   * its transaction hash; throws the contract's revert message if it was used or is not covered.
   */
  async transfer(authorization: TransferAuthorization): Promise<Hex> {
    const from = getAddress(authorization.from);
    const transaction = this.transactionHashOf(authorization);
    await this.redis.eval(
      TRANSFER,
      3,
      this.keys.balances,
      this.keys.authorizations,
      this.keys.transfers,
      from,
      getAddress(authorization.to),
      authorization.value.toString(),
      authorizationKey(from, authorization.nonce),
      transaction,
    );
    return transaction;
  }

  /** The transfer a transaction made, if it is one of this ledger's. */
  async transferOf(transaction: Hex): Promise<LedgerTransfer | undefined> {
    const raw = await this.redis.hget(this.keys.transfers, transaction);
    if (!raw) return undefined;
    const { from, to, value } = JSON.parse(raw) as { from: Address; to: Address; value: string };
    return { from, to, value: BigInt(value) };
  }

  /** Deterministic, so a settle retried after a lost answer names the same transaction. */
  private transactionHashOf(authorization: TransferAuthorization): Hex {
    return keccak256(
      encodePacked(['string', 'address', 'address', 'bytes32'], [this.token.network, this.token.address, getAddress(authorization.from), authorization.nonce]),
    );
  }
}

const authorizationKey = (authorizer: Address, nonce: Hex): string => `${getAddress(authorizer)}:${nonce.toLowerCase()}`;
