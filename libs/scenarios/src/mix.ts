import type { Scenario } from './scenario';

/**
 * mulberry32: a tiny, well-known seeded generator. A demo mix needs the same sequence for the same
 * seed on every machine, which Math.random cannot give, and nothing more, which a package would.
 */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` scenarios drawn from `from` (with repeats), the same ones for the same seed. */
export function randomMix(from: readonly Scenario[], count: number, seed: number): Scenario[] {
  const next = seeded(seed);
  return Array.from({ length: count }, () => from[Math.floor(next() * from.length)]);
}
