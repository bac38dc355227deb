import { createPrng, hashSeed } from './prng.util';

describe('prng', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const a = createPrng(42);
    const b = createPrng(42);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(new Set(values).size).toBe(1000);
    expect(createPrng(43)()).not.toBe(values[0]);
  });

  it('hashes seed parts stably and tells them apart', () => {
    expect(hashSeed(1, 'a')).toBe(hashSeed(1, 'a'));
    expect(hashSeed(1, 'a')).not.toBe(hashSeed('1a'));
    expect(hashSeed(12, 3)).not.toBe(hashSeed(1, 23));
  });
});
