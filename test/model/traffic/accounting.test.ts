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
    rates.failuresPerS = { unroutable: 0, deadEndpoint: 0.25, shed: 0.75, noReplica: 0 };
    rates.servedPerS[0] = 9;
    rates.interRegionBytesPerS[0] = 1000;
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
  });

  it('charges the stale clients their own failures as unroutable', () => {
    const { rates, l, outcome, staleCohort, setStaleS } = ledger(Number.NaN);
    rates.demandPerS[0] = 10;
    rates.successOnAnswer[0] = 1;
    rates.successOnStale[0] = 0; // the stale answer points at a dead cluster
    rates.failuresPerS = { unroutable: 1, deadEndpoint: 0, shed: 0, noReplica: 0 };
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
