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
const bucketOf = (xs: readonly number[]) => build(xs).bucket();

/** An exact, Object.is-faithful text form of a tuple (the reference the map must agree with). */
const exact = (xs: readonly number[]) => xs.map((x) => (Object.is(x, -0) ? '-0' : String(x))).join(',');

describe('the exact-key map', () => {
  /** Tuples of three integers under 48 that share their bucket with another such tuple (55 pairs). */
  function collidingTuples(): number[][][] {
    const byBucket = new Map<number, number[][]>();
    for (let a = 0; a < 48; a++) for (let b = 0; b < 48; b++) for (let c = 0; c < 48; c++) {
      const h = bucketOf([a, b, c]);
      const list = byBucket.get(h);
      if (list) list.push([a, b, c]);
      else byBucket.set(h, [[a, b, c]]);
    }
    return [...byBucket.values()].filter((list) => list.length > 1);
  }
  const collidingGroups = collidingTuples();
  const colliding = collidingGroups.flat();

  it('keeps apart tuples that share a bucket', () => {
    expect(collidingGroups.length).toBeGreaterThan(10);
    const [a, b] = collidingGroups[0];
    expect(bucketOf(a)).toBe(bucketOf(b));
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

  // Tuples that share buckets, small integers, signed zeros, NaN and arbitrary doubles.
  const value = fc.oneof(fc.integer({ min: 0, max: 47 }), fc.constantFrom(0, -0, Number.NaN, 1e-9), fc.double());
  const tuple = fc.oneof(fc.constantFrom(...colliding), fc.array(value, { maxLength: 4 }));

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
