import { describe, expect, it } from 'vitest';
import { sizePool, utilizationCap, waitQuantileS } from '../../../src/model/sizing/poolSizing.js';
import { mmcWaitQuantile } from '../../../src/model/queueing/erlangC.js';
import type { WaitBudget } from '../../../src/model/sizing/types.js';

const budget = (budgetS: number, percentile = 99): WaitBudget => ({ percentile, targetS: 1, userRegion: 'u', slackS: budgetS, visitsPerRequest: 1, budgetS });

describe('pool sizing', () => {
  it('gives the M/M/c wait quantile of the closed form for exponential service', () => {
    for (const [lambda, c] of [[700, 45], [35, 3], [90, 6], [1000, 60]] as const) {
      const load = { peakPerS: lambda, meanServiceS: 0.05, serviceTimeScv: 1, concurrencyPerPod: 1 };
      for (const p of [90, 99, 99.9]) {
        expect(waitQuantileS(load, c, p)).toBeCloseTo(mmcWaitQuantile({ arrivalRatePerS: lambda, serviceRatePerS: 20, servers: c }, p / 100), 12);
      }
    }
  });

  it('stretches the wait by (1 + cs²)/2 for a more variable service time (Allen–Cunneen, as the pool model does)', () => {
    const exp = { peakPerS: 700, meanServiceS: 0.05, serviceTimeScv: 1, concurrencyPerPod: 1 };
    const variable = { ...exp, serviceTimeScv: 3 };
    expect(waitQuantileS(variable, 40, 99)).toBeCloseTo(2 * waitQuantileS(exp, 40, 99), 12);
  });

  it('binds on utilization without budgets: the fewest servers with λ·E[S]/c ≤ 1 − headroom', () => {
    const s = sizePool({ peakPerS: 640, meanServiceS: 0.05, serviceTimeScv: 1, concurrencyPerPod: 4 }, 0.2, []);
    // a = 32 Erlangs; 32 / 0.8 = 40 exactly: 40 servers, not 41.
    expect(s).toMatchObject({ servers: 40, pods: 10, constraint: 'utilization', budget: undefined });
    expect(s.utilization).toBeCloseTo(0.8, 12);
  });

  it('never lets a pool run where the pool model sheds (95%), even with no headroom', () => {
    expect(utilizationCap(0)).toBe(0.95);
    expect(utilizationCap(0.2)).toBeCloseTo(0.8, 15);
    const s = sizePool({ peakPerS: 950, meanServiceS: 0.1, serviceTimeScv: 1, concurrencyPerPod: 1 }, 0, []);
    expect(s.servers).toBe(100);
  });

  it('binds on latency when the budget is tight: the smallest c whose p99 wait fits, and no smaller', () => {
    const load = { peakPerS: 700, meanServiceS: 0.05, serviceTimeScv: 1, concurrencyPerPod: 4 };
    const s = sizePool(load, 0.2, [budget(0.002)]);
    expect(s.constraint).toBe('latency');
    expect(waitQuantileS(load, s.servers, 99)).toBeLessThanOrEqual(0.002);
    expect(waitQuantileS(load, s.servers - 1, 99)).toBeGreaterThan(0.002);
    expect(s.pods).toBe(Math.ceil(s.servers / 4));
    // A loose budget changes nothing.
    expect(sizePool(load, 0.2, [budget(10)]).constraint).toBe('utilization');
  });

  it('raises the pods to the minimum per cluster and says so', () => {
    const load = { peakPerS: 640, meanServiceS: 0.05, serviceTimeScv: 1, concurrencyPerPod: 4 };
    expect(sizePool(load, 0.2, [], 12)).toMatchObject({ servers: 40, pods: 12, constraint: 'minimum' });
    expect(sizePool(load, 0.2, [], 10)).toMatchObject({ pods: 10, constraint: 'utilization' });
    expect(sizePool({ ...load, peakPerS: 0 }, 0.2, [], 3)).toMatchObject({ pods: 3, constraint: 'minimum' });
  });

  it('keeps one pod where nothing arrives', () => {
    expect(sizePool({ peakPerS: 0, meanServiceS: 0.05, serviceTimeScv: 1, concurrencyPerPod: 4 }, 0.2, [budget(0.01)])).toMatchObject({ pods: 1, servers: 0, constraint: 'minimum' });
  });

  it('more headroom or a tighter budget never needs fewer servers', () => {
    const load = { peakPerS: 333, meanServiceS: 0.02, serviceTimeScv: 1.7, concurrencyPerPod: 3 };
    let last = 0;
    for (const h of [0, 0.1, 0.2, 0.4, 0.6, 0.8]) {
      const c = sizePool(load, h, [budget(0.003)]).servers;
      expect(c).toBeGreaterThanOrEqual(last);
      last = c;
    }
    last = 0;
    for (const b of [0.1, 0.01, 0.003, 0.001, 0.0001]) {
      const c = sizePool(load, 0.2, [budget(b)]).servers;
      expect(c).toBeGreaterThanOrEqual(last);
      last = c;
    }
  });
});
