import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { TrafficLedger } from '../../../src/model/traffic/accounting.js';
import type { IngressHealth } from '../../../src/model/traffic/ingress.js';
import { TrafficRates } from '../../../src/model/traffic/rates.js';
import type { StaleCohort, UserAnswers } from '../../../src/model/traffic/routing.js';
import { chainScenario, world } from './fixture.js';

/** One user region, one cluster; the stale cohort and its integral are set by each test. */
function ledger(sloTarget: number) {
  const rates = new TrafficRates(1, 1);
  const staleCohort: (StaleCohort | null)[] = [null];
  let staleS = 0;
  const answers = { staleCohort } as unknown as UserAnswers;
  const ingress = { staleIntegral: () => staleS } as unknown as IngressHealth;
  const l = new TrafficLedger(rates, answers, ingress, 1, 1, sloTarget);
  const w = world(chainScenario({ ratePerS: 1 }));
  const outcome = () => l.outcome(w.scenario, w.fleet, { evaluations: 0, latencyEstimates: 0, daysRepeated: 0 });
  return { rates, l, outcome, staleCohort, setStaleS: (s: number) => (staleS = s) };
}

describe('the traffic ledger', () => {
  it('integrates the rates over the interval and attributes failures by cause', () => {
    const { rates, l, outcome } = ledger(0.999);
    rates.demandPerS[0] = 10;
    rates.successOnAnswer[0] = 0.9;
    rates.failuresPerS = { unroutable: 0, deadEndpoint: 0.25, shed: 0.75, noReplica: 0, impaired: 0, timeout: 0 };
    rates.servedPerS[0] = 9;
    rates.interRegionBytesPerS[0] = 1000;
    rates.crossClusterBytesPerS[0] = 1500;
    l.close(100, 200);
    l.close(200, 200); // empty interval: nothing
    const o = outcome();
    expect(o.requests).toBeCloseTo(1000, 9);
    expect(o.failedRequests).toBeCloseTo(100, 9);
    expect(o.failedBy.deadEndpoint).toBeCloseTo(25, 9);
    expect(o.failedBy.shed).toBeCloseTo(75, 9);
    expect(o.sloViolationMinutes).toBeCloseTo(100 / 60, 12); // 90% < 99.9% for the whole interval
    expect(o.errorBudgetUsedRatio).toBeCloseTo(100 / (0.001 * 1000), 6);
    expect(o.clusters[0].requestsServed).toBeCloseTo(900, 9);
    expect(o.bytes.interRegionBytes).toBeCloseTo(100_000, 6);
    expect(o.bytes.byCluster[0].crossClusterBytes).toBeCloseTo(150_000, 6);
  });

  it('charges the stale clients their own failures as unroutable', () => {
    const { rates, l, outcome, staleCohort, setStaleS } = ledger(Number.NaN);
    rates.demandPerS[0] = 10;
    rates.successOnAnswer[0] = 1;
    rates.successOnStale[0] = 0; // the stale answer points at a dead cluster
    rates.failuresPerS = { unroutable: 1, deadEndpoint: 0, shed: 0, noReplica: 0, impaired: 0, timeout: 0 };
    staleCohort[0] = { route: { clusters: [0], weights: [1] }, sinceS: 0 };
    setStaleS(30); // 30 client-seconds on the stale answer within [0, 60)
    l.close(0, 60);
    const o = outcome();
    expect(o.requests).toBeCloseTo(600, 9);
    expect(o.failedRequests).toBeCloseTo(300, 9);
    expect(o.failedBy.unroutable).toBeCloseTo(300, 9);
    expect(o.sloViolationMinutes).toBe(0); // no SLO
    expect(o.errorBudgetUsedRatio).toBeNaN();
  });

  it('weights latency estimates by successful requests, and forgets everything at the end of warm-up', () => {
    const { rates, l, outcome } = ledger(0.99);
    rates.demandPerS[0] = 10;
    rates.successOnAnswer[0] = 1;
    const fast = { id: 0, points: Float64Array.of(0.01, 0.01), meanS: 0.01 };
    const slow = { id: 1, points: Float64Array.of(0.1, 0.1), meanS: 0.1 };
    rates.latencyMix[0] = [{ result: fast, rttS: 0, share: 1 }];
    l.close(0, 300);
    rates.latencyMix[0] = [{ result: slow, rttS: 0.02, share: 1 }];
    l.close(300, 400);
    const o = outcome();
    // 3000 requests at 10 ms, 1000 at 120 ms: the median is fast, p95 slow (1% histogram buckets).
    expect(o.latency.p50S).toBeCloseTo(0.01, 3);
    expect(o.latency.p95S).toBeCloseTo(0.12, 2);
    expect(o.latency.meanS).toBeCloseTo(0.75 * 0.01 + 0.25 * 0.12, 3);
    l.reset();
    expect(outcome().requests).toBe(0);
    expect(outcome().byUserRegion[0].availability).toBe(1);
    rates.latencyMix[0] = [{ result: fast, rttS: 0, share: 1 }];
    l.close(400, 500);
    expect(outcome().latency.p99S).toBeCloseTo(0.01, 3); // the slow interval is forgotten
    expect(outcome().requests).toBeCloseTo(1000, 9);
  });

  it('keeps user RTTs of 10 s and more apart from the next estimate (no key collision)', () => {
    const { rates, l, outcome } = ledger(0.99);
    rates.demandPerS[0] = 10;
    rates.successOnAnswer[0] = 1;
    const a = { id: 0, points: Float64Array.of(0.01), meanS: 0.01 };
    const b = { id: 1, points: Float64Array.of(0.01), meanS: 0.01 };
    // id 0 at 12 s and id 1 at 2 s shared the key 12e6 before: the second merged into the first.
    rates.latencyMix[0] = [{ result: a, rttS: 12, share: 1 }];
    l.close(0, 100);
    rates.latencyMix[0] = [{ result: b, rttS: 2, share: 1 }];
    l.close(100, 200);
    const o = outcome();
    // Half the requests at 2.01 s, half at 12.01 s.
    expect(o.latency.p50S).toBeCloseTo(2.01, 1);
    expect(o.latency.p99S).toBeCloseTo(12.01, 0);
    expect(o.latency.meanS).toBeCloseTo(7.01, 1);
  });
});

describe('the ledger judges minutes against the SLO (user-felt recovery)', () => {
  it('splits an interval at constant rates evenly over the minutes it spans', () => {
    const { rates, l, outcome } = ledger(0.999);
    rates.demandPerS[0] = 10;
    rates.successOnAnswer[0] = 0.99;
    l.close(30, 200); // minutes 0–3 at 1% failures
    rates.successOnAnswer[0] = 1;
    l.close(200, 400); // minute 3: 20 s at 1% and 40 s clean = 0.33%: still bad; 4–6 clean
    const m = outcome().badMinutes;
    expect(m.runs).toEqual([0, 4]);
    expect(m.lastMinute).toBe(6);
    expect(m.criterion).toMatchObject({ source: 'slo', availabilityRatio: 0.999 });
  });

  it('without an SLO judges by the default success ratio (99.9%)', () => {
    const { rates, l, outcome } = ledger(Number.NaN);
    rates.demandPerS[0] = 10;
    rates.successOnAnswer[0] = 0.995;
    l.close(0, 60);
    rates.successOnAnswer[0] = 0.9995;
    l.close(60, 120);
    expect(outcome().badMinutes.runs).toEqual([0, 1]);
    expect(outcome().badMinutes.criterion.source).toBe('default');
  });

  it('integrates a draining stale cohort minute by minute: failures in minute 0 only stay in minute 0', () => {
    const rates = new TrafficRates(1, 1);
    const staleCohort: (StaleCohort | null)[] = [{ route: { clusters: [0], weights: [1] }, sinceS: 0 }];
    // Every client is on the stale answer (a dead cluster) for the first 30 s, none after.
    const ingress = { staleIntegral: (a: number, b: number) => Math.max(0, Math.min(b, 30) - Math.max(a, 0)) } as unknown as IngressHealth;
    const l = new TrafficLedger(rates, { staleCohort } as unknown as UserAnswers, ingress, 1, 1, 0.999);
    rates.demandPerS[0] = 10;
    rates.successOnAnswer[0] = 1;
    rates.successOnStale[0] = 0;
    l.close(0, 150);
    const w = world(chainScenario({ ratePerS: 1 }));
    const o = l.outcome(w.scenario, w.fleet, { evaluations: 0, latencyEstimates: 0, daysRepeated: 0 });
    expect(o.failedRequests).toBeCloseTo(300, 9);
    // Spread evenly over 150 s the failures would have made minutes 1 and 2 bad too.
    expect(o.badMinutes.runs).toEqual([0, 1]);
  });

  it('latency targets: minutes whose successes are too often slower than the bound are bad, per user region or all', () => {
    const { rates, l, outcome } = ledger(0.999);
    l.judgeMinutesBy({ source: 'slo', availabilityRatio: 0.999, latency: [{ maxS: 0.05, slowShareMax: 0.01, userRegion: 0 }] });
    rates.demandPerS[0] = 10;
    rates.successOnAnswer[0] = 1;
    const fast = { id: 0, points: Float64Array.of(0.01, 0.01, 0.02, 0.03), meanS: 0.02 };
    const mixed = { id: 1, points: Float64Array.of(0.01, 0.02, 0.03, 0.2), meanS: 0.06 };
    rates.latencyMix[0] = [{ result: fast, rttS: 0.01, share: 1 }];
    l.close(0, 120);
    rates.latencyMix[0] = [{ result: mixed, rttS: 0.01, share: 1 }]; // 25% slower than 50 ms
    l.close(120, 180);
    rates.latencyMix[0] = [{ result: fast, rttS: 0.03, share: 1 }]; // the RTT pushes 0.03 past the bound: 25% slow
    l.close(180, 240);
    rates.latencyMix[0] = [{ result: fast, rttS: 0.01, share: 1 }];
    l.close(240, 300);
    expect(outcome().badMinutes.runs).toEqual([2, 4]);
  });
});

/** Two user regions and one cluster; no stale clients. Region 0 sends 60/s, region 1 40/s unless a test says otherwise. */
function twoRegions(sloTarget: number) {
  const rates = new TrafficRates(2, 1);
  const staleCohort: (StaleCohort | null)[] = [null, null];
  const l = new TrafficLedger(rates, { staleCohort } as unknown as UserAnswers, { staleIntegral: () => 0 } as unknown as IngressHealth, 2, 1, sloTarget);
  const w = world(chainScenario({ ratePerS: 1 }).replace(/userRegions:\n(\s+)- \{ name: (\w+),([^\n]*)\n/, (_m, indent: string, name: string, rest: string) => `userRegions:\n${indent}- { name: ${name},${rest}\n${indent}- { name: ${name}-2,${rest}\n`));
  rates.demandPerS[0] = 60;
  rates.demandPerS[1] = 40;
  rates.successOnAnswer[0] = 1;
  rates.successOnAnswer[1] = 1;
  const outcome = () => l.outcome(w.scenario, w.fleet, { evaluations: 0, latencyEstimates: 0, daysRepeated: 0 });
  return { rates, l, outcome, w };
}

describe('the ledger judges each user region\'s minutes on its own requests', () => {
  it('the fixture has two user regions', () => {
    expect(twoRegions(0.999).w.scenario.workload.userRegions.length).toBe(2);
  });

  it('region 1 down for 7 whole minutes, region 0 fine: 7 and 0 minutes outside the SLO; all users together 7 (60% served)', () => {
    const { rates, l, outcome } = twoRegions(0.999);
    l.close(0, 600);
    rates.successOnAnswer[1] = 0; // minutes 10–16
    l.close(600, 1020);
    rates.successOnAnswer[1] = 1;
    l.close(1020, 3600);
    const o = outcome();
    expect(o.byUserRegion[1].minutesOutsideSlo).toBe(7);
    expect(o.byUserRegion[0].minutesOutsideSlo).toBe(0);
    expect(o.minutesOutsideSlo).toBe(7);
    // The existing figure is as before: time with the success ratio (60%) below the target.
    expect(o.sloViolationMinutes).toBeCloseTo(7, 12);
    // Budget: 40 × 420 failures against 0.1% of 40 × 3600 requests.
    expect(o.byUserRegion[1].errorBudgetUsedRatio).toBeCloseTo((40 * 420) / (0.001 * 40 * 3600), 9);
    expect(o.byUserRegion[0].errorBudgetUsedRatio).toBe(0);
  });

  it('a small region failing hides in the fleet-wide minutes: region 1 at 0.5% of requests fails 10% for 30 s in each of 5 minutes', () => {
    const { rates, l, outcome } = twoRegions(0.999);
    rates.demandPerS[0] = 199;
    rates.demandPerS[1] = 1;
    for (let m = 0; m < 5; m++) {
      rates.successOnAnswer[1] = 0.9;
      l.close(m * 60, m * 60 + 30);
      rates.successOnAnswer[1] = 1;
      l.close(m * 60 + 30, m * 60 + 60);
    }
    l.close(300, 600);
    const o = outcome();
    // Region 1: 5% of each of those minutes' requests failed (> 0.1%); all users: 0.025% (< 0.1%).
    expect(o.byUserRegion[1].minutesOutsideSlo).toBe(5);
    expect(o.byUserRegion[0].minutesOutsideSlo).toBe(0);
    expect(o.minutesOutsideSlo).toBe(0);
  });

  it('a partial minute counts its part of the window, and warm-up minutes do not count', () => {
    const { rates, l, outcome } = twoRegions(0.999);
    rates.successOnAnswer[1] = 0;
    l.close(0, 150); // minutes 0–2 bad for region 1 (minute 2 half failed)
    l.reset(); // warm-up ends at 150 s, inside the bad minute 2
    rates.successOnAnswer[1] = 1;
    l.close(150, 330);
    rates.successOnAnswer[1] = 0;
    l.close(330, 410); // minutes 5 (half) and 6 (the horizon ends 50 s into it)
    const o = outcome();
    // Minute 2 from 150 s (0.5 minute), minute 5 (1: half failed is still bad), minute 6 to 410 s (50/60).
    expect(o.byUserRegion[1].minutesOutsideSlo).toBeCloseTo(0.5 + 1 + 50 / 60, 12);
    expect(o.byUserRegion[0].minutesOutsideSlo).toBe(0);
  });

  it('a latency target of one region judges that region alone; an all-regions target each on its own successes', () => {
    const { rates, l, outcome } = twoRegions(0.999);
    // Target 0 covers region 1 only; target 1 covers every region.
    l.judgeMinutesBy({ source: 'slo', availabilityRatio: 0.999, latency: [{ maxS: 0.05, slowShareMax: 0.01, userRegion: 1 }, { maxS: 0.2, slowShareMax: 0.01, userRegion: -1 }] });
    const fast = { id: 0, points: Float64Array.of(0.01, 0.01, 0.02, 0.03), meanS: 0.02 };
    const slow = { id: 1, points: Float64Array.of(0.06, 0.07, 0.08, 0.09), meanS: 0.08 }; // over 50 ms, under 200 ms
    const slowest = { id: 2, points: Float64Array.of(0.3, 0.3, 0.3, 0.3), meanS: 0.3 }; // over 200 ms
    rates.latencyMix[0] = [{ result: fast, rttS: 0, share: 1 }];
    rates.latencyMix[1] = [{ result: fast, rttS: 0, share: 1 }];
    l.close(0, 120);
    rates.latencyMix[0] = [{ result: slow, rttS: 0, share: 1 }]; // region 0 has no 50 ms target: fine
    l.close(120, 240);
    rates.latencyMix[1] = [{ result: slow, rttS: 0, share: 1 }]; // region 1 misses its own 50 ms target (minutes 4–5)
    rates.latencyMix[0] = [{ result: fast, rttS: 0, share: 1 }];
    l.close(240, 360);
    rates.latencyMix[1] = [{ result: fast, rttS: 0, share: 1 }];
    rates.latencyMix[0] = [{ result: slowest, rttS: 0, share: 1 }]; // region 0 misses the 200 ms target (minute 6)
    l.close(360, 420);
    rates.latencyMix[0] = [{ result: fast, rttS: 0, share: 1 }];
    l.close(420, 600);
    const o = outcome();
    expect(o.byUserRegion[0].minutesOutsideSlo).toBe(1);
    expect(o.byUserRegion[1].minutesOutsideSlo).toBe(2);
    // All users: minutes 4–5 (region 1's target counts region 1's successes) and minute 6 (60% slow).
    expect(o.minutesOutsideSlo).toBe(3);
    expect(o.badMinutes.runs).toEqual([4, 7]);
  });

  it('a draining stale cohort of one region is integrated minute by minute for that region alone', () => {
    const rates = new TrafficRates(2, 1);
    // Region 1's clients are all on the stale answer (a dead cluster) for the first 30 s; region 0 has no stale clients.
    const staleCohort: (StaleCohort | null)[] = [null, { route: { clusters: [0], weights: [1] }, sinceS: 0 }];
    const ingress = { staleIntegral: (a: number, b: number) => Math.max(0, Math.min(b, 30) - Math.max(a, 0)) } as unknown as IngressHealth;
    const l = new TrafficLedger(rates, { staleCohort } as unknown as UserAnswers, ingress, 2, 1, 0.999);
    rates.demandPerS[0] = 10;
    rates.demandPerS[1] = 10;
    rates.successOnAnswer[0] = 1;
    rates.successOnAnswer[1] = 1;
    rates.successOnStale[1] = 0;
    l.close(0, 150);
    const { w } = twoRegions(0.999);
    const o = l.outcome(w.scenario, w.fleet, { evaluations: 0, latencyEstimates: 0, daysRepeated: 0 });
    expect(o.byUserRegion[1].failedRequests).toBeCloseTo(300, 9);
    // Spread evenly over 150 s the failures would have made minutes 1 and 2 bad too.
    expect(o.byUserRegion[1].minutesOutsideSlo).toBe(1);
    expect(o.byUserRegion[0].minutesOutsideSlo).toBe(0);
    expect(o.minutesOutsideSlo).toBe(1);
  });

  it('a region with no demand: no requests, no minute outside the SLO, no budget to use', () => {
    const { rates, l, outcome } = twoRegions(0.999);
    rates.demandPerS[1] = 0;
    rates.successOnAnswer[0] = 0.5;
    l.close(0, 300);
    const o = outcome();
    expect(o.byUserRegion[1].requests).toBe(0);
    expect(o.byUserRegion[1].minutesOutsideSlo).toBe(0);
    expect(o.byUserRegion[1].errorBudgetUsedRatio).toBeNull();
    expect(o.byUserRegion[0].minutesOutsideSlo).toBe(5);
  });

  it('without an SLO no region carries SLO figures (nor the fleet-wide minute count)', () => {
    const { rates, l, outcome } = twoRegions(Number.NaN);
    rates.successOnAnswer[1] = 0;
    l.close(0, 300);
    const o = outcome();
    expect(o.minutesOutsideSlo).toBeUndefined();
    expect(o.byUserRegion[1].minutesOutsideSlo).toBeUndefined();
    expect(o.byUserRegion[1].errorBudgetUsedRatio).toBeUndefined();
    // The fleet judge still judges by three nines for user-felt recovery.
    expect(o.badMinutes.runs).toEqual([0, 5]);
  });

  it('over random intervals: the regions\' budgets weighted by requests give the fleet-wide one, and a minute outside the SLO for all users is outside it for some region', () => {
    const rng = seedrandom('regional-minutes');
    for (let trial = 0; trial < 20; trial++) {
      const { rates, l, outcome } = twoRegions(0.995);
      l.judgeMinutesBy({ source: 'slo', availabilityRatio: 0.995, latency: [{ maxS: 0.05, slowShareMax: 0.05, userRegion: -1 }] });
      const est = [0, 1, 2].map((id) => ({ id, points: Float64Array.from({ length: 20 }, (_, k) => 0.005 * (k + 1) * (1 + id)), meanS: 0 }));
      let t = 0;
      while (t < 7200) {
        const dt = Math.min(7200 - t, 1 + Math.floor(rng() * 400));
        for (let u = 0; u < 2; u++) {
          rates.demandPerS[u] = rng() < 0.1 ? 0 : 1 + rng() * 100;
          rates.successOnAnswer[u] = rng() < 0.7 ? 1 : 0.95 + 0.05 * rng();
          rates.latencyMix[u] = [{ result: est[Math.floor(rng() * 3)], rttS: 0.01 * rng(), share: 1 }];
        }
        l.close(t, t + dt);
        t += dt;
      }
      const o = outcome();
      const weighted = o.byUserRegion.reduce((a, u) => a + (u.errorBudgetUsedRatio ?? 0) * u.requests, 0) / o.requests;
      expect(weighted).toBeCloseTo(o.errorBudgetUsedRatio, 9);
      const regional = o.byUserRegion.reduce((a, u) => a + u.minutesOutsideSlo!, 0);
      expect(o.minutesOutsideSlo!).toBeLessThanOrEqual(regional + 1e-9);
      expect(o.minutesOutsideSlo!).toBe(o.badMinutes.runs.reduce((a, x, k) => a + (k % 2 === 0 ? -x : x), 0));
    }
  });
});
