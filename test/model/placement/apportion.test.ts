import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportion } from '../../../src/model/placement/apportion.js';

describe('largest-remainder apportionment', () => {
  it('hand-worked splits', () => {
    // 10 by 2:1:1 → quotas 5, 2.5, 2.5 → the tie between b and c goes to the smaller name.
    expect(Array.from(apportion(10, [2, 1, 1], ['a', 'b', 'c']))).toEqual([5, 3, 2]);
    expect(Array.from(apportion(10, [2, 1, 1], ['a', 'z', 'c']))).toEqual([5, 2, 3]);
    // 7 by 1:1:1 → 2.33 each; one unit left over goes to the first name.
    expect(Array.from(apportion(7, [1, 1, 1], ['x', 'y', 'w']))).toEqual([2, 2, 3]);
    // 11 by 6:6:2 → quotas 4.714, 4.714, 1.571; floors leave 2 units for the two largest remainders.
    expect(Array.from(apportion(11, [6, 6, 2], ['a', 'b', 'c']))).toEqual([5, 5, 1]);
    expect(Array.from(apportion(0, [3, 4], ['a', 'b']))).toEqual([0, 0]);
    expect(Array.from(apportion(5, [0, 4], ['a', 'b']))).toEqual([0, 5]);
  });

  it('rejects what it cannot split exactly', () => {
    expect(() => apportion(3, [0, 0], ['a', 'b'])).toThrow(/all weights are zero/);
    expect(() => apportion(3, [1.5, 1], ['a', 'b'])).toThrow(/integers/);
    expect(() => apportion(-1, [1], ['a'])).toThrow(/total/);
  });

  it('stays exact near the 2^53 limit, where remainders differ by 2^-26 of a unit', () => {
    const total = 2 ** 26 - 1;
    // Quotas: total − (0.5 − 2^-27) and 0.5 − 2^-27: the first remainder is 0.5 + 2^-27 and wins.
    const shares = apportion(total, [2 ** 27 - 1, 1], ['b', 'a']);
    expect(Array.from(shares)).toEqual([total, 0]);
    expect(() => apportion(2 ** 26, [2 ** 27, 1], ['a', 'b'])).toThrow(/too large/);
  });

  it('property: sums exactly, each share is floor or ceil of its quota, and larger remainders win', () => {
    const arb = fc
      .array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 12 })
      .filter((w) => w.some((x) => x > 0))
      .chain((w) => fc.tuple(fc.constant(w), fc.integer({ min: 0, max: 10_000 })));
    fc.assert(
      fc.property(arb, ([weights, total]) => {
        const names = weights.map((_, i) => `c${String(i).padStart(2, '0')}`);
        const shares = apportion(total, weights, names);
        const sum = weights.reduce((a, b) => a + b, 0);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
        const rem = weights.map((w) => (total * w) % sum);
        const up = weights.map((w, i) => shares[i] - Math.floor((total * w) / sum));
        for (const u of up) expect(u === 0 || u === 1).toBe(true);
        // Every rounded-up share has a remainder at least as large as every rounded-down one.
        for (let i = 0; i < weights.length; i++)
          for (let j = 0; j < weights.length; j++)
            if (up[i] === 1 && up[j] === 0) expect(rem[i] > rem[j] || (rem[i] === rem[j] && i < j)).toBe(true);
        // Deterministic.
        expect(Array.from(apportion(total, weights, names))).toEqual(Array.from(shares));
      }),
      { numRuns: 500, seed: 42 },
    );
  });
});
