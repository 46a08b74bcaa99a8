import { describe, expect, it } from 'vitest';
import { FINGERPRINT_SEED1, FINGERPRINT_SEED2, StateFingerprint } from '../../../src/model/traffic/fingerprint.js';
import { LatencyEstimates } from '../../../src/model/traffic/latencyEstimates.js';
import { LATENCY_SAMPLES, LatencyMonteCarlo, sampleSeeds } from '../../../src/model/traffic/latencyMonteCarlo.js';
import { trafficParts } from './parts.js';

/** web only in eu, api only in us (RTT 70 ms), both a constant 5 ms; 2 api calls per web request, over a mesh. */
const yaml = `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: split }
topology:
  regions: [ { name: eu-west-1 }, { name: us-east-1 } ]
  links: [ { between: [eu-west-1, us-east-1], rtt: 70ms } ]
clusters:
  - { name: eu, region: eu-west-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 3 } ], controlPlane: { managed: { tier: eks-standard } } }
  - { name: us, region: us-east-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 3 } ], controlPlane: { managed: { tier: eks-standard } } }
workload:
  services:
    - { name: web, replicas: 4, cpu: 500m, memory: 256Mi, concurrencyPerPod: 8, serviceTime: { constant: 5ms }, calls: [ { service: api, callsPerRequest: 2 } ] }
    - { name: api, replicas: 4, cpu: 500m, memory: 256Mi, concurrencyPerPod: 8, serviceTime: { constant: 5ms } }
  userRegions:
    - { name: europe, near: eu-west-1, rate: 50/s, entryService: web }
designs:
  - name: split
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { dns: {} }, mesh: { localityOrder: [zone, region, any] } }
run: { horizon: 1h, seed: split }
`;

function setUp() {
  const parts = trafficParts(yaml);
  parts.pods.ready[parts.group('web', 0)] = 4;
  parts.pods.ready[parts.group('api', 1)] = 4;
  let x = 0;
  const seeds = sampleSeeds(() => (x = (x * 9301 + 49297) % 233280) / 233280);
  const monteCarlo = new LatencyMonteCarlo(parts.services, parts.network, parts.flow.pools, parts.routes);
  return { parts, seeds, monteCarlo, web: parts.services.indexByName.get('web')! };
}

describe('the latency Monte Carlo', () => {
  it('adds service times and call RTTs along the call tree, from a cluster or from a user region', () => {
    const { parts, seeds, monteCarlo, web } = setUp();
    const serverSide = monteCarlo.run(seeds, web, { kind: 'cluster', cluster: 0 })!;
    // 5 ms + 2 × (70 ms + 5 ms), with nobody waiting.
    for (const x of serverSide.points) expect(x).toBeCloseTo(0.155, 12);
    expect(serverSide.meanS).toBeCloseTo(0.155, 12);
    const userRttS = parts.network.userRttMs(0, 0) / 1000;
    expect(userRttS).toBeGreaterThan(0);
    const users = monteCarlo.run(seeds, web, { kind: 'userRegion', userRegion: 0, answer: { clusters: [0], weights: [1] } })!;
    expect(users.meanS).toBeCloseTo(0.155 + userRttS, 12);
    expect(monteCarlo.run(seeds, web, { kind: 'userRegion', userRegion: 0, answer: { clusters: [], weights: [] } })).toBeNull();
  });

  it('draws exponential waits with probability P(wait), the same draws for the same seeds', () => {
    const { parts, seeds, monteCarlo, web } = setUp();
    const pool = parts.flow.pools[parts.group('web', 0)];
    pool.pWait = 1;
    pool.waitRatePerS = 100; // mean wait 10 ms
    const a = monteCarlo.run(seeds, web, { kind: 'cluster', cluster: 0 })!;
    expect(Math.abs(a.meanS - 0.165)).toBeLessThan((5 * 0.01) / Math.sqrt(LATENCY_SAMPLES));
    const b = monteCarlo.run(seeds, web, { kind: 'cluster', cluster: 0 })!;
    expect(Array.from(b.points)).toEqual(Array.from(a.points));
  });
});

describe('latency estimates', () => {
  it('run the Monte Carlo once per state, sharing an estimate below the quantization and not above it', () => {
    const { parts, seeds } = setUp();
    const estimates = new LatencyEstimates(parts.services, parts.network, parts.flow.pools, parts.routes, { perUserRegion: [seeds], clusters: seeds });
    const web = parts.services.indexByName.get('web')!;
    const pool = parts.flow.pools[parts.group('web', 0)];
    pool.pWait = 0.1;
    pool.waitRatePerS = 100;
    const first = estimates.forCluster(web, 0);
    expect(estimates.forCluster(web, 0)).toBe(first);
    pool.waitRatePerS = 100.2; // 0.2%: below the 1% step
    expect(estimates.forCluster(web, 0)).toBe(first);
    expect(estimates.monteCarloRuns).toBe(1);
    pool.pWait = 0.11; // four 0.25% steps more
    const second = estimates.forCluster(web, 0);
    expect(second).not.toBe(first);
    expect(second.id).not.toBe(first.id);
    expect(estimates.monteCarloRuns).toBe(2);
  });

  it('never share an estimate between different quantized states whose hashes collide', () => {
    const { parts, seeds } = setUp();
    const estimates = new LatencyEstimates(parts.services, parts.network, parts.flow.pools, parts.routes, { perUserRegion: [seeds], clusters: seeds });
    const web = parts.services.indexByName.get('web')!;
    const pool = parts.flow.pools[parts.group('web', 0)];
    const api0 = parts.flow.pools[parts.group('api', 0)]; // keyed, though no request reaches it (no pods)
    api0.waitRatePerS = Math.exp(3); // wait-rate step 300
    // Search (web's P(wait) step, web's wait-rate step, api's P(wait) step) in cluster eu for two
    // states with different web waits whose cluster keys (entry service, own RTT, then each pool's
    // two steps) share a hash: the old caches, keyed by the hash alone, handed the second state the
    // first one's estimate.
    type State = readonly [number, number, number];
    const fp = new StateFingerprint();
    const byHash = new Map<number, State>();
    let pair: [State, State] | null = null;
    search: for (let pWaitStep = 1; pWaitStep <= 60; pWaitStep++) {
      for (let rateStep = 300; rateStep < 360; rateStep++) {
        for (let apiStep = 0; apiStep <= 30; apiStep++) {
          fp.start(FINGERPRINT_SEED1 ^ web, FINGERPRINT_SEED2);
          for (const x of [parts.network.ownRttMs(0), pWaitStep, rateStep, apiStep, apiStep > 0 ? 300 : -1]) fp.add(x);
          const other = byHash.get(fp.key());
          if (other !== undefined && other[0] !== pWaitStep && other[1] !== rateStep) {
            pair = [other, [pWaitStep, rateStep, apiStep]];
            break search;
          }
          byHash.set(fp.key(), [pWaitStep, rateStep, apiStep]);
        }
      }
    }
    expect(pair).not.toBeNull();
    const at = ([pWaitStep, rateStep, apiStep]: State) => {
      pool.pWait = pWaitStep / 400;
      pool.waitRatePerS = Math.exp(rateStep / 100);
      api0.pWait = apiStep / 400;
      return estimates.forCluster(web, 0);
    };
    const first = at(pair![0]);
    const second = at(pair![1]);
    expect(second).not.toBe(first);
    expect(second.meanS).not.toBe(first.meanS);
    expect(estimates.monteCarloRuns).toBe(2);
    expect(at(pair![0])).toBe(first);
    expect(at(pair![1])).toBe(second);
    expect(estimates.monteCarloRuns).toBe(2);
  });

  it('fingerprint a user region through every pool its answer reaches, across clusters', () => {
    const { parts, seeds } = setUp();
    const estimates = new LatencyEstimates(parts.services, parts.network, parts.flow.pools, parts.routes, { perUserRegion: [seeds], clusters: seeds });
    const web = parts.services.indexByName.get('web')!;
    const answer = { clusters: [0], weights: [1] };
    const first = estimates.forUserRegion(0, web, answer)!;
    expect(estimates.forUserRegion(0, web, answer)).toBe(first);
    // api in us waits now: reached through web's calls, so the estimate changes.
    const api = parts.flow.pools[parts.group('api', 1)];
    api.pWait = 0.5;
    api.waitRatePerS = 50;
    const second = estimates.forUserRegion(0, web, answer)!;
    expect(second).not.toBe(first);
    expect(second.meanS).toBeGreaterThan(first.meanS);
    // api in eu has no pods and is not reached: its state does not matter.
    parts.flow.pools[parts.group('api', 0)].pWait = 0.5;
    expect(estimates.forUserRegion(0, web, answer)).toBe(second);
    expect(estimates.monteCarloRuns).toBe(2);
  });
});
