import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExactKeyMap } from '../../../src/model/traffic/exactKeyMap.js';
import { FINGERPRINT_SEED1, FINGERPRINT_SEED2, StateFingerprint } from '../../../src/model/traffic/fingerprint.js';

const fp = new StateFingerprint();
function build(xs: readonly number[]): StateFingerprint {
  fp.start(FINGERPRINT_SEED1, FINGERPRINT_SEED2);
  for (const x of xs) fp.add(x);
  return fp;
}
const hashOf = (xs: readonly number[]) => build(xs).key();

/** An exact, Object.is-faithful text form of a tuple (the reference the map must agree with). */
const exact = (xs: readonly number[]) => xs.map((x) => (Object.is(x, -0) ? '-0' : String(x))).join(',');

describe('the exact-key map', () => {
  it('keeps apart tuples whose hashes collide', () => {
    // Small integers mix poorly: these two tuples share a hash.
    const a = [0, 0, 2];
    const b = [0, 2, 0];
    expect(hashOf(a)).toBe(hashOf(b));
    const map = new ExactKeyMap<string>();
    map.set(build(a), 'a');
    expect(map.get(build(b))).toBeUndefined();
    map.set(build(b), 'b');
    expect(map.get(build(a))).toBe('a');
    expect(map.get(build(b))).toBe('b');
    expect(map.size).toBe(2);
  });

  it('matches numbers as Object.is does and tuples by length', () => {
    const map = new ExactKeyMap<string>();
    map.set(build([0, Number.NaN]), 'zero');
    expect(map.get(build([-0, Number.NaN]))).toBeUndefined();
    expect(map.get(build([0, Number.NaN]))).toBe('zero');
    expect(map.get(build([0, Number.NaN, 0]))).toBeUndefined();
    map.clear();
    expect(map.size).toBe(0);
    expect(map.get(build([0, Number.NaN]))).toBeUndefined();
  });

  /** Tuples of three integers under 48 that share their hash with another such tuple (about 3% of them). */
  function collidingTuples(): number[][] {
    const byHash = new Map<number, number[][]>();
    for (let a = 0; a < 48; a++) for (let b = 0; b < 48; b++) for (let c = 0; c < 48; c++) {
      const h = hashOf([a, b, c]);
      const list = byHash.get(h);
      if (list) list.push([a, b, c]);
      else byHash.set(h, [[a, b, c]]);
    }
    return [...byHash.values()].filter((list) => list.length > 1).flat();
  }
  const colliding = collidingTuples();

  it('has colliding hashes to exercise (small integers mix poorly)', () => {
    expect(colliding.length).toBeGreaterThan(1000);
  });

  // Tuples that share hashes, small integers, signed zeros, NaN and arbitrary doubles.
  const value = fc.oneof(fc.integer({ min: 0, max: 47 }), fc.constantFrom(0, -0, Number.NaN, 1e-9), fc.double());
  const tuple = fc.oneof(fc.constantFrom(...colliding.slice(0, 200)), fc.array(value, { maxLength: 4 }));

  it('returns a value only for the exact tuple it was stored under (a hit implies equal keys)', () => {
    fc.assert(
      fc.property(fc.array(tuple, { maxLength: 200 }), fc.array(tuple, { maxLength: 50 }), (stored, probes) => {
        const map = new ExactKeyMap<number>();
        const reference = new Map<string, number>();
        stored.forEach((xs, i) => {
          const hit = map.get(build(xs));
          expect(hit).toBe(reference.get(exact(xs)));
          if (hit === undefined) {
            map.set(build(xs), i);
            reference.set(exact(xs), i);
          }
        });
        expect(map.size).toBe(reference.size);
        for (const xs of [...stored, ...probes]) expect(map.get(build(xs))).toBe(reference.get(exact(xs)));
      }),
      { numRuns: 300 },
    );
  });
});
