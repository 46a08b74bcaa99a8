import { describe, expect, it } from 'vitest';
import { createStream } from '../../../src/engine/rng.js';
import {
  attemptsToConsecutiveErrors,
  ejectionDurationS,
  inlineEjectionDelayS,
  inPanic,
  maxEjectableHosts,
  successRateOutliers,
} from '../../../src/model/traffic/outlierDetection.js';

describe('outlier detection closed forms', () => {
  it('a host failing every attempt is ejected after consecutive5xx attempts: threshold ÷ per-host rate', () => {
    expect(attemptsToConsecutiveErrors(5, 1)).toBe(5);
    expect(inlineEjectionDelayS(5, 1, 2)).toBe(2.5);
    expect(inlineEjectionDelayS(5, 1, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(inlineEjectionDelayS(5, 0, 100)).toBe(Number.POSITIVE_INFINITY);
  });

  it('at error ratio e the mean attempts to n errors in a row is (1 − eⁿ)/((1 − e)eⁿ), checked against simulated Bernoulli runs', () => {
    // Worked by hand: e = 1/2, n = 5 → (1 − 1/32)/(1/2 · 1/32) = 62; n = 1 → 1/e.
    expect(attemptsToConsecutiveErrors(5, 0.5)).toBeCloseTo(62, 12);
    expect(attemptsToConsecutiveErrors(1, 0.25)).toBeCloseTo(4, 12);
    // Monte Carlo with fleetsim's own stream: 20 000 runs, the mean within 3 standard errors.
    const rng = createStream('outlier', 0, 'runs');
    for (const [n, e] of [
      [5, 0.5],
      [3, 0.3],
    ] as const) {
      const runs = 20000;
      let sum = 0;
      let sumSq = 0;
      for (let r = 0; r < runs; r++) {
        let streak = 0;
        let attempts = 0;
        while (streak < n) {
          attempts++;
          streak = rng.next() < e ? streak + 1 : 0;
        }
        sum += attempts;
        sumSq += attempts * attempts;
      }
      const mean = sum / runs;
      const se = Math.sqrt((sumSq / runs - mean * mean) / runs);
      expect(Math.abs(mean - attemptsToConsecutiveErrors(n, e))).toBeLessThan(3 * se);
    }
  });

  it('max ejection percent rounds down but always allows one host (Envoy)', () => {
    expect(maxEjectableHosts(4, 10)).toBe(1); // 0.4 → at least one
    expect(maxEjectableHosts(20, 10)).toBe(2);
    expect(maxEjectableHosts(15, 10)).toBe(1);
    expect(maxEjectableHosts(4, 50)).toBe(2);
    expect(maxEjectableHosts(4, 0)).toBe(1);
    expect(maxEjectableHosts(0, 100)).toBe(0);
  });

  it('panic below minHealthPercent healthy; 0 never panics', () => {
    expect(inPanic(4, 3, 50)).toBe(true); // 25% healthy
    expect(inPanic(4, 2, 50)).toBe(false); // 50% is not below 50%
    expect(inPanic(4, 4, 0)).toBe(false);
  });

  it('the n-th ejection lasts n × baseEjectionTime', () => {
    expect([1, 2, 3].map((n) => ejectionDurationS(30, n))).toEqual([30, 60, 90]);
  });

  it('success rate: k impaired hosts of N are outliers iff k/N < 1/(1 + f²) (≈ 21.7% for f = 1.9), whatever their error ratio', () => {
    // With a share p of hosts at success 1 − e and the rest at 1: mean 1 − pe, stdev e√(p(1 − p));
    // 1 − e < mean − f·stdev ⇔ √(1 − p) > f√p ⇔ p < 1/(1 + f²).
    const bound = 1 / (1 + 1.9 ** 2);
    expect(bound).toBeCloseTo(0.2169, 4);
    for (const e of [0.01, 0.3, 1]) {
      expect(successRateOutliers([{ hosts: 2, successRatio: 1 - e }, { hosts: 8, successRatio: 1 }], 5, 1.9)[0]).toBe(true); // 20%
      expect(successRateOutliers([{ hosts: 3, successRatio: 1 - e }, { hosts: 7, successRatio: 1 }], 5, 1.9)[0]).toBe(false); // 30%
    }
    // Fewer hosts than success_rate_minimum_hosts: no statistics, no outlier.
    expect(successRateOutliers([{ hosts: 1, successRatio: 0 }, { hosts: 3, successRatio: 1 }], 5, 1.9)).toEqual([false, false]);
  });
});
