import { describe, expect, it } from 'vitest';
import { designEpisodes } from '../../../src/model/faults/designEpisodes.js';
import { generateFaultSchedule, withDesignEpisodes } from '../../../src/model/faults/schedule.js';
import { runReplication } from '../../../src/model/replication/replication.js';
import { runTraffic, world } from './fixture.js';
import type { World } from '../runtime/fixture.js';

/**
 * What an outage of a shared dependency does to the users of the designs that list it, worked out
 * by hand on two clusters with a flat load (no diurnal swing): failed requests are rate × time ×
 * share, and DNS's cached answers drain as the TTL machinery says (docs/dependencies.md).
 */
const scenario = (opts: { rate?: number; deps: string; uses: string; faults: string; ingress?: string; horizon?: string; gray?: string }) => `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: deps }
topology: { regions: [ { name: eu-west-1 }, { name: us-east-1 } ] }
clusters:
  - { name: eu, region: eu-west-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 4 } ], controlPlane: { managed: { tier: eks-standard } } }
  - { name: us, region: us-east-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 4 } ], controlPlane: { managed: { tier: eks-standard } } }
workload:
  services:
    - { name: web, replicas: 4, cpu: 500m, memory: 256Mi, concurrencyPerPod: 8, serviceTime: { exponential: { mean: 10ms } } }
  userRegions:
    - { name: americas, near: us-east-1, rate: ${opts.rate ?? 100}/s, entryService: web, diurnal: { peakToTrough: 1, peakHourUtc: 0 } }
designs:
  - name: uses
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: ${opts.ingress ?? '{ dns: { healthCheckInterval: 30s, failureThreshold: 3, ttl: 60s } }'} }
    dependsOn: [${opts.uses}]
  - name: other
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: ${opts.ingress ?? '{ dns: { healthCheckInterval: 30s, failureThreshold: 3, ttl: 60s } }'} }
faults:
  dependencies:
${opts.deps}
  scripted:
${opts.faults}
${opts.gray ?? ''}
run: { horizon: ${opts.horizon ?? '3h'}, seed: deps }
`;

/** A design's whole schedule: the fleet's faults and its own (dependencies, gray failures, certificates). */
function runDesign(w: World, design: number, replication: number) {
  const sc = w.scenario;
  const base = generateFaultSchedule({ fleet: w.fleet, clusters: sc.clusters, faults: sc.faults, horizonS: sc.run.horizonS, seed: sc.run.seed, replication });
  const own = designEpisodes({ fleet: w.fleet, scenario: sc, design, resolved: w.designs[design], horizonS: sc.run.horizonS, seed: sc.run.seed, replication });
  return runReplication({
    fleet: w.fleet,
    clusters: sc.clusters,
    design: sc.designs[design],
    resolved: w.designs[design],
    faults: withDesignEpisodes(base, own),
    seed: sc.run.seed,
    replication,
    horizonS: sc.run.horizonS,
    warmupS: sc.run.warmupS,
    scenario: sc,
  }).traffic!;
}

describe('a DNS outage', () => {
  it('fails the clients whose cached answer expires: failed = rate × (outage − ∫ cached share), TTL 60 s', () => {
    const w = world(scenario({ deps: '    - { name: route53, kind: dns }', uses: 'route53', faults: '    - { at: 1h, kind: dependency, target: route53, for: 10m }' }));
    const t = runTraffic(w, 0, 0).traffic!;
    // Remaining cache time uniform over the 60 s TTL: cached share 1 − x/60, integral 30 s.
    expect(t.failedRequests).toBeCloseTo(100 * (600 - 30), 3);
    expect(t.failedBy.unroutable).toBeCloseTo(t.failedRequests, 3);
    // The design that does not list it is untouched.
    expect(runTraffic(w, 1, 0).traffic!.failedRequests).toBe(0);
  });

  it('with clients caching past the TTL (overshoot uniform 0–120 s) fails fewer: ∫ cached share = E[overshoot] + TTL/2 = 90 s', () => {
    const ingress = '{ dns: { healthCheckInterval: 30s, failureThreshold: 3, ttl: 60s, clientOvershoot: { uniform: { min: 0s, max: 120s } } } }';
    const w = world(scenario({ ingress, deps: '    - { name: route53, kind: dns }', uses: 'route53', faults: '    - { at: 1h, kind: dependency, target: route53, for: 10m }' }));
    const t = runTraffic(w, 0, 0).traffic!;
    // The model takes 16 quantiles of the overshoot (mean 60 s exactly for a uniform); tolerance 0.5%.
    expect(Math.abs(t.failedRequests - 100 * (600 - 90)) / (100 * 510)).toBeLessThan(0.005);
  });

  it('the request-level mode agrees (its clients without a cached answer have no cluster to go to)', () => {
    const w = world(scenario({ horizon: '1h', deps: '    - { name: route53, kind: dns }', uses: 'route53', faults: '    - { at: 20m, kind: dependency, target: route53, for: 10m }' }));
    const fluid = runTraffic(w, 0, 0).traffic!;
    const requests = runTraffic(w, 0, 0, 'requests').traffic!;
    expect(fluid.failedRequests).toBeCloseTo(100 * 570, 3);
    // 57 000 of 360 000 requests: binomial-like noise well under 2%.
    expect(Math.abs(requests.failedRequests - fluid.failedRequests) / fluid.failedRequests).toBeLessThan(0.02);
  });

  it('shorter than the TTL fails only the clients that looked up meanwhile: rate × D²/(2 TTL)', () => {
    const w = world(scenario({ deps: '    - { name: route53, kind: dns }', uses: 'route53', faults: '    - { at: 1h, kind: dependency, target: route53, for: 30s }' }));
    const t = runTraffic(w, 0, 0).traffic!;
    // ∫0^30 x/60 dx = 7.5 s; afterwards the rest re-resolve successfully.
    expect(t.failedRequests).toBeCloseTo(100 * 7.5, 3);
  });
});

describe('a GSLB outage (health checking and steering down)', () => {
  it('freezes the answer while the region it points at fails: no failover', () => {
    const w = world(
      scenario({
        deps: '    - { name: gslb, kind: gslb }',
        uses: 'gslb',
        faults: '    - { at: 50m, kind: dependency, target: gslb, for: 70m }\n    - { at: 1h, kind: region, target: us-east-1, for: 30m }',
      }),
    );
    const frozen = runTraffic(w, 0, 0).traffic!;
    // Users stay on us for the whole region outage: every request fails, 100/s × 1800 s, and on
    // until the region's pods are ready again (a few seconds: the answer still points there).
    expect(frozen.failedRequests).toBeGreaterThanOrEqual(100 * 1800);
    expect(frozen.failedRequests).toBeLessThan(100 * (1800 + 60));
    // Without the dependency DNS fails over: detection (60–90 s) then the TTL drain (30 s on average).
    const other = runTraffic(w, 1, 0).traffic!;
    expect(other.failedRequests).toBeGreaterThan(100 * 60);
    expect(other.failedRequests).toBeLessThan(100 * (90 + 60));
  });
});

describe('entry dependencies', () => {
  it('identity down fails every user request of the designs that use it, and none of the others', () => {
    const w = world(scenario({ deps: '    - { name: idp, kind: identity }', uses: 'idp', faults: '    - { at: 1h, kind: dependency, target: idp, for: 20m }' }));
    const t = runTraffic(w, 0, 0).traffic!;
    expect(t.failedRequests).toBeCloseTo(100 * 1200, 3);
    expect(t.failedBy.impaired).toBeCloseTo(100 * 1200, 3);
    expect(runTraffic(w, 1, 0).traffic!.failedRequests).toBe(0);
  });

  it('a global anycast load balancer down drops every request (unroutable)', () => {
    const w = world(scenario({ ingress: '{ anycast: {} }', deps: '    - { name: glb, kind: anycast }', uses: 'glb', faults: '    - { at: 1h, kind: dependency, target: glb, for: 15m }' }));
    const t = runTraffic(w, 0, 0).traffic!;
    expect(t.failedRequests).toBeCloseTo(100 * 900, 3);
    expect(t.failedBy.unroutable).toBeCloseTo(100 * 900, 3);
  });

  it('a custom dependency fails its error share', () => {
    const w = world(scenario({ deps: '    - { name: flags, kind: custom, errors: "30%" }', uses: 'flags', faults: '    - { at: 1h, kind: dependency, target: flags, for: 1h }' }));
    expect(runTraffic(w, 0, 0).traffic!.failedRequests).toBeCloseTo(100 * 3600 * 0.3, 3);
  });

  it('overlapping outages of two entry dependencies compose as independent failures', () => {
    const w = world(
      scenario({
        deps: '    - { name: a, kind: custom, errors: "50%" }\n    - { name: b, kind: custom, errors: "20%" }',
        uses: 'a, b',
        faults: '    - { at: 1h, kind: dependency, target: a, for: 1h }\n    - { at: 1h30m, kind: dependency, target: b, for: 1h }',
      }),
    );
    // 30 min at 50%, 30 min at 1 − 0.5 × 0.8 = 60%, 30 min at 20%.
    expect(runTraffic(w, 0, 0).traffic!.failedRequests).toBeCloseTo(100 * 1800 * (0.5 + 0.6 + 0.2), 3);
  });
});

describe('gray failures', () => {
  const brownout = '    - { at: 1h, kind: brownout, target: us-east-1, for: 1h, errors: "10%", extraLatency: 3s }';
  const checks = (depth: string) => `{ dns: { healthCheckInterval: 30s, failureThreshold: 3, ttl: 60s, healthCheck: ${depth} } }`;

  it('shallow checks pass: traffic keeps going to the brownout region for its whole length', () => {
    const w = world(scenario({ ingress: checks('shallow'), deps: '    - { name: x, kind: custom }', uses: 'x', faults: brownout }));
    expect(runTraffic(w, 0, 0).traffic!.failedRequests).toBeCloseTo(100 * 3600 * 0.1, 3);
  });

  it('deep checks time out (3 s added ≥ Route 53’s 2 s): the GSLB drains the region within detection + TTL', () => {
    const w = world(scenario({ ingress: checks('deep'), deps: '    - { name: x, kind: custom }', uses: 'x', faults: brownout }));
    const t = runTraffic(w, 0, 0).traffic!;
    expect(t.failedRequests).toBeGreaterThan(100 * 0.1 * 60);
    expect(t.failedRequests).toBeLessThan(100 * 0.1 * (90 + 60));
  });

  it('a deep probe with a longer timeout (5 s) does not see the added 3 s nor the 10% errors', () => {
    const w = world(scenario({ ingress: checks('{ depth: deep, timeout: 5s }'), deps: '    - { name: x, kind: custom }', uses: 'x', faults: brownout }));
    expect(runTraffic(w, 0, 0).traffic!.failedRequests).toBeCloseTo(100 * 3600 * 0.1, 3);
  });

  it('faults.grayFailures: stochastic brownouts, the same for every design; shallow checks keep sending traffic, deep ones drain', () => {
    const gray = '  grayFailures: { perYear: 200, duration: { constant: 2h }, errors: "20%", extraLatency: 3s }';
    const common = { deps: '    - { name: x, kind: custom }', uses: 'x', faults: '    []', gray, horizon: '30d' };
    const shallow = world(scenario({ ...common, ingress: checks('shallow') }));
    const deep = world(scenario({ ...common, ingress: checks('deep') }));
    const s = runDesign(shallow, 0, 0);
    const d = runDesign(deep, 0, 0);
    // The users' region is us-east-1; its brownouts (≈ 200 × 30/365 ≈ 16 of 2 h) each fail 20% for 2 h
    // under shallow checks; eu-west-1's are never on the users' answer.
    const own = designEpisodes({ fleet: shallow.fleet, scenario: shallow.scenario, design: 0, resolved: shallow.designs[0], horizonS: shallow.scenario.run.horizonS, seed: 'deps', replication: 0 });
    const us = own.filter((e) => e.kind === 'brownout' && e.targetName === 'us-east-1');
    expect(us.length).toBeGreaterThan(5);
    // Overlaps cannot happen within one region (one Poisson stream, episodes never overlap).
    const brownS = us.reduce((a, e) => a + Math.min(e.endS, 30 * 86_400) - e.startS, 0);
    expect(s.failedRequests).toBeCloseTo(100 * brownS * 0.2, 0);
    // Deep: each change of health (a brownout's start or end, in either region) costs at most
    // detection (≤ 90 s) + TTL (60 s) at 20%; while both regions brown out at once every record is
    // unhealthy, DNS fails open and 20% fail throughout.
    const eu = own.filter((e) => e.kind === 'brownout' && e.targetName === 'eu-west-1');
    let bothS = 0;
    for (const a of us) for (const b of eu) bothS += Math.max(0, Math.min(a.endS, b.endS) - Math.max(a.startS, b.startS));
    expect(d.failedRequests).toBeLessThan(100 * 0.2 * (bothS + 150 * 2 * (us.length + eu.length)));
    expect(d.failedRequests).toBeGreaterThanOrEqual(100 * 0.2 * bothS * 0.99);
    expect(d.failedRequests).toBeLessThan(s.failedRequests / 10);
  });
});

describe('an expired serving certificate under deep checks', () => {
  const fault = '    - { at: 1h, kind: certificate, target: us, for: 1h }';
  it('is missed by a probe that does not validate certificates (Route 53 HTTPS): every request fails for the hour', () => {
    const ingress = '{ dns: { healthCheckInterval: 30s, failureThreshold: 3, ttl: 60s, healthCheck: { depth: deep, validatesCertificates: false } } }';
    const w = world(scenario({ ingress, deps: '    - { name: x, kind: custom }', uses: 'x', faults: fault }));
    expect(runTraffic(w, 0, 0).traffic!.failedRequests).toBeCloseTo(100 * 3600, 3);
  });
});

describe('certificate expiries from faults.certificates', () => {
  it('fail every request into the expired cluster from expiry until fixed (shallow checks pass)', () => {
    // Every renewal fails: each certificate expires at issue + 10 d and is fixed 1 h later.
    const gray = '  certificates: { lifetime: 10d, renewBefore: 5d, renewalFailure: 100%, retry: 1d, fixTime: { constant: 1h } }';
    const w = world(scenario({ deps: '    - { name: x, kind: custom }', uses: 'x', faults: '    []', gray, horizon: '30d' }));
    const own = designEpisodes({ fleet: w.fleet, scenario: w.scenario, design: 0, resolved: w.designs[0], horizonS: w.scenario.run.horizonS, seed: 'deps', replication: 0 });
    const us = own.filter((e) => e.kind === 'certificate' && e.targetName === 'us');
    expect(us.length).toBeGreaterThanOrEqual(2);
    const t = runDesign(w, 0, 0);
    // The users' answer is us alone: 100/s for each hour us's certificate is expired.
    expect(t.failedRequests).toBeCloseTo(100 * 3600 * us.length, 0);
    expect(t.failedBy.impaired).toBeCloseTo(t.failedRequests, 0);
  });
});

describe('a mesh control plane outage', () => {
  // web in eu; api in us1 and us2 (one call per request, the mesh sends it to any level).
  const yaml = (uses: string) => `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: mesh }
topology: { regions: [ { name: eu-west-1 }, { name: us-east-1 } ] }
clusters:
  - { name: eu, region: eu-west-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 3 } ], controlPlane: { managed: { tier: eks-standard } } }
  - { name: us1, region: us-east-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 3 } ], controlPlane: { managed: { tier: eks-standard } } }
  - { name: us2, region: us-east-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 3 } ], controlPlane: { managed: { tier: eks-standard } } }
workload:
  services:
    - { name: web, replicas: 4, cpu: 500m, memory: 256Mi, concurrencyPerPod: 8, serviceTime: { constant: 5ms }, calls: [ { service: api, callsPerRequest: 1 } ] }
    - { name: api, replicas: 4, cpu: 500m, memory: 256Mi, concurrencyPerPod: 8, serviceTime: { constant: 5ms } }
  userRegions:
    - { name: europe, near: eu-west-1, rate: 50/s, entryService: web, diurnal: { peakToTrough: 1, peakHourUtc: 0 } }
designs:
  - name: split
    placement:
      services:
        web: { clusterAffinity: { clusterNames: [eu] } }
        api: { clusterAffinity: { clusterNames: [us1, us2] }, replicaScheduling: duplicated }
    traffic: { ingress: { dns: {} }, mesh: { localityOrder: [zone, region, any] } }
    dependsOn: [${uses}]
faults:
  dependencies: [ { name: istiod, kind: meshControlPlane } ]
  scripted:
    - { at: 50m, kind: dependency, target: istiod, for: 1h }
    - { at: 1h, kind: cluster, target: us1, for: 30m }
run: { horizon: 2h, seed: mesh }
`;
  it('keeps sending calls to the endpoints it knew: half the calls go to the dead cluster and fail', () => {
    const t = runTraffic(world(yaml('istiod')), 0, 0).traffic!;
    // us1 and us2 each had half of the api pods at the freeze: half the calls fail for 30 min.
    // Then on until us1's pods are ready again (seconds): the frozen list still sends it half.
    expect(t.failedRequests).toBeGreaterThanOrEqual(50 * 1800 * 0.5);
    expect(t.failedRequests).toBeLessThan(50 * (1800 + 60) * 0.5);
  });

  it('without the dependency the mesh drops the dead cluster at once (its data plane is gone)', () => {
    const t = runTraffic(world(yaml('')), 0, 0).traffic!;
    expect(t.failedRequests).toBeLessThan(50 * 1800 * 0.5 * 0.01);
  });
});
