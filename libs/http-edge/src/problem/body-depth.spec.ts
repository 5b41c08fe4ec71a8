import { depthOf, MAX_BODY_DEPTH } from './body-depth';

describe('depthOf', () => {
  it.each<[string, unknown, number]>([
    ['a number', 1, 0],
    ['null', null, 0],
    ['a flat object', { amount: 1 }, 1],
    ['a webhook endpoint body', { enabled_events: ['*'] }, 2],
    ['nested objects', { a: { b: { c: 1 } } }, 3],
  ])('of %s is %d', (_case, value, depth) => {
    expect(depthOf(value)).toBe(depth);
  });

  it('measures 100,000 nested arrays without overflowing the stack, stopping past the limit', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(() => depthOf(deep)).not.toThrow();
    expect(depthOf(deep, MAX_BODY_DEPTH)).toBe(MAX_BODY_DEPTH + 1);
  });
});
