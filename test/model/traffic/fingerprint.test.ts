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
