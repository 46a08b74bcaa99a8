import { describe, expect, it } from 'vitest';
import { TrafficImpairments } from '../../../src/model/traffic/impairments.js';
import { attemptPolicy, type AttemptPolicy } from '../../../src/model/traffic/latencyAttempts.js';
import { LatencyDistribution } from '../../../src/model/traffic/latencyDistribution.js';
import { LatencyEstimates } from '../../../src/model/traffic/latencyEstimates.js';
import { LATENCY_SAMPLES, LatencyMonteCarlo, sampleSeeds } from '../../../src/model/traffic/latencyMonteCarlo.js';
import type { RetryOn } from '../../../src/scenario/specs/retries.js';
import { trafficParts, type TrafficParts } from './parts.js';

/**
 * One cluster; `api` alone (the entry service of the retry tests) and `web` fanning out to api
 * (the parallel test). Service times and call modes are put in by each test.
 */
function scenario(opts: { apiServiceTime: string; webCalls?: string; retries?: string }): string {
  return `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: attempts }
topology:
  regions: [ { name: us-east-1 } ]
clusters:
  - { name: c1, region: us-east-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 6 } ], controlPlane: { managed: { tier: eks-standard } } }
workload:
  services:
    - { name: web, replicas: 4, cpu: 500m, memory: 256Mi, concurrencyPerPod: 8, serviceTime: { constant: 1ms }, calls: [ ${opts.webCalls ?? ''} ] }
    - { name: api, replicas: 4, cpu: 500m, memory: 256Mi, concurrencyPerPod: 8, serviceTime: ${opts.apiServiceTime} }
  userRegions:
    - { name: users, near: us-east-1, rate: 10/s, entryService: web }
designs:
  - name: one
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { dns: {} }${opts.retries ?? ''} }
run: { horizon: 1h, seed: attempts }
`;
}

/** Every pool with servers, nobody waiting, nothing shed. */
function idlePools(parts: TrafficParts): void {
  for (const pool of parts.flow.pools) {
    pool.servers = 32;
    pool.offeredPerS = 1;
    pool.admittedPerS = 1;
    pool.pWait = 0;
    pool.waitRatePerS = Number.POSITIVE_INFINITY;
  }
}

function seeds(seed = 7): Uint32Array {
  let x = seed;
  return sampleSeeds(() => (x = (x * 9301 + 49297) % 233280) / 233280);
}

function policy(attempts: number, retryOn: RetryOn[], o: { perTryS?: number; timeoutS?: number; baseS: number; maxS: number; budget?: number }): AttemptPolicy {
  return attemptPolicy({ attempts, retryOn, perTryTimeoutS: o.perTryS, timeoutS: o.timeoutS, backoff: { baseS: o.baseS, maxS: o.maxS }, budgetRatio: o.budget, avoidPreviousHosts: 'none' })!;
}

/** Mean pause before retry n: half its bound min(max, base (2^n − 1)). */
const meanPauseS = (n: number, baseS: number, maxS: number) => Math.min(maxS, baseS * (2 ** n - 1)) / 2;

/**
 * api alone (10 ms), 40% of its endpoints dead, 4 attempts on dead endpoints with backoff (the max
 * binds from the second retry on: min(60, 75) ms). Worked independently: P(first success at j |
 * success) = d^(j−1)(1 − d)/(1 − d^k); latency 10 ms + the pauses before it (each uniform).
 */
function deadEndpointsWithBackoff() {
  const parts = trafficParts(scenario({ apiServiceTime: '{ constant: 10ms }' }));
  idlePools(parts);
  const api = parts.services.indexByName.get('api')!;
  const d = 0.4;
  parts.flow.deadEndpointShare[parts.group('api', 0)] = d;
  const k = 4;
  const baseS = 0.025;
  const maxS = 0.06;
  const policies = [undefined, policy(k, ['deadEndpoint'], { baseS, maxS })];
  const success = 1 - d ** k;
  let meanS = 0;
  let second = 0;
  for (let j = 1; j <= k; j++) {
    const w = (d ** (j - 1) * (1 - d)) / success;
    let pauses = 0;
    let variance = 0;
    for (let n = 1; n < j; n++) {
      pauses += meanPauseS(n, baseS, maxS);
      variance += (2 * meanPauseS(n, baseS, maxS)) ** 2 / 12;
    }
    meanS += w * (0.01 + pauses);
    second += w * (variance + (0.01 + pauses) ** 2);
  }
  return { parts, api, policies, success, meanS, sdS: Math.sqrt(second - meanS ** 2), atOnce: (1 - d) / success };
}

describe('latency with retries at one pool, against closed forms', () => {
  it('dead endpoints retried with backoff: a success at attempt j waits the j − 1 pauses before it', () => {
    const { parts, api, policies, success, meanS, sdS, atOnce } = deadEndpointsWithBackoff();
    const mc = new LatencyMonteCarlo(parts.services, parts.network, parts.flow.pools, parts.routes, undefined, { flow: parts.flow, policies });
    const r = mc.run(seeds(), api, { kind: 'cluster', cluster: 0 })!;
    expect(Math.abs(mc.lastSuccessShare - success)).toBeLessThan(4 * Math.sqrt((success * (1 - success)) / LATENCY_SAMPLES));
    expect(Math.abs(r.meanS - meanS)).toBeLessThan((4 * sdS) / Math.sqrt(LATENCY_SAMPLES));
    // The share that succeeded at once took exactly 10 ms: about (1 − d)/(1 − d^k) of the points.
    const exact = Array.from(r.points).filter((x) => Math.abs(x - 0.01) < 1e-12).length / r.points.length;
    expect(Math.abs(exact - atOnce)).toBeLessThan(0.03);
  });

  it('per-try timeouts retried: failed attempts take T each, the success is a service time below T', () => {
    const parts = trafficParts(scenario({ apiServiceTime: '{ exponential: { mean: 10ms } }' }));
    idlePools(parts);
    const api = parts.services.indexByName.get('api')!;
    const mu = 100;
    const T = 0.015;
    const k = 3;
    const baseS = 0.005;
    const maxS = 0.05;
    const policies = [undefined, policy(k, ['timeout'], { perTryS: T, baseS, maxS })];
    const mc = new LatencyMonteCarlo(parts.services, parts.network, parts.flow.pools, parts.routes, undefined, { flow: parts.flow, policies });
    const r = mc.run(seeds(), api, { kind: 'cluster', cluster: 0 })!;
    const p = Math.exp(-mu * T); // an attempt times out
    const belowT = 1 / mu - (T * p) / (1 - p); // E[R | R < T] of an exponential
    let expected = 0;
    for (let j = 1; j <= k; j++) {
      let pauses = 0;
      for (let n = 1; n < j; n++) pauses += meanPauseS(n, baseS, maxS);
      expected += ((p ** (j - 1) * (1 - p)) / (1 - p ** k)) * ((j - 1) * T + pauses + belowT);
    }
    // The tabulated exponential (1024 quantiles) and the Monte Carlo: within 2%.
    expect(Math.abs(mc.lastSuccessShare - (1 - p ** k))).toBeLessThan(0.004);
    expect(r.meanS / expected).toBeGreaterThan(0.98);
    expect(r.meanS / expected).toBeLessThan(1.02);
    expect(r.points[r.points.length - 1]).toBeLessThanOrEqual((k - 1) * T + meanPauseS(1, baseS, maxS) * 2 + meanPauseS(2, baseS, maxS) * 2 + T);
  });

  it('the overall timeout cuts the last attempt short and fails what does not fit', () => {
    const parts = trafficParts(scenario({ apiServiceTime: '{ exponential: { mean: 10ms } }' }));
    idlePools(parts);
    const api = parts.services.indexByName.get('api')!;
    const mu = 100;
    const T = 0.015;
    // No backoff: attempts at [0, 15), [15, 30) and [30, 35) ms.
    const policies = [undefined, policy(3, ['timeout'], { perTryS: T, timeoutS: 0.035, baseS: 0, maxS: 0 })];
    const mc = new LatencyMonteCarlo(parts.services, parts.network, parts.flow.pools, parts.routes, undefined, { flow: parts.flow, policies });
    const r = mc.run(seeds(), api, { kind: 'cluster', cluster: 0 })!;
    const p = Math.exp(-mu * T);
    const q = Math.exp(-mu * 0.005);
    const below = (t: number) => 1 / mu - (t * Math.exp(-mu * t)) / (1 - Math.exp(-mu * t));
    const success = 1 - p * p * q;
    const expected = ((1 - p) * below(T) + p * (1 - p) * (T + below(T)) + p * p * (1 - q) * (2 * T + below(0.005))) / success;
    expect(Math.abs(mc.lastSuccessShare - success)).toBeLessThan(0.004);
    expect(r.meanS / expected).toBeGreaterThan(0.98);
    expect(r.meanS / expected).toBeLessThan(1.02);
    expect(r.points[r.points.length - 1]).toBeLessThanOrEqual(0.035);
  });

  it('a retry budget makes each retry with the chance that holds attempts per request at 1/(1 − b)', () => {
    const parts = trafficParts(scenario({ apiServiceTime: '{ constant: 10ms }' }));
    idlePools(parts);
    const api = parts.services.indexByName.get('api')!;
    parts.flow.deadEndpointShare[parts.group('api', 0)] = 0.5;
    const policies = [undefined, policy(3, ['deadEndpoint'], { baseS: 0.01, maxS: 0.01, budget: 0.2 })];
    const mc = new LatencyMonteCarlo(parts.services, parts.network, parts.flow.pools, parts.routes, undefined, { flow: parts.flow, policies });
    mc.run(seeds(), api, { kind: 'cluster', cluster: 0 });
    // Worked by hand: with x = a·d, 1 + x + x² = 1/(1 − 0.2) = 1.25, so x = (√2 − 1)/2; success (1 − d)(1 + x + x²) = 0.625.
    expect(Math.abs(mc.lastSuccessShare - 0.625)).toBeLessThan(4 * Math.sqrt((0.625 * 0.375) / LATENCY_SAMPLES));
  });

  it('takes the design policy from the scenario (traffic.retries), the per-service override for calls into that service', () => {
    // web's own policy retries impaired answers only: api's dead endpoints, once api's two attempts failed, fail the request.
    const parts = trafficParts(
      scenario({
        apiServiceTime: '{ constant: 10ms }',
        webCalls: '{ service: api, callsPerRequest: 1 }',
        retries: ', retries: { attempts: 3, retryOn: [impaired], backoff: { base: 20ms, max: 20ms }, services: [ { service: api, attempts: 2, retryOn: [deadEndpoint] } ] }',
      }),
    );
    idlePools(parts);
    const web = parts.services.indexByName.get('web')!;
    const d = 0.5;
    parts.flow.deadEndpointShare[parts.group('api', 0)] = d;
    const mc = new LatencyMonteCarlo(parts.services, parts.network, parts.flow.pools, parts.routes, undefined, { flow: parts.flow });
    const r = mc.run(seeds(), web, { kind: 'cluster', cluster: 0 })!;
    expect(Math.abs(mc.lastSuccessShare - (1 - d * d))).toBeLessThan(0.02);
    // A third of the successes met a dead endpoint first (d(1 − d)/(1 − d²)) and paused uniform in [0, 20 ms]; a refused connect takes no time.
    const rttS = parts.network.rttMs(0, 0) / 1000;
    const expected = 0.001 + rttS + 0.01 + ((d * (1 - d)) / (1 - d * d)) * 0.01;
    expect(Math.abs(r.meanS - expected)).toBeLessThan(0.0005);
  });

  it("does not retry a call's failure at the caller's hop: the callee's hop retried it (request-path.md, rule 1)", () => {
    const parts = trafficParts(
      scenario({
        apiServiceTime: '{ constant: 10ms }',
        webCalls: '{ service: api, callsPerRequest: 1 }',
        retries: ', retries: { attempts: 2, retryOn: [deadEndpoint], avoidPreviousHosts: none }',
      }),
    );
    idlePools(parts);
    const web = parts.services.indexByName.get('web')!;
    parts.flow.deadEndpointShare[parts.group('api', 0)] = 0.5;
    const mc = new LatencyMonteCarlo(parts.services, parts.network, parts.flow.pools, parts.routes, undefined, { flow: parts.flow });
    mc.run(seeds(), web, { kind: 'cluster', cluster: 0 });
    // api's hop fails with (1/2)² = 1/4 (two attempts at dead endpoints); web's hop does not retry
    // that, so web succeeds 3/4 (retrying it there would give 1 − (1/4)² = 15/16).
    expect(Math.abs(mc.lastSuccessShare - 3 / 4)).toBeLessThan(0.01);
  });
});

describe('parallel calls', () => {
  it('a fan-out of three parallel calls waits E[max] of three exponentials, H_3 / μ', () => {
    const parts = trafficParts(scenario({ apiServiceTime: '{ exponential: { mean: 10ms } }', webCalls: '{ service: api, callsPerRequest: 3, mode: parallel }' }));
    idlePools(parts);
    const web = parts.services.indexByName.get('web')!;
    const mc = new LatencyMonteCarlo(parts.services, parts.network, parts.flow.pools, parts.routes);
    const r = mc.run(seeds(), web, { kind: 'cluster', cluster: 0 })!;
    const rttS = parts.network.rttMs(0, 0) / 1000;
    // Exact: E[max of n iid Exp(μ)] = (1 + 1/2 + … + 1/n)/μ.
    const expected = 0.001 + rttS + (1 + 1 / 2 + 1 / 3) * 0.01;
    expect(r.meanS / expected).toBeGreaterThan(0.98);
    expect(r.meanS / expected).toBeLessThan(1.02);
    // And P(max ≤ x) = (1 − e^(−μx))³: the median of the max at x = −ln(1 − 2^(−1/3))/μ.
    const medianS = 0.001 + rttS - Math.log(1 - 2 ** (-1 / 3)) * 0.01;
    expect(r.points[128] / medianS).toBeGreaterThan(0.97);
    expect(r.points[128] / medianS).toBeLessThan(1.03);
  });
});

describe('latency estimates with attempts', () => {
  it('key the dead-endpoint share only when attempts are drawn', () => {
    for (const retries of ['', ', retries: { attempts: 3 }']) {
      const parts = trafficParts(scenario({ apiServiceTime: '{ constant: 10ms }', webCalls: '{ service: api, callsPerRequest: 1 }', retries }));
      idlePools(parts);
      const s = seeds();
      const estimates = new LatencyEstimates(parts.services, parts.network, parts.flow.pools, parts.routes, { perUserRegion: [s], clusters: s }, undefined, parts.flow);
      const web = parts.services.indexByName.get('web')!;
      const first = estimates.forCluster(web, 0);
      parts.flow.deadEndpointShare[parts.group('api', 0)] = 0.3;
      const second = estimates.forCluster(web, 0);
      if (retries === '') expect(second).toBe(first);
      else {
        expect(second).not.toBe(first);
        expect(second.meanS).toBeGreaterThan(first.meanS); // retries after dead endpoints pause
      }
    }
  });

  it('key the error ratio and the shed share when attempts are drawn, in 0.1% steps', () => {
    const parts = trafficParts(scenario({ apiServiceTime: '{ constant: 10ms }', webCalls: '{ service: api, callsPerRequest: 1 }', retries: ', retries: { attempts: 2, retryOn: [impaired, shed] }' }));
    idlePools(parts);
    const s = seeds();
    const impairments = new TrafficImpairments(parts.services.indexByName, parts.network.clusterCount);
    const estimates = new LatencyEstimates(parts.services, parts.network, parts.flow.pools, parts.routes, { perUserRegion: [s], clusters: s }, impairments, parts.flow);
    const web = parts.services.indexByName.get('web')!;
    const first = estimates.forCluster(web, 0);
    impairments.errorRatio[parts.group('api', 0)] = 0.0004; // below half a step
    expect(estimates.forCluster(web, 0)).toBe(first);
    impairments.errorRatio[parts.group('api', 0)] = 0.2;
    const impaired = estimates.forCluster(web, 0);
    expect(impaired).not.toBe(first);
    parts.flow.shedShareOf[parts.group('api', 0)] = 0.1; // 10% shed (a retried shed puts the pool on the load flow's policy path, which says)
    expect(estimates.forCluster(web, 0)).not.toBe(impaired);
    expect(estimates.monteCarloRuns).toBe(3);
  });
});

/**
 * The computed distribution (latencyDistribution.ts) with retries and no timeout, against the same
 * closed forms, worked by hand: no sampling noise, so the tolerances are the lattice's (the tent rule
 * keeps every mean exact; a constant service time sits on the lattice or between two points).
 */
describe('the computed latency with retries and no timeout, against closed forms', () => {
  const computed = (parts: TrafficParts, policies?: (AttemptPolicy | undefined)[], impairments?: TrafficImpairments) =>
    new LatencyDistribution(parts.services, parts.network, parts.flow.pools, parts.routes, impairments, parts.flow, undefined, policies);

  it('dead endpoints retried with backoff: success 1 − d^k, and the mean of the successes exactly', () => {
    const { parts, api, policies, success, meanS, atOnce } = deadEndpointsWithBackoff();
    const distribution = computed(parts, policies);
    const r = distribution.run(api, { kind: 'cluster', cluster: 0 })!;
    expect(distribution.lastSuccessShare).toBeCloseTo(success, 9);
    expect(Math.abs(r.meanS - meanS) / meanS).toBeLessThan(1e-3);
    // (1 − d)/(1 − d^k) of the successes took 10 ms: the points below p(that share) sit at 10 ms within a lattice step.
    const below = Math.floor(atOnce * r.points.length) - 2;
    expect(Math.abs(r.points[below] - 0.01)).toBeLessThan(0.0005);
    expect(r.points[below + 4]).toBeGreaterThan(0.0105);
  });

  it('a retry budget: success (1 − d)(1 + x + x²) = 0.625 with x the budget-limited retry share', () => {
    const parts = trafficParts(scenario({ apiServiceTime: '{ constant: 10ms }' }));
    idlePools(parts);
    const api = parts.services.indexByName.get('api')!;
    parts.flow.deadEndpointShare[parts.group('api', 0)] = 0.5;
    const distribution = computed(parts, [undefined, policy(3, ['deadEndpoint'], { baseS: 0.01, maxS: 0.01, budget: 0.2 })]);
    distribution.run(api, { kind: 'cluster', cluster: 0 });
    expect(distribution.lastSuccessShare).toBeCloseTo(0.625, 9);
  });

  it('sheds retried after the round trip and errors after a served attempt; an unretried cause fails', () => {
    const parts = trafficParts(scenario({ apiServiceTime: '{ constant: 10ms }', webCalls: '{ service: api, callsPerRequest: 1 }' }));
    idlePools(parts);
    const web = parts.services.indexByName.get('web')!;
    const g = parts.group('api', 0);
    const shed = 0.2;
    const error = 0.1;
    parts.flow.pools[g].admittedPerS = 1 - shed; // not on the load flow's policy path (no retried shed): the pool sheds what it does not admit
    const impairments = new TrafficImpairments(parts.services.indexByName, parts.network.clusterCount);
    impairments.errorRatio[g] = error;
    const rttS = parts.network.rttMs(0, 0) / 1000;
    // Two attempts, errors retried, sheds not: an attempt succeeds with s = (1 − shed)(1 − error), is retried with e = (1 − shed)·error.
    const distribution = computed(parts, [undefined, policy(2, ['impaired'], { baseS: 0, maxS: 0 })], impairments);
    const r = distribution.run(web, { kind: 'cluster', cluster: 0 })!;
    const s = (1 - shed) * (1 - error);
    const e = (1 - shed) * error;
    expect(distribution.lastSuccessShare).toBeCloseTo(s + e * s, 9);
    // Success at once: 1 ms + rtt + 10 ms; after an error: twice rtt + 10 ms.
    const once = 0.001 + rttS + 0.01;
    expect(Math.abs(r.meanS - (s * once + e * s * (once + rttS + 0.01)) / (s + e * s))).toBeLessThan(2e-6);
  });

  it('agrees with the Monte Carlo on the policy from the scenario, with its per-service override', () => {
    const parts = trafficParts(
      scenario({
        apiServiceTime: '{ exponential: { mean: 10ms } }',
        webCalls: '{ service: api, callsPerRequest: 2 }',
        retries: ', retries: { attempts: 3, retryOn: [impaired], backoff: { base: 20ms, max: 30ms }, services: [ { service: api, attempts: 3, retryOn: [deadEndpoint], avoidPreviousHosts: all } ] }',
      }),
    );
    idlePools(parts);
    parts.pods.ready[parts.group('api', 0)] = 4;
    parts.pods.lost[parts.group('api', 0)] = 2;
    const web = parts.services.indexByName.get('web')!;
    parts.flow.deadEndpointShare[parts.group('api', 0)] = 0.333;
    const mc = new LatencyMonteCarlo(parts.services, parts.network, parts.flow.pools, parts.routes, undefined, { flow: parts.flow });
    const distribution = computed(parts);
    const exact = distribution.run(web, { kind: 'cluster', cluster: 0 })!;
    let share = 0;
    const points = new Float64Array(exact.points.length);
    for (let run = 0; run < 16; run++) {
      const r = mc.run(seeds(11 + run), web, { kind: 'cluster', cluster: 0 })!;
      share += mc.lastSuccessShare / 16;
      for (let j = 0; j < points.length; j++) points[j] += r.points[j] / 16;
    }
    // Avoiding dead hosts: 2 of 6 listed are dead; the third attempt meets none (deadShareAtAttempt), so every api call succeeds.
    expect(distribution.lastSuccessShare).toBeCloseTo(1, 9);
    expect(Math.abs(share - 1)).toBeLessThan(1e-12);
    for (const j of [32, 128, 192, 243]) expect(Math.abs(exact.points[j] - points[j]) / points[j], `point ${j}`).toBeLessThan(0.02);
  });
});
