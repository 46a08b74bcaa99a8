import { describe, expect, it } from 'vitest';
import { StateFingerprint } from '../../../src/model/traffic/fingerprint.js';

const keyOf = (seed: number, xs: number[]) => {
  const fp = new StateFingerprint().start(seed, 7);
  for (const x of xs) fp.add(x);
  return fp.key();
};

describe('the state fingerprint', () => {
  it('gives equal keys for equal inputs and a safe integer key', () => {
    const key = keyOf(1, [0.25, 3, 1e-9]);
    expect(keyOf(1, [0.25, 3, 1e-9])).toBe(key);
    expect(Number.isSafeInteger(key)).toBe(true);
    expect(key).toBeGreaterThanOrEqual(0);
  });

  it('buckets equal tuples together, in a small non-negative integer, spreading small-integer tuples', () => {
    const bucketOf = (xs: number[]) => {
      const fp = new StateFingerprint().start(1, 7);
      for (const x of xs) fp.add(x);
      return fp.bucket();
    };
    expect(bucketOf([0.25, 3])).toBe(bucketOf([0.25, 3]));
    const buckets = new Set<number>();
    for (let a = 0; a < 40; a++) {
      for (let b = 0; b < 40; b++) {
        const h = bucketOf([a, b]);
        expect(Number.isInteger(h) && h >= 0 && h < 2 ** 30).toBe(true);
        buckets.add(h);
      }
    }
    // A shared bucket costs a tuple comparison, not a wrong result; still, they should be rare.
    expect(buckets.size).toBeGreaterThan(1600 * 0.99);
  });

  it('tells apart inputs that differ in one bit, in order, in length or in seed', () => {
    const base = keyOf(1, [0.25, 3, 1e-9]);
    const others = [
      keyOf(1, [0.25, 3, 1e-9 * (1 + Number.EPSILON)]),
      keyOf(1, [3, 0.25, 1e-9]),
      keyOf(1, [0.25, 3]),
      keyOf(1, [0.25, 3, 1e-9, 0]),
      keyOf(2, [0.25, 3, 1e-9]),
    ];
    for (const k of others) expect(k).not.toBe(base);
    expect(new Set(others).size).toBe(others.length);
    expect(keyOf(1, [0])).not.toBe(keyOf(1, [-0]));
  });

  it('tells apart every one-step change of any quantized pool wait in a ten-pool state', () => {
    // The per-cluster latency key: own RTT, then (P(wait) step, wait-rate step) per pool.
    const base = [0.5];
    for (let s = 0; s < 10; s++) base.push(4 * s, 4 * s > 0 ? 300 + s : -1);
    const keys = new Set([keyOf(9, base)]);
    for (let i = 1; i < base.length; i++) {
      for (const delta of [-1, 1]) {
        const changed = [...base];
        changed[i] += delta;
        keys.add(keyOf(9, changed));
      }
    }
    expect(keys.size).toBe(1 + 2 * (base.length - 1));
  });
});
