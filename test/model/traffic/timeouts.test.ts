import { describe, expect, it } from 'vitest';
import { exponential } from '../../../src/engine/distributions.js';
import { emptyTally } from '../../../src/model/traffic/loadFlow.js';
import { QuantileTable } from '../../../src/model/traffic/pool.js';
import { hopRetry, timedPoolOutcome, type PoolRetryOutcome } from '../../../src/model/traffic/retryModel.js';
import { attemptsWithin, maxBackoffS, timeoutShare } from '../../../src/model/traffic/timeouts.js';
import type { RetryOn } from '../../../src/scenario/specs/retries.js';
import { chainScenario, onePoolScenario, runTraffic, world } from './fixture.js';
import { trafficParts } from './parts.js';

/**
 * The exact M/M/c sojourn-time tail, worked here from its parts: an arrival waits with the Erlang C
 * probability C (computed below from the Erlang B recursion), then an exponential time of rate
 * α = cμ − λ; its service is exponential of rate μ. So P(R > t) = (1 − C)e^(−μt) + C·P(E_α + E_μ > t),
 * the hypoexponential tail P(E_α + E_μ > t) = (α e^(−μt) − μ e^(−αt)) / (α − μ).
 */
function sojournTail(t: number, lambda: number, mu: number, c: number): number {
  const a = lambda / mu;
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  const rho = a / c;
  const C = b / (1 - rho + rho * b);
  const alpha = c * mu - lambda;
  const hypo = Math.abs(alpha - mu) < 1e-9 ? (1 + mu * t) * Math.exp(-mu * t) : (alpha * Math.exp(-mu * t) - mu * Math.exp(-alpha * t)) / (alpha - mu);
  return (1 - C) * Math.exp(-mu * t) + C * hypo;
}

const policy = (o: { attempts?: number; retryOn?: RetryOn[]; perTryTimeoutS?: number; timeoutS?: number; budgetRatio?: number }) =>
  hopRetry({ attempts: o.attempts ?? 1, retryOn: o.retryOn ?? ['timeout'], budgetRatio: o.budgetRatio, perTryTimeoutS: o.perTryTimeoutS, timeoutS: o.timeoutS, backoff: { baseS: 0.025, maxS: 0.25 }, avoidPreviousHosts: 'none' })!;
const outcome = (): PoolRetryOutcome => ({ amplification: 0, liveAmplification: 0, success: 0, deadEndpoint: 0, shed: 0, impaired: 0 });

describe('per-try timeout share against the exact M/M/c sojourn tail', () => {
  // c = 10 servers, μ = 20/s; ρ = 0.6 and 0.9; T from the body to the far tail of R.
  const table = new QuantileTable(exponential(0.05));
  for (const lambda of [120, 180]) {
    it(`λ = ${lambda}/s on 10 servers: P(R > T) within 2% (relative) or 3e-4 (absolute)`, () => {
      const mu = 20;
      const c = 10;
      const a = lambda / mu;
      let b = 1;
      for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
      const pWait = b / (1 - a / c + (a / c) * b);
      for (const T of [0.02, 0.05, 0.1, 0.2, 0.3]) {
        const exact = sojournTail(T, lambda, mu, c);
        const got = timeoutShare(T, 0, 0, pWait, c * mu - lambda, table);
        // Error sources: the 1024-point quantile table's tail and the 48-point midpoint integral.
        expect(Math.abs(got - exact)).toBeLessThan(Math.max(0.02 * exact, 3e-4));
      }
    });
  }

  it('a fixed wait (an overload backlog) w: P(S > T − X − w); past T everything times out', () => {
    const table = new QuantileTable(exponential(0.05));
    expect(timeoutShare(1, 0.1, 0.75, 0, Infinity, table)).toBeCloseTo(Math.exp(-0.15 / 0.05), 3);
    expect(timeoutShare(1, 0, 1.2, 0, Infinity, table)).toBe(1);
    expect(timeoutShare(Infinity, 0, 5, 1, 1, table)).toBe(0);
  });
});

describe('retried timeouts in closed form (timedPoolOutcome)', () => {
  it('timeouts retried k times at share q: attempts (1 − q^k)/(1 − q), success 1 − q^k, the rest times out', () => {
    for (const [q, k] of [[0.1, 3], [0.5, 2], [0.8, 4]] as const) {
      const o = timedPoolOutcome(policy({ attempts: k, perTryTimeoutS: 1 }), 0, 0, 0, q, k, outcome());
      expect(o.amplification).toBeCloseTo((1 - q ** k) / (1 - q), 12);
      expect(o.liveAmplification).toBeCloseTo(o.amplification, 12); // timed-out attempts load the pods too
      expect(o.success).toBeCloseTo(1 - q ** k, 12);
      expect(o.timeout).toBeCloseTo(q ** k, 12);
    }
  });

  it('not retried, a timeout ends the request; impaired answers come only from attempts that did not time out', () => {
    const o = timedPoolOutcome(policy({ attempts: 3, retryOn: ['deadEndpoint'], perTryTimeoutS: 1 }), 0.1, 0.2, 0.3, 0.25, 3, outcome());
    // Attempt j: dead 0.1 (retried), shed 0.9 × 0.2, timeout 0.9 × 0.8 × 0.25, impaired 0.9 × 0.8 × 0.75 × 0.3.
    const amp = 1 + 0.1 + 0.01;
    expect(o.amplification).toBeCloseTo(amp, 12);
    expect(o.timeout).toBeCloseTo(amp * 0.9 * 0.8 * 0.25, 12);
    expect(o.impaired).toBeCloseTo(amp * 0.9 * 0.8 * 0.75 * 0.3, 12);
    expect(o.deadEndpoint).toBeCloseTo(0.001, 12);
    expect(o.success + o.deadEndpoint + o.shed + o.impaired + o.timeout!).toBeCloseTo(1, 12);
  });

  it('shed attempts retried: attempts (1 − q^k)/(1 − q) with q the shed share', () => {
    const o = timedPoolOutcome(policy({ attempts: 3, retryOn: ['shed'] }), 0, 0.4, 0, 0, 3, outcome());
    expect(o.amplification).toBeCloseTo((1 - 0.4 ** 3) / 0.6, 12);
    expect(o.shed).toBeCloseTo(0.4 ** 3, 12);
  });

  it('a 20% budget caps retried timeouts at 1.25 attempts per request', () => {
    const o = timedPoolOutcome(policy({ attempts: 3, perTryTimeoutS: 1, budgetRatio: 0.2 }), 0, 0, 0, 1, 3, outcome());
    expect(o.amplification).toBeCloseTo(1.25, 9);
    expect(o.timeout).toBeCloseTo(1, 12);
  });
});

describe('the overall timeout', () => {
  it('keeps the attempts whose worst case fits: T = 1 s, timeout 2.5 s, back-off 25 ms × (2^n − 1) → 3 of 5', () => {
    const retry = policy({ attempts: 5, perTryTimeoutS: 1, timeoutS: 2.5 });
    // Worked by hand: 1 + 0.025 = 1.025 (retry 1 starts); + 1 + 0.075 = 2.1 (retry 2); + 1 + 0.175 = 3.275 > 2.5.
    expect(maxBackoffS(retry.backoff, 3)).toBeCloseTo(0.175, 12);
    expect(attemptsWithin(retry, 0.05)).toBe(3);
    // Dead endpoints fail fast: only the pauses count, 0.025 + 0.075 + 0.175 + 0.25 = 0.525 s for all five.
    expect(attemptsWithin(policy({ attempts: 5, retryOn: ['deadEndpoint'], timeoutS: 1 }), 0.05)).toBe(5);
    expect(attemptsWithin(policy({ attempts: 5, retryOn: ['deadEndpoint'], timeoutS: 0.5 }), 0.05)).toBe(4);
  });

  it('a request whose last fitting attempt times out ends as a timeout: success 1 − q³, timeout q³ with 3 of 5 attempts', () => {
    const retry = policy({ attempts: 5, perTryTimeoutS: 1, timeoutS: 2.5 });
    const o = timedPoolOutcome(retry, 0, 0, 0, 0.5, 3, outcome());
    expect(o.amplification).toBeCloseTo(1.75, 12);
    expect(o.success).toBeCloseTo(0.875, 12);
    expect(o.timeout).toBeCloseTo(0.125, 12);
    // Cut short, a dead endpoint's retried failure also ends on the overall timeout.
    const d = timedPoolOutcome(policy({ attempts: 3, retryOn: ['deadEndpoint'], timeoutS: 1 }), 0.5, 0, 0, 0, 2, outcome());
    expect(d.timeout).toBeCloseTo(0.25, 12);
    expect(d.deadEndpoint).toBe(0);
  });
});

const onePool = (ratePerS: number, retries: string) => onePoolScenario({ ratePerS, traffic: `, retries: ${retries}` });

describe('timeouts in the fluid load flow', () => {
  function flowOf(lambda: number, retries: string) {
    const parts = trafficParts(onePool(lambda, retries));
    const g = parts.group('api', 0);
    parts.pods.ready[g] = 5;
    const entry = new Float64Array(parts.services.serviceCount * parts.network.clusterCount);
    entry[g] = lambda;
    const tally = emptyTally();
    parts.flow.begin([0], entry, [parts.services.indexByName.get('api')!]);
    parts.flow.forward([0], Uint8Array.of(1), tally, 'reset');
    parts.flow.backward([0]);
    return { parts, g, tally };
  }

  it('one attempt, T = 100 ms at ρ = 0.9: requests time out with the exact M/M/10 tail (within 2%)', () => {
    const { parts, g, tally } = flowOf(180, '{ attempts: 1, perTryTimeout: 100ms }');
    const exact = sojournTail(0.1, 180, 20, 10);
    expect(Math.abs(tally.timeout / 180 - exact) / exact).toBeLessThan(0.02);
    expect(parts.flow.successRatio[g]).toBeCloseTo(1 - tally.timeout / 180, 12);
    // Timed-out work still takes the pods: they serve all 180/s.
    expect(parts.flow.pools[g].admittedPerS).toBeCloseTo(180, 9);
  });

  it('timeouts retried 3 times: the pool carries the retries, its load and timeout share at their fixed point', () => {
    const { parts, g, tally } = flowOf(120, '{ attempts: 3, retryOn: [timeout], perTryTimeout: 100ms }');
    const pool = parts.flow.pools[g];
    const q = parts.flow.timeoutShareOf[g];
    // Self-consistent: the pool's load is λ (1 − q³)/(1 − q) and q is the exact M/M/10 tail at that load
    // (below the 95% shedding threshold, so nothing is shed).
    expect(pool.offeredPerS).toBeCloseTo((120 * (1 - q ** 3)) / (1 - q), 6);
    expect(pool.offeredPerS).toBeGreaterThan(130);
    expect(Math.abs(q - sojournTail(0.1, pool.offeredPerS, 20, 10)) / q).toBeLessThan(0.02);
    expect(tally.timeout).toBeCloseTo(120 * q ** 3, 6);
  });

  it('a whole run: failedBy.timeout carries them, availability is 1 − their share', () => {
    const t = runTraffic(world(onePool(180, '{ attempts: 1, perTryTimeout: 100ms }')), 0, 0).traffic!;
    const exact = sojournTail(0.1, 180, 20, 10);
    expect(Math.abs(t.failedBy.timeout / t.requests - exact) / exact).toBeLessThan(0.02);
    expect(t.failedBy.timeout).toBeCloseTo(t.failedRequests, 3);
  });
});

describe('timeouts count the synchronous calls\' time', () => {
  it('web → api (1.5 calls) → db (0.5): web\'s attempts time out on wait + service + its calls\' mean time, read from the callees\' pools', () => {
    const yaml = chainScenario({ ratePerS: 300 }).replace('traffic: { ingress: { dns: {} } }', 'traffic: { ingress: { dns: {} }, retries: { attempts: 1, perTryTimeout: 60ms } }');
    const parts = trafficParts(yaml);
    for (const [name, ready] of [['web', 6], ['api', 6], ['db', 3]] as const) parts.pods.ready[parts.group(name, 0)] = ready;
    const entry = new Float64Array(parts.services.serviceCount * parts.network.clusterCount);
    entry[parts.group('web', 0)] = 300;
    const tally = emptyTally();
    parts.flow.begin([0], entry, [parts.services.indexByName.get('web')!]);
    parts.flow.forward([0], Uint8Array.of(1), tally, 'reset');
    const { flow, services, network } = parts;
    const meanWait = (name: string) => {
      const p = flow.pools[parts.group(name, 0)];
      return p.pWait > 0 ? p.pWait / p.waitRatePerS : 0;
    };
    const rttS = network.rttMs(0, 0) / 1000;
    const mean = (name: string) => services.meanServiceS[services.indexByName.get(name)!];
    // Worked here: a db call, then an api call with its half db call, then web's one and a half api calls.
    const dbCallS = rttS + meanWait('db') + mean('db');
    const apiCallS = rttS + meanWait('api') + mean('api') + 0.5 * dbCallS;
    const webCallsS = 1.5 * apiCallS;
    const web = flow.pools[parts.group('web', 0)];
    const want = timeoutShare(0.06, webCallsS, 0, web.pWait, web.waitRatePerS, services.serviceTimeQuantilesS[services.indexByName.get('web')!]);
    expect(flow.timeoutShareOf[parts.group('web', 0)]).toBeCloseTo(want, 9);
    // Without the calls' time far fewer would time out: the calls matter.
    expect(want).toBeGreaterThan(2 * timeoutShare(0.06, 0, 0, web.pWait, web.waitRatePerS, services.serviceTimeQuantilesS[services.indexByName.get('web')!]));
    // api's and db's own attempts time out too; everything that did counts as a timeout.
    expect(tally.timeout).toBeGreaterThan(300 * want);
  });
});
