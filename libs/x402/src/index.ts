export * from './demo-wallets';
export * from './facilitator';
export * from './ledger-chain';
export * from './refusal';
export * from './token-ledger';
export * from './token-rules';
