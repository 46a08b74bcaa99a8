import { describe, expect, it } from 'vitest';
import { callersFirstOrder, callsSucceed } from '../../../src/model/traffic/serviceModel.js';

describe('the call graph', () => {
  it('orders every service after all its callers', () => {
    // 0 → 2, 1 → 2, 2 → 3, 1 → 3
    const calls = [[{ service: 2 }], [{ service: 2 }, { service: 3 }], [{ service: 3 }], []];
    const order = callersFirstOrder(calls);
    expect(order).toEqual([0, 1, 2, 3]);
    expect(callersFirstOrder([[], [{ service: 0 }]])).toEqual([1, 0]);
  });

  it('rejects a cycle', () => {
    expect(() => callersFirstOrder([[{ service: 1 }], [{ service: 0 }]])).toThrow(/cycle/);
  });

  it('succeeds with E[q^N] for a fractional number of calls', () => {
    expect(callsSucceed(0.9, 1)).toBeCloseTo(0.9, 15);
    expect(callsSucceed(0.9, 2)).toBeCloseTo(0.81, 15);
    // 1.5 calls: one or two with equal probability.
    expect(callsSucceed(0.9, 1.5)).toBeCloseTo(0.5 * 0.9 + 0.5 * 0.81, 15);
    expect(callsSucceed(0, 0.25)).toBeCloseTo(0.75, 15);
    expect(callsSucceed(0.3, 0)).toBe(1);
  });
});
