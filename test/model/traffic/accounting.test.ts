import { describe, expect, it } from 'vitest';
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
  const outcome = () => l.outcome(w.scenario, w.fleet, { evaluations: 0, latencyMonteCarloRuns: 0 });
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
    const o = l.outcome(w.scenario, w.fleet, { evaluations: 0, latencyMonteCarloRuns: 0 });
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
