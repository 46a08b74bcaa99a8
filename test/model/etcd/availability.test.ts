import { describe, expect, it } from 'vitest';
import { quorumAvailability, steadyStateUp } from '../../../src/model/etcd/availability.js';

describe('k-of-n quorum availability', () => {
  it('matches the expanded polynomials: n=3 → 3p²−2p³, n=5 → 10p³(1−p)²+5p⁴(1−p)+p⁵', () => {
    for (const p of [0.5, 0.9, 0.99]) {
      expect(quorumAvailability(3, p)).toBeCloseTo(3 * p ** 2 - 2 * p ** 3, 12);
      expect(quorumAvailability(5, p)).toBeCloseTo(10 * p ** 3 * (1 - p) ** 2 + 5 * p ** 4 * (1 - p) + p ** 5, 12);
    }
    expect(quorumAvailability(1, 0.7)).toBeCloseTo(0.7, 12);
    // Even sizes add nothing: 4 members tolerate one failure, like 3, but have more to fail.
    expect(quorumAvailability(4, 0.9)).toBeLessThan(quorumAvailability(3, 0.9));
  });

  it('steady-state up fraction is MTBF / (MTBF + MTTR)', () => {
    expect(steadyStateUp(10, 2)).toBeCloseTo(10 / 12, 12);
    expect(() => steadyStateUp(0, 1)).toThrow();
  });
});
