import { chargeEventId, newId } from './ids';

const BASE62 = /^[0-9A-Za-z]+$/;

describe('newId', () => {
  it.each(['ch', 'evt', 'auth'] as const)('starts with "%s_" followed by 24 base62 characters', (prefix) => {
    const id = newId(prefix);
    expect(id.startsWith(`${prefix}_`)).toBe(true);
    const random = id.slice(prefix.length + 1);
    expect(random).toHaveLength(24);
    expect(random).toMatch(BASE62);
  });

  it('keeps the length and alphabet over many ids, whatever bytes were rejected', () => {
    for (let i = 0; i < 2_000; i++) expect(newId('ch')).toMatch(/^ch_[0-9A-Za-z]{24}$/);
  });

  it('never repeats itself over 10,000 ids', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newId('evt')));
    expect(ids.size).toBe(10_000);
  });

  it('uses the whole base62 alphabet, not just a part of it', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1_000; i++) for (const character of newId('ch').slice(3)) seen.add(character);
    // 24,000 draws from 62 equally likely characters leave none unseen except with negligible probability.
    expect(seen.size).toBe(62);
  });
});

describe('chargeEventId', () => {
  it('is the same for the same charge and event type, so a redelivered charge announces one event', () => {
    expect(chargeEventId('ch_abc', 'charge.succeeded')).toBe(chargeEventId('ch_abc', 'charge.succeeded'));
    expect(chargeEventId('ch_abc', 'charge.succeeded')).toMatch(/^evt_[0-9A-Za-z]{24}$/);
  });

  it('differs between charges and between event types', () => {
    const ids = new Set([
      chargeEventId('ch_abc', 'charge.succeeded'),
      chargeEventId('ch_abc', 'charge.failed'),
      chargeEventId('ch_abd', 'charge.succeeded'),
    ]);
    expect(ids.size).toBe(3);
  });
});
