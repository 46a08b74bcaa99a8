import { describe, expect, it } from 'vitest';
import { FleetNetwork } from '../../../src/model/traffic/network.js';
import { onePool, runRequests, world } from './requestLevel/harness.js';

/**
 * Timeouts, backoff, per-service overrides, client retries, parallel calls and async queues at
 * request level, against closed forms worked here. The pools have far more servers than load (no
 * waiting), so a request's time is its sampled service times, round trips and pauses; service times
 * are exponential with rate μ. Tolerances: about four standard errors at these sample sizes.
 */
const rtts = (w: ReturnType<typeof world>) => {
  const net = new FleetNetwork(w.fleet, w.scenario);
  return { userS: net.userRttMs(0, 0) / 1000, ownS: net.rttMs(0, 0) / 1000 };
};
const wide = { pods: 8, concurrency: 16 }; // 128 servers for ~2 busy: no queue

/** Mean latency of a success at a hop of k attempts with per-try T, S ~ Exp(μ), backoff means b_n = base(2^n − 1)/2. */
function retriedMeanS(mu: number, T: number, k: number, baseS: number, maxS: number): { fail: number; attempts: number; meanS: number } {
  const p = Math.exp(-mu * T);
  const condS = 1 / mu - (T * p) / (1 - p); // E[S | S ≤ T]
  let success = 0;
  let weighted = 0;
  let attempts = 0;
  let before = 0;
  for (let j = 1; j <= k; j++) {
    const pj = Math.pow(p, j - 1) * (1 - p);
    success += pj;
    weighted += pj * before;
    attempts += Math.pow(p, j - 1);
    before += T + Math.min(maxS, baseS * (Math.pow(2, j) - 1)) / 2;
  }
  return { fail: 1 - success, attempts, meanS: condS + weighted / success };
}

describe('request level: per-try timeouts, retries on timeout, backoff (an override for calls into app)', () => {
  // μ = 50/s, T = 30 ms: an attempt times out with e^{−1.5} ≈ 0.223; 3 attempts fail with ≈ 0.011.
  const traffic = 'retries: { attempts: 1, services: [ { service: app, attempts: 3, retryOn: [timeout], perTryTimeout: 30ms, backoff: { base: 10ms, max: 100ms } } ] }';
  const w = world(onePool({ ratePerS: 100, ...wide, serviceTime: '{ exponential: { mean: 20ms } }', traffic, warmup: '0s' }));
  const { requests } = runRequests(w);
  const exact = retriedMeanS(50, 0.03, 3, 0.01, 0.1);

  it('failures p^k, all `timeout`; attempts per request 1 + p + p²; per-try timeouts p of the attempts', () => {
    expect(Math.abs(requests.failedRequests / requests.requests - exact.fail)).toBeLessThan(0.002);
    expect(requests.failedBy.timeout).toBe(requests.failedRequests);
    expect(Math.abs(requests.attempts.attempts / requests.requests - exact.attempts)).toBeLessThan(0.01);
    expect(Math.abs(requests.attempts.perTryTimeouts / requests.attempts.attempts - Math.exp(-1.5))).toBeLessThan(0.005);
  });

  it("successes' mean latency: E[S | S ≤ T] + earlier attempts' T + mean backoff pauses, within 2%", () => {
    const measured = requests.latency.mean() - rtts(w).userS;
    expect(Math.abs(measured - exact.meanS) / exact.meanS).toBeLessThan(0.02);
  });
});

describe('request level: overall timeout', () => {
  it('without retries a 25 ms timeout fails e^{−25/20} of requests (`timeout`), within ±0.006', () => {
    const w = world(onePool({ ratePerS: 100, ...wide, serviceTime: '{ exponential: { mean: 20ms } }', traffic: 'retries: { attempts: 1, timeout: 25ms }', warmup: '0s', horizon: '5m' }));
    const { requests } = runRequests(w);
    expect(Math.abs(requests.failedRequests / requests.requests - Math.exp(-1.25))).toBeLessThan(0.006);
    expect(requests.failedBy.timeout).toBe(requests.failedRequests);
  });
});

describe("request level: users' own retries (clientRetries)", () => {
  it('a client per-try timeout T counts the user round trip: attempts fail with e^{−μ(T − rtt)}, three attempts with its cube', () => {
    const probe = world(onePool({ ratePerS: 100, ...wide, serviceTime: '{ exponential: { mean: 20ms } }' }));
    const T = rtts(probe).userS + 0.03;
    const traffic = `clientRetries: { attempts: 3, retryOn: [timeout], perTryTimeout: ${Math.round(T * 1e6) / 1000}ms, backoff: { base: 10ms, max: 100ms } }`;
    const w = world(onePool({ ratePerS: 100, ...wide, serviceTime: '{ exponential: { mean: 20ms } }', traffic, warmup: '0s' }));
    const { requests } = runRequests(w);
    const p = Math.exp(-50 * 0.03);
    expect(Math.abs(requests.failedRequests / requests.requests - p ** 3)).toBeLessThan(0.003);
    // The server sees every client attempt: 1 + p + p² per request.
    expect(Math.abs(requests.attempts.attempts / requests.requests - (1 + p + p * p))).toBeLessThan(0.01);
  });
});

describe('request level: call shapes', () => {
  it('three parallel calls last as long as the slowest: E = S_app + rtt + (1 + 1/2 + 1/3)/μ, within 2%; sequential ones sum', () => {
    const par = world(onePool({ ratePerS: 100, ...wide, serviceTime: '{ exponential: { mean: 10ms } }', calls: '{ service: backend, callsPerRequest: 3, mode: parallel }', horizon: '5m' }));
    const seq = world(onePool({ ratePerS: 100, ...wide, serviceTime: '{ exponential: { mean: 10ms } }', calls: '{ service: backend, callsPerRequest: 3 }', horizon: '5m' }));
    const { userS, ownS } = rtts(par);
    const parallel = runRequests(par).requests.latency.mean() - userS;
    const sequential = runRequests(seq).requests.latency.mean() - userS;
    const exactParallel = 0.01 + ownS + (1 + 1 / 2 + 1 / 3) * 0.01;
    const exactSequential = 0.01 + 3 * (ownS + 0.01);
    expect(Math.abs(parallel - exactParallel) / exactParallel).toBeLessThan(0.02);
    expect(Math.abs(sequential - exactSequential) / exactSequential).toBeLessThan(0.02);
  });

  it('an async edge past its drain rate: backlog grows at λ − d to capacity, the rest dropped; ages t(1 − d/λ); users unaffected', () => {
    // λ = 100/s, d = 50/s, 120 s, capacity 5000: full at 100 s; dropped 50 × 120 − 5000 = 1000;
    // the last delivered message was put at 60 s (max age 60 s), the mean age over deliveries 30 s.
    const w = world(onePool({ ratePerS: 100, ...wide, serviceTime: '{ exponential: { mean: 10ms } }', calls: '{ service: backend, callsPerRequest: 1, mode: async, queue: { capacity: 5000, drainRate: 50/s } }', horizon: '2m', warmup: '0s' }));
    const { requests } = runRequests(w);
    const [q] = requests.asyncQueues;
    expect(q.edge).toBe('app→backend');
    expect(Math.abs(q.messages - 12000)).toBeLessThan(4 * Math.sqrt(12000));
    expect(q.maxBacklogMessages).toBe(5000);
    expect(Math.abs(q.droppedMessages - 1000)).toBeLessThan(500); // ± 4 sd of λH (Poisson) carried into the overflow
    expect(Math.abs(q.maxAgeS - 60) / 60).toBeLessThan(0.05);
    expect(Math.abs(q.meanAgeS - 30) / 30).toBeLessThan(0.05);
    expect(requests.availability).toBe(1);
    expect(Math.abs(requests.latency.mean() - rtts(w).userS - 0.01) / 0.01).toBeLessThan(0.03);
  });
});
