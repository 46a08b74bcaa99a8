import { describe, expect, it } from 'vitest';
import { TrafficImpairments } from '../../../src/model/traffic/impairments.js';
import { attemptPolicy, type AttemptPolicy } from '../../../src/model/traffic/latencyAttempts.js';
import { LatencyDistribution } from '../../../src/model/traffic/latencyDistribution.js';
import { LATENCY_POINTS, LatencyMonteCarlo, sampleSeeds, type LatencyEstimate, type RequestOrigin } from '../../../src/model/traffic/latencyMonteCarlo.js';
import { trafficParts, type TrafficParts } from './parts.js';
import { erlangC, generator, meshTreeYaml as meshYaml } from './samplerFixture.js';

/**
 * The computed latency distribution against two things it did not produce: the M/M/c sojourn time's
 * closed form (Gross & Harris: the response time of an M/M/c FCFS queue is an exponential service
 * plus, with probability C(c, a) — Erlang C — an exponential wait of rate cμ − λ), and the latency
 * Monte Carlo (an independent implementation of the same model: it samples requests one by one)
 * pooled over 48 independent seeds (393,216 requests) on random states of a mesh with sequential,
 * fractional and parallel calls across three regions.
 */


const queueYaml = (mean: string) => `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: mmc }
topology: { regions: [ { name: eu-west-1 } ] }
clusters:
  - { name: eu, region: eu-west-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 6 } ], controlPlane: { managed: { tier: eks-standard } } }
workload:
  services:
    - { name: api, replicas: 2, cpu: 250m, memory: 256Mi, concurrencyPerPod: 4, serviceTime: { exponential: { mean: ${mean} } } }
  userRegions:
    - { name: europe, near: eu-west-1, rate: 100/s, entryService: api }
designs:
  - { name: one, placement: { default: { replicaScheduling: duplicated } }, traffic: { ingress: { dns: {} } } }
run: { horizon: 1h, seed: mmc }
`;



/** Values the fingerprint keeps exactly (P(wait) in steps of 1/400, the wait rate in steps of 1% of its log, added latency in µs). */
function quantizedPool(pool: { pWait: number; waitRatePerS: number; extraLatencyS: number; servers: number }, pWait: number, rate: number, extraS: number): void {
  pool.servers = 16;
  pool.pWait = Math.round(pWait * 400) / 400;
  pool.waitRatePerS = Math.exp(Math.round(Math.log(rate) * 100) / 100);
  pool.extraLatencyS = Math.round(extraS * 1e6) / 1e6;
}

/** Pods in random clusters (each service somewhere), random waits and added latencies, at values the fingerprint keeps. */
function randomState(parts: TrafficParts, rand: () => number): void {
  for (const name of ['web', 'api', 'db', 'cache', 'audit']) {
    const home = Math.floor(rand() * 3);
    for (let c = 0; c < 3; c++) parts.pods.ready[parts.group(name, c)] = c === home || rand() < 0.4 ? 1 + Math.floor(rand() * 5) : 0;
  }
  parts.routes.clear();
  for (const pool of parts.flow.pools) quantizedPool(pool, rand() < 0.3 ? 0 : rand(), 20 + 500 * rand(), rand() < 0.7 ? 0 : 0.01 * rand());
}

/** The Monte Carlo's quantile points and mean averaged over `runs` independent seeds. */
function pooledMonteCarlo(mc: LatencyMonteCarlo, entry: number, origin: RequestOrigin, runs: number, seed: number): LatencyEstimate {
  const rand = generator(seed);
  const points = new Float64Array(LATENCY_POINTS);
  let meanS = 0;
  for (let r = 0; r < runs; r++) {
    const e = mc.run(sampleSeeds(rand), entry, origin)!;
    for (let j = 0; j < LATENCY_POINTS; j++) points[j] += e.points[j] / runs;
    meanS += e.meanS / runs;
  }
  return { points, meanS };
}

/** What attempts meet, at values the fingerprint keeps (0.1% steps): dead endpoints (some listed but dead), sheds, errors. */
function randomOutcomes(parts: TrafficParts, impairments: TrafficImpairments, rand: () => number): void {
  const step = (x: number) => Math.round(x * 1000) / 1000;
  for (let g = 0; g < parts.flow.pools.length; g++) {
    const pool = parts.flow.pools[g];
    parts.pods.lost[g] = rand() < 0.4 ? 1 + Math.floor(rand() * 3) : 0;
    parts.flow.deadEndpointShare[g] = parts.pods.lost[g] > 0 ? step(parts.pods.lost[g] / (parts.pods.lost[g] + Math.max(1, parts.pods.ready[g]))) : 0;
    const shed = rand() < 0.4 ? step(0.2 * rand()) : 0;
    parts.flow.shedShareOf[g] = shed; // on the load flow's policy path (a retried shed) the flow says
    pool.offeredPerS = 1;
    pool.admittedPerS = 1 - shed; // elsewhere the pool sheds what it does not admit
    impairments.errorRatio[g] = rand() < 0.4 ? step(0.2 * rand()) : 0;
  }
}

/** A random policy per service (or none): 2–4 attempts, some of dead endpoints, sheds and errors retried, backoff, budget and host avoidance. */
function randomPolicies(services: number, rand: () => number): (AttemptPolicy | undefined)[] {
  return Array.from({ length: services }, () => {
    if (rand() < 0.25) return undefined;
    const retryOn = (['deadEndpoint', 'shed', 'impaired'] as const).filter(() => rand() < 0.6);
    const baseS = 0.005 + 0.03 * rand();
    return attemptPolicy({
      attempts: 2 + Math.floor(rand() * 3),
      retryOn: retryOn.length > 0 ? retryOn : ['deadEndpoint'],
      perTryTimeoutS: undefined,
      timeoutS: undefined,
      backoff: { baseS, maxS: baseS * (1 + 3 * rand()) },
      budgetRatio: rand() < 0.5 ? undefined : 0.1 + 0.3 * rand(),
      avoidPreviousHosts: (['none', 'last', 'all'] as const)[Math.floor(rand() * 3)],
    });
  });
}

describe('the computed latency distribution', () => {
  it('is the M/M/c sojourn time (closed form) within 0.5% at every quantile point to p99, 1.5% beyond', () => {
    for (const [mean, c, utilization] of [['5ms', 8, 0.9], ['20ms', 4, 0.6], ['1ms', 32, 0.97]] as const) {
      const parts = trafficParts(queueYaml(mean));
      const mu = 1 / (Number.parseFloat(mean) / 1000);
      const lambda = utilization * c * mu;
      const pool = parts.flow.pools[0];
      quantizedPool(pool, erlangC(lambda / mu, c), c * mu - lambda, 0);
      const C = pool.pWait;
      const theta = pool.waitRatePerS;
      // P(T > t) = (1 − C)e^{−μt} + C(θe^{−μt} − μe^{−θt})/(θ − μ)
      const survival = (t: number) => (1 - C) * Math.exp(-mu * t) + (C * (theta * Math.exp(-mu * t) - mu * Math.exp(-theta * t))) / (theta - mu);
      const exact = (q: number) => {
        let lo = 0;
        let hi = 100 / Math.min(mu, theta);
        for (let i = 0; i < 200; i++) {
          const mid = (lo + hi) / 2;
          if (1 - survival(mid) < q) lo = mid;
          else hi = mid;
        }
        return lo;
      };
      const computed = new LatencyDistribution(parts.services, parts.network, parts.flow.pools, parts.routes).run(0, { kind: 'cluster', cluster: 0 })!;
      for (let j = 2; j < LATENCY_POINTS; j++) {
        const q = (j + 0.5) / LATENCY_POINTS;
        // Beyond p99 the service time's quantile table (1024 points, its last at p99.95) departs from the exponential.
        expect(Math.abs(computed.points[j] - exact(q)) / exact(q), `${mean} c=${c} ρ=${utilization} q=${q}`).toBeLessThan(q <= 0.99 ? 0.005 : 0.015);
      }
      expect(Math.abs(computed.meanS - (1 / mu + C / theta)) / (1 / mu + C / theta)).toBeLessThan(0.002);
    }
  });

  it('agrees with the latency Monte Carlo (48 pooled seeds) on random mesh states: sequential, fractional and parallel calls across regions', () => {
    const parts = trafficParts(meshYaml);
    const web = parts.services.indexByName.get('web')!;
    const rand = generator(2026);
    const mc = new LatencyMonteCarlo(parts.services, parts.network, parts.flow.pools, parts.routes);
    const computed = new LatencyDistribution(parts.services, parts.network, parts.flow.pools, parts.routes);
    let worstRelative = 0;
    for (let trial = 0; trial < 5; trial++) {
      randomState(parts, rand);
      const webIn = [0, 1, 2].filter((c) => parts.pods.ready[parts.group('web', c)] > 0);
      const origins: RequestOrigin[] = [
        { kind: 'cluster', cluster: webIn[0] },
        { kind: 'userRegion', userRegion: 0, answer: { clusters: webIn, weights: webIn.map(() => 1 / webIn.length) } },
      ];
      for (const origin of origins) {
        const sampled = pooledMonteCarlo(mc, web, origin, 48, 100 + trial);
        const exact = computed.run(web, origin)!;
        // Quantiles from p5 to p99 (each Monte Carlo run's p99 rests on 82 draws; 48 pooled keep its noise near 1%).
        for (const j of [12, 64, 128, 192, 230, 243, 253]) {
          const rel = Math.abs(exact.points[j] - sampled.points[j]) / sampled.points[j];
          worstRelative = Math.max(worstRelative, rel);
          expect(rel, `trial ${trial} ${origin.kind} point ${j}: computed ${exact.points[j]} sampled ${sampled.points[j]}`).toBeLessThan(0.02);
        }
        expect(Math.abs(exact.meanS - sampled.meanS) / sampled.meanS).toBeLessThan(0.01);
      }
    }
    expect(worstRelative).toBeGreaterThan(0); // the two really are different computations
  });

  it('agrees with the latency Monte Carlo (48 pooled seeds) with retries and no timeout: random dead, shed and error shares, policies, budgets and host avoidance', () => {
    const parts = trafficParts(meshYaml);
    const web = parts.services.indexByName.get('web')!;
    const rand = generator(1202);
    const impairments = new TrafficImpairments(parts.services.indexByName, parts.network.clusterCount);
    let worstRelative = 0;
    for (let trial = 0; trial < 5; trial++) {
      randomState(parts, rand);
      randomOutcomes(parts, impairments, rand);
      const policies = randomPolicies(parts.services.serviceCount, rand);
      const mc = new LatencyMonteCarlo(parts.services, parts.network, parts.flow.pools, parts.routes, impairments, { flow: parts.flow, policies });
      const computed = new LatencyDistribution(parts.services, parts.network, parts.flow.pools, parts.routes, impairments, parts.flow, undefined, policies);
      const webIn = [0, 1, 2].filter((c) => parts.pods.ready[parts.group('web', c)] > 0);
      const origins: RequestOrigin[] = [
        { kind: 'cluster', cluster: webIn[0] },
        { kind: 'userRegion', userRegion: 0, answer: { clusters: webIn, weights: webIn.map(() => 1 / webIn.length) } },
      ];
      for (const origin of origins) {
        const draws = generator(300 + trial);
        let share = 0;
        const points = new Float64Array(LATENCY_POINTS);
        let meanS = 0;
        for (let r = 0; r < 48; r++) {
          const e = mc.run(sampleSeeds(draws), web, origin)!;
          share += mc.lastSuccessShare / 48;
          for (let j = 0; j < LATENCY_POINTS; j++) points[j] += e.points[j] / 48;
          meanS += e.meanS / 48;
        }
        const exact = computed.run(web, origin)!;
        const label = `trial ${trial} ${origin.kind}`;
        // 393,216 requests: the success share's standard error is below 0.08%.
        expect(Math.abs(computed.lastSuccessShare - share), `${label}: success computed ${computed.lastSuccessShare} sampled ${share}`).toBeLessThan(0.004);
        for (const j of [12, 64, 128, 192, 230, 243, 253]) {
          const rel = Math.abs(exact.points[j] - points[j]) / points[j];
          worstRelative = Math.max(worstRelative, rel);
          expect(rel, `${label} point ${j}: computed ${exact.points[j]} sampled ${points[j]}`).toBeLessThan(0.02);
        }
        expect(Math.abs(exact.meanS - meanS) / meanS, `${label} mean`).toBeLessThan(0.01);
      }
    }
    expect(worstRelative).toBeGreaterThan(0);
  });

  it('keeps hop and attempt spectra under keys that hold all they read: an instance that met earlier states computes what a fresh one does, bit for bit', () => {
    const parts = trafficParts(meshYaml);
    const web = parts.services.indexByName.get('web')!;
    const rand = generator(77);
    const impairments = new TrafficImpairments(parts.services.indexByName, parts.network.clusterCount);
    let compared = 0;
    for (let set = 0; set < 3; set++) {
      const policies = randomPolicies(parts.services.serviceCount, rand);
      const kept = new LatencyDistribution(parts.services, parts.network, parts.flow.pools, parts.routes, impairments, parts.flow, undefined, policies);
      for (let trial = 0; trial < 8; trial++) {
        randomState(parts, rand);
        randomOutcomes(parts, impairments, rand);
        // Half the time one pool's shares only: the rest of the tree is what the kept spectra hold.
        const webIn = [0, 1, 2].filter((c) => parts.pods.ready[parts.group('web', c)] > 0);
        for (const origin of [{ kind: 'cluster', cluster: webIn[0] }, { kind: 'userRegion', userRegion: 0, answer: { clusters: webIn, weights: webIn.map(() => 1 / webIn.length) } }] as RequestOrigin[]) {
          for (let nudge = 0; nudge < 2; nudge++) {
            if (nudge === 1) {
              const g = parts.group(['api', 'db', 'cache'][Math.floor(rand() * 3)], webIn[0]);
              parts.flow.deadEndpointShare[g] = Math.round(rand() * 300) / 1000;
              impairments.errorRatio[g] = Math.round(rand() * 200) / 1000;
            }
            const a = kept.run(web, origin);
            const fresh = new LatencyDistribution(parts.services, parts.network, parts.flow.pools, parts.routes, impairments, parts.flow, undefined, policies);
            const b = fresh.run(web, origin);
            expect(a === null, `set ${set} trial ${trial}`).toBe(b === null);
            if (a === null || b === null) continue;
            expect(Array.from(a.points), `set ${set} trial ${trial} ${origin.kind}`).toEqual(Array.from(b.points));
            expect(kept.lastSuccessShare).toBe(fresh.lastSuccessShare);
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(80);
  });

  it('reads what attempts meet only as the fingerprint keys it: shares moved within their 0.1% steps give the same estimate, bit for bit', () => {
    const parts = trafficParts(meshYaml);
    const web = parts.services.indexByName.get('web')!;
    const rand = generator(5);
    const impairments = new TrafficImpairments(parts.services.indexByName, parts.network.clusterCount);
    for (let trial = 0; trial < 6; trial++) {
      randomState(parts, rand);
      randomOutcomes(parts, impairments, rand);
      const policies = randomPolicies(parts.services.serviceCount, rand);
      const webIn = [0, 1, 2].filter((c) => parts.pods.ready[parts.group('web', c)] > 0);
      const origin: RequestOrigin = { kind: 'userRegion', userRegion: 0, answer: { clusters: webIn, weights: webIn.map(() => 1 / webIn.length) } };
      const before = new LatencyDistribution(parts.services, parts.network, parts.flow.pools, parts.routes, impairments, parts.flow, undefined, policies).run(web, origin);
      // Every nonzero share nudged by up to ±0.04% (the same step of 0.1%).
      const nudge = (x: number) => (x > 0.001 ? x + (rand() - 0.5) * 0.0008 : x);
      for (let g = 0; g < parts.flow.pools.length; g++) {
        parts.flow.deadEndpointShare[g] = nudge(parts.flow.deadEndpointShare[g]);
        parts.flow.shedShareOf[g] = nudge(parts.flow.shedShareOf[g]);
        parts.flow.pools[g].admittedPerS = 1 - parts.flow.shedShareOf[g];
        impairments.errorRatio[g] = nudge(impairments.errorRatio[g]);
      }
      const after = new LatencyDistribution(parts.services, parts.network, parts.flow.pools, parts.routes, impairments, parts.flow, undefined, policies).run(web, origin);
      expect(after === null).toBe(before === null);
      if (before !== null && after !== null) expect(Array.from(after.points), `trial ${trial}`).toEqual(Array.from(before.points));
    }
  });

  it('refuses a policy with a timeout (the Monte Carlo samples those)', () => {
    const parts = trafficParts(meshYaml);
    const timed = attemptPolicy({ attempts: 2, retryOn: ['timeout'], perTryTimeoutS: 0.1, timeoutS: undefined, backoff: { baseS: 0.01, maxS: 0.01 }, budgetRatio: undefined, avoidPreviousHosts: 'none' });
    expect(() => new LatencyDistribution(parts.services, parts.network, parts.flow.pools, parts.routes, undefined, parts.flow, undefined, [timed])).toThrow(/sampled/);
  });

  it('leaves out requests whose call has no route (their requests fail), and weighs the answer by its shares', () => {
    const parts = trafficParts(meshYaml);
    const web = parts.services.indexByName.get('web')!;
    const cache = parts.services.indexByName.get('cache')!;
    for (const name of ['web', 'api', 'db', 'cache', 'audit']) parts.pods.ready[parts.group(name, 0)] = 2;
    parts.routes.clear();
    for (const pool of parts.flow.pools) quantizedPool(pool, 0, 100, 0);
    // cache answers 50 ms late: the 30% of requests that call it are at least that much slower.
    quantizedPool(parts.flow.pools[parts.group('cache', 0)], 0, 100, 0.05);
    const computed = new LatencyDistribution(parts.services, parts.network, parts.flow.pools, parts.routes);
    const all = computed.run(web, { kind: 'cluster', cluster: 0 })!;
    expect(computed.lastSuccessShare).toBeCloseTo(1, 9);
    // CallRoutes always routes somewhere (calls fail locally); an empty route (kept until the next clear) is the defensive case:
    // the requests that call cache fail, and the survivors are those that made no cache call.
    parts.routes.routeOf(cache, 0).clusters.length = 0;
    parts.routes.routeOf(cache, 0).weights.length = 0;
    const survivors = computed.run(web, { kind: 'cluster', cluster: 0 })!;
    expect(computed.lastSuccessShare).toBeCloseTo(0.7, 9);
    expect(survivors.meanS).toBeLessThan(all.meanS - 0.3 * 0.04); // 50 ms late, less the parallel db calls it overlaps
    expect(survivors.points[250]).toBeLessThan(all.points[250] - 0.02);
    // An answer split 3:1 between eu (users 0 ms away) and use (70 ms away) has its median in eu and its p94 in use, tens of ms later.
    for (const name of ['web', 'api', 'db', 'cache']) parts.pods.ready[parts.group(name, 1)] = 2;
    quantizedPool(parts.flow.pools[parts.group('cache', 0)], 0, 100, 0);
    parts.routes.clear();
    const mixed = computed.run(web, { kind: 'userRegion', userRegion: 0, answer: { clusters: [0, 1], weights: [0.75, 0.25] } })!;
    const euOnly = computed.run(web, { kind: 'userRegion', userRegion: 0, answer: { clusters: [0], weights: [1] } })!;
    expect(mixed.points[128]).toBeLessThan(euOnly.points[185]); // the median of the mix is eu's 2/3 quantile
    expect(mixed.points[240]).toBeGreaterThan(euOnly.points[240] + 0.04); // the users reach use ~50 ms later than eu
  });
});
