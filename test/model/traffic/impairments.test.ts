import { describe, expect, it } from 'vitest';
import { TrafficImpairments } from '../../../src/model/traffic/impairments.js';
import { runTraffic, world } from './fixture.js';

/**
 * Faults that act on requests (bad changes, brownouts, expired certificates), worked out by hand on
 * small fleets with a flat load (no diurnal swing), so failed requests are rate × time × share.
 */
const fleet = (opts: { rate: number; faults: string; checks?: 'shallow' | 'deep' | string; calls?: boolean; horizon?: string }) => `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: impaired }
topology: { regions: [ { name: eu-west-1 }, { name: us-east-1 } ] }
clusters:
  - { name: eu, region: eu-west-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 4 } ], controlPlane: { managed: { tier: eks-standard } } }
  - { name: us, region: us-east-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 4 } ], controlPlane: { managed: { tier: eks-standard } } }
workload:
  services:
    - name: web
      replicas: 4
      cpu: 500m
      memory: 256Mi
      concurrencyPerPod: 8
      serviceTime: { exponential: { mean: 10ms } }
${opts.calls ? '      calls: [ { service: api, callsPerRequest: 1.5 } ]' : ''}
    - { name: api, replicas: 4, cpu: 500m, memory: 256Mi, concurrencyPerPod: 8, serviceTime: { exponential: { mean: 10ms } }${opts.calls ? ', calls: [ { service: db, callsPerRequest: 0.5 } ]' : ''} }
    - { name: db, replicas: 4, cpu: 500m, memory: 256Mi, concurrencyPerPod: 8, serviceTime: { exponential: { mean: 5ms } } }
  userRegions:
    - { name: americas, near: us-east-1, rate: ${opts.rate}/s, entryService: web, diurnal: { peakToTrough: 1, peakHourUtc: 0 } }
designs:
  - name: replicated
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { dns: { healthCheckInterval: 30s, failureThreshold: 3, ttl: 60s, healthCheck: ${opts.checks ?? 'shallow'} } } }
faults:
  scripted:
${opts.faults}
run: { horizon: ${opts.horizon ?? '3h'}, seed: impaired }
`;

describe('a bad change', () => {
  it('fails its error share of the requests its pods serve, for as long as it lasts (shallow checks never notice)', () => {
    const w = world(fleet({ rate: 100, faults: '    - { at: 1h, kind: badChange, target: us, for: 1h, errors: "30%" }' }));
    const t = runTraffic(w, 0, 0).traffic!;
    // 100/s × 3600 s × 30%, every request (the users' answer stays on us: the checks pass).
    expect(t.failedRequests).toBeCloseTo(100 * 3600 * 0.3, 3);
    expect(t.failedBy.impaired).toBeCloseTo(t.failedRequests, 3);
  });

  it('compounds through the call tree as independent failures: web → api (1.5 calls) → db (0.5 calls)', () => {
    const w = world(fleet({ rate: 100, calls: true, faults: '    - { at: 1h, kind: badChange, target: us, for: 1h, errors: "20%" }' }));
    const t = runTraffic(w, 0, 0).traffic!;
    // db succeeds 0.8; api: 0.8 × E[0.8^M], M ~ Bernoulli(0.5) → 0.8 × 0.9 = 0.72;
    // web: 0.8 × E[0.72^N], N = 1 + Bernoulli(0.5) → 0.8 × 0.72 × (0.5 + 0.5 × 0.72) = 0.495 36.
    const success = 0.8 * 0.72 * (0.5 + 0.5 * 0.72);
    expect(t.failedRequests).toBeCloseTo(100 * 3600 * (1 - success), 1);
  });

  it('limited to some services fails only the requests through them', () => {
    const w = world(fleet({ rate: 100, calls: true, faults: '    - { at: 1h, kind: badChange, target: us, for: 1h, errors: "20%", services: [db] }' }));
    const t = runTraffic(w, 0, 0).traffic!;
    // Only db fails: api = E[0.8^M] = 0.9; web = E[0.9^N] = 0.9 × 0.95 = 0.855.
    expect(t.failedRequests).toBeCloseTo(100 * 3600 * (1 - 0.9 * 0.95), 1);
  });

  it('with crash-looping pods takes their capacity: the rest sheds what exceeds 95% of what remains', () => {
    // 4 web pods × 8 servers at 10 ms: 3200/s of capacity, 3040/s admitted at most. Half the pods
    // crash-loop (⌊4 × 50%⌋ = 2): 1520/s admitted of 2000/s, 480/s shed for the hour.
    const w = world(fleet({ rate: 2000, faults: '    - { at: 1h, kind: badChange, target: us, for: 1h, capacityLost: "50%" }' }));
    const t = runTraffic(w, 0, 0).traffic!;
    expect(t.failedBy.shed).toBeCloseTo(480 * 3600, -2);
    expect(t.failedRequests).toBeCloseTo(480 * 3600, -2);
  });

  it('is seen by deep health checks above half errors: DNS drains the cluster within detection + TTL', () => {
    const w = world(fleet({ rate: 100, checks: 'deep', faults: '    - { at: 1h, kind: badChange, target: us, for: 1h, errors: "60%" }' }));
    for (let rep = 0; rep < 5; rep++) {
      const t = runTraffic(w, 0, rep).traffic!;
      // Detection 60–90 s (3 probes every 30 s at a random phase), then clients drain over the 60 s
      // TTL (30 s on average, at most 60 s); meanwhile 60% of requests fail. Europe then serves them.
      expect(t.failedRequests).toBeGreaterThan(100 * 0.6 * 60);
      expect(t.failedRequests).toBeLessThan(100 * 0.6 * (90 + 60));
    }
  });
});

describe('an expired serving certificate', () => {
  it('fails every user request entering the cluster while shallow (and Route 53 HTTPS) checks pass', () => {
    const w = world(fleet({ rate: 100, faults: '    - { at: 1h, kind: certificate, target: us, for: 2h }', horizon: '4h' }));
    const t = runTraffic(w, 0, 0).traffic!;
    expect(t.failedRequests).toBeCloseTo(100 * 7200, 3);
    expect(t.failedBy.impaired).toBeCloseTo(100 * 7200, 3);
  });

  it('passes deep checks that do not validate certificates (the default, as Route 53 does), and fails those that do', () => {
    const faults = '    - { at: 1h, kind: certificate, target: us, for: 2h }';
    const unvalidated = runTraffic(world(fleet({ rate: 100, checks: 'deep', faults, horizon: '4h' })), 0, 0).traffic!;
    expect(unvalidated.failedRequests).toBeCloseTo(100 * 7200, 3);
    const validated = runTraffic(world(fleet({ rate: 100, checks: '{ depth: deep, validatesCertificates: true }', faults, horizon: '4h' })), 0, 0).traffic!;
    expect(validated.failedRequests).toBeGreaterThan(100 * 60);
    expect(validated.failedRequests).toBeLessThan(100 * (90 + 60));
  });
});

describe('a brownout', () => {
  it('adds its latency to every request through the region (the median moves by it)', () => {
    const healthy = runTraffic(world(fleet({ rate: 100, faults: '    - { at: 10h, kind: node, target: us/pool/0, for: 1s }' })), 0, 0).traffic!;
    const slow = runTraffic(world(fleet({ rate: 100, faults: '    - { at: 0s, kind: brownout, target: us-east-1, for: 3h, extraLatency: 200ms }' })), 0, 0).traffic!;
    expect(slow.failedRequests).toBe(0);
    // The log histogram's bins are ~1% wide.
    expect(slow.latency.p50S - healthy.latency.p50S).toBeGreaterThan(0.2 * 0.97);
    expect(slow.latency.p50S - healthy.latency.p50S).toBeLessThan(0.2 * 1.03 + 0.01);
  });

  it('of a region errors on every cluster in it', () => {
    const w = world(fleet({ rate: 100, faults: '    - { at: 1h, kind: brownout, target: us-east-1, for: 1h, errors: "10%" }' }));
    const t = runTraffic(w, 0, 0).traffic!;
    expect(t.failedRequests).toBeCloseTo(100 * 3600 * 0.1, 3);
  });
});

describe('TrafficImpairments', () => {
  const index = new Map([
    ['web', 0],
    ['api', 1],
  ]);
  it('composes concurrent impairments as independent (errors and lost pods) and additive (latency), and undoes them exactly', () => {
    const imp = new TrafficImpairments(index, 2);
    imp.set(1, { clusters: [0], services: undefined, scope: 'pods', errorRatio: 0.5, extraLatencyMs: 100, capacityLostRatio: 0.25 }, true);
    imp.set(2, { clusters: [0], services: ['api'], scope: 'pods', errorRatio: 0.2, extraLatencyMs: 50, capacityLostRatio: 0.5 }, true);
    const web0 = 0 * 2 + 0;
    const api0 = 1 * 2 + 0;
    expect(imp.errorRatio[web0]).toBeCloseTo(0.5, 12);
    expect(imp.errorRatio[api0]).toBeCloseTo(1 - 0.5 * 0.8, 12);
    expect(imp.extraLatencyS[api0]).toBeCloseTo(0.15, 12);
    expect(imp.capacityLostRatio[api0]).toBeCloseTo(1 - 0.75 * 0.5, 12);
    expect(imp.servingPods(api0, 8)).toBe(8 - Math.floor(8 * 0.625));
    expect(imp.errorRatio[1 * 2 + 1]).toBe(0); // cluster 1 untouched
    expect(imp.stateId[0]).toBeGreaterThan(0);
    expect(imp.stateId[1]).toBe(0);
    imp.set(1, { clusters: [0], services: undefined, scope: 'pods', errorRatio: 0.5, extraLatencyMs: 100, capacityLostRatio: 0.25 }, false);
    imp.set(2, { clusters: [0], services: ['api'], scope: 'pods', errorRatio: 0.2, extraLatencyMs: 50, capacityLostRatio: 0.5 }, false);
    expect([...imp.errorRatio, ...imp.extraLatencyS, ...imp.capacityLostRatio].every((x) => x === 0)).toBe(true);
    expect(imp.stateId[0]).toBe(0);
  });

  it('keeps ingress impairments apart from the pods', () => {
    const imp = new TrafficImpairments(index, 2);
    imp.set(7, { clusters: [1], services: undefined, scope: 'ingress', errorRatio: 1, extraLatencyMs: 0, capacityLostRatio: 0 }, true);
    expect(imp.ingressErrorRatio[1]).toBe(1);
    expect([...imp.errorRatio].every((x) => x === 0)).toBe(true);
  });
});

describe("an expired mesh client certificate", () => {
  // web runs in eu only and calls api (0.5 calls per request), which runs in us only, through a mesh.
  const segmented = (target: string) => `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: mtls }
topology: { regions: [ { name: eu-west-1 }, { name: us-east-1 } ] }
clusters:
  - { name: eu, region: eu-west-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 4 } ], controlPlane: { managed: { tier: eks-standard } } }
  - { name: us, region: us-east-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 4 } ], controlPlane: { managed: { tier: eks-standard } } }
workload:
  services:
    - { name: web, replicas: 4, cpu: 500m, memory: 256Mi, concurrencyPerPod: 8, serviceTime: { exponential: { mean: 10ms } }, calls: [ { service: api, callsPerRequest: 0.5 } ] }
    - { name: api, replicas: 4, cpu: 500m, memory: 256Mi, concurrencyPerPod: 8, serviceTime: { exponential: { mean: 10ms } } }
  userRegions:
    - { name: europe, near: eu-west-1, rate: 100/s, entryService: web, diurnal: { peakToTrough: 1, peakHourUtc: 0 } }
designs:
  - name: segmented
    placement:
      default: { clusterAffinity: { clusterNames: [eu] }, replicaScheduling: duplicated }
      services: { api: { clusterAffinity: { clusterNames: [us] } } }
    traffic: { ingress: { dns: {} }, mesh: { localityOrder: [zone, region, any] } }
faults:
  scripted:
    - { at: 1h, kind: certificate, target: ${target}, client: true, for: 1h }
run: { horizon: 3h, seed: mtls }
`;

  it("fails the caller's calls to other clusters: half the requests (those that call api) for the hour", () => {
    const t = runTraffic(world(segmented('eu')), 0, 0).traffic!;
    // A request succeeds when it makes no call (probability 0.5); users' TLS is untouched.
    expect(t.failedRequests).toBeCloseTo(100 * 3600 * 0.5, 1);
  });

  it('leaves the callee side alone: us presents no client certificate on these calls', () => {
    const t = runTraffic(world(segmented('us')), 0, 0).traffic!;
    expect(t.failedRequests).toBe(0);
  });
});
