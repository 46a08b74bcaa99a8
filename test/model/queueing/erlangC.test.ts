import { describe, expect, it } from 'vitest';
import { erlangB, erlangC, mmcMetrics, mmcWaitExceedance, mmcWaitQuantile } from '../../../src/model/queueing/erlangC.js';

describe('Erlang formulas against independent closed forms', () => {
  it('M/M/1: P(wait) = ρ and Wq = ρ/(μ − λ)', () => {
    const m = mmcMetrics({ arrivalRatePerS: 0.8, serviceRatePerS: 1, servers: 1 });
    expect(m.pWait).toBeCloseTo(0.8, 12);
    expect(m.meanWaitS).toBeCloseTo(0.8 / 0.2, 10);
    expect(m.meanQueueLength).toBeCloseTo(0.64 / 0.2, 10); // Lq = ρ²/(1−ρ)
  });

  it('M/M/2: P(wait) = 2ρ²/(1 + ρ)', () => {
    const rho = 0.75;
    const m = mmcMetrics({ arrivalRatePerS: 1.5, serviceRatePerS: 1, servers: 2 });
    expect(m.pWait).toBeCloseTo((2 * rho * rho) / (1 + rho), 12);
  });

  it('Erlang B matches published table values', () => {
    // Erlang B tables: A = 10 Erlangs, N = 10 → 0.2146; A = 5, N = 10 → 0.01838.
    expect(erlangB(10, 10)).toBeCloseTo(0.2146, 4);
    expect(erlangB(5, 10)).toBeCloseTo(0.01838, 5);
  });

  it('Erlang C is 1 for an unstable queue and the wait distribution is consistent', () => {
    expect(erlangC(12, 10)).toBe(1);
    const p = { arrivalRatePerS: 9, serviceRatePerS: 1, servers: 10 };
    const c = mmcMetrics(p).pWait;
    expect(mmcWaitExceedance(p, 0)).toBeCloseTo(c, 12);
    const q99 = mmcWaitQuantile(p, 0.99);
    expect(mmcWaitExceedance(p, q99)).toBeCloseTo(0.01, 12);
    expect(mmcWaitQuantile(p, 1 - c - 0.01)).toBe(0);
    expect(mmcMetrics({ arrivalRatePerS: 11, serviceRatePerS: 1, servers: 10 }).meanWaitS).toBe(Number.POSITIVE_INFINITY);
  });

  it('rejects impossible parameters', () => {
    expect(() => mmcMetrics({ arrivalRatePerS: 1, serviceRatePerS: 0, servers: 1 })).toThrow(/service rate/);
    expect(() => mmcMetrics({ arrivalRatePerS: 1, serviceRatePerS: 1, servers: 1.5 })).toThrow(/servers/);
  });
});
