import { describe, expect, it } from 'vitest';
import { constant } from '../../../src/engine/distributions.js';
import { createStream } from '../../../src/engine/rng.js';
import { certificateExpiries, dependencyEpisodes } from '../../../src/model/faults/dependencies.js';
import type { CertificateSpec } from '../../../src/scenario/types.js';
import { world, type World } from '../runtime/fixture.js';

const DAY_S = 86_400;
const YEAR_S = 365 * DAY_S;

const yaml = (extra: string) => `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: deps }
topology: { regions: [ { name: eu-west-1 }, { name: us-east-1 } ] }
clusters:
  - { name: eu, region: eu-west-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 2 } ], controlPlane: { managed: { tier: eks-standard } } }
  - { name: us, region: us-east-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 2 } ], controlPlane: { managed: { tier: eks-standard } } }
workload:
  services:
    - { name: web, replicas: 2, cpu: 500m, memory: 256Mi, serviceTime: { constant: 5ms } }
  userRegions:
    - { name: europe, near: eu-west-1, rate: 10/s, entryService: web }
designs:
  - name: a
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { dns: {} } }
    dependsOn: [route53]
  - name: b
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { dns: {} } }
    dependsOn: [idp, route53]
  - name: euOnly
    placement: { default: { replicaScheduling: duplicated, clusterAffinity: { clusterNames: [eu] } } }
    traffic: { ingress: { anycast: {} } }
faults:
  dependencies:
    - { name: route53, kind: dns, perYear: 50, duration: { constant: 1h } }
    - { name: idp, kind: identity, perYear: 4, duration: { exponential: { mean: 30m } } }
${extra}
run: { horizon: 365d, seed: deps }
`;

const episodes = (w: World, design: number, replication: number) =>
  dependencyEpisodes({ fleet: w.fleet, scenario: w.scenario, design, resolved: w.designs[design], horizonS: w.scenario.run.horizonS, seed: 'deps', replication });

describe('dependency outages', () => {
  const w = world(yaml(''));

  it('come only to the designs that list the dependency, the same outages for each (paired)', () => {
    const a = episodes(w, 0, 3);
    const b = episodes(w, 1, 3);
    expect(a.length).toBeGreaterThan(0);
    expect(episodes(w, 2, 3)).toEqual([]);
    const route53 = (eps: typeof a) => eps.filter((e) => e.targetName === 'route53');
    expect(route53(b)).toEqual(route53(a));
    expect(b.some((e) => e.targetName === 'idp' && e.kind === 'dependency' && e.targetId === 1)).toBe(true);
    expect(a.every((e) => e.kind === 'dependency' && e.origin === 'route53' && e.targetId === 0 && e.endS - e.startS === 3600)).toBe(true);
  });

  it('are Poisson: counts per year have the renewal-process mean and a variance near the mean (400 replications)', () => {
    // Gaps exponential with mean 1 y / 50 after each 1 h outage: mean count ≈ 1 y / (1 y / 50 + 1 h).
    const n = 400;
    const counts = Array.from({ length: n }, (_, r) => episodes(w, 0, r).length);
    const mean = counts.reduce((x, y) => x + y, 0) / n;
    const variance = counts.reduce((x, y) => x + (y - mean) ** 2, 0) / (n - 1);
    const expected = YEAR_S / (YEAR_S / 50 + 3600);
    // Standard error √(≈ 50 / 400) ≈ 0.35: four of them.
    expect(Math.abs(mean - expected)).toBeLessThan(4 * Math.sqrt(expected / n));
    // Dispersion index of a Poisson count is 1; its sampling sd here is about √(2/n) ≈ 0.07.
    expect(variance / mean).toBeGreaterThan(0.75);
    expect(variance / mean).toBeLessThan(1.25);
  });
});

describe('gray failures', () => {
  const w = world(yaml('  grayFailures: { perYear: 12, duration: { constant: 3h }, errors: "5%", extraLatency: 400ms, blocksNodeLaunches: true }'));

  it('are brownouts of every region from its own stream, the same for every design, with their impairment', () => {
    const gray = (d: number) => episodes(w, d, 1).filter((e) => e.kind === 'brownout');
    const a = gray(0);
    expect(a.length).toBeGreaterThan(5);
    expect(gray(2)).toEqual(a);
    const eu = a.filter((e) => e.targetName === 'eu-west-1');
    expect(eu.length).toBeGreaterThan(0);
    expect(eu[0].impairment).toEqual({ clusters: [w.fleet.clusterByName.get('eu')], services: undefined, scope: 'pods', errorRatio: 0.05, extraLatencyMs: 400, capacityLostRatio: 0 });
    expect(eu.every((e) => e.blocksNodeLaunches === true && e.endS - e.startS === 3 * 3600 && e.origin === 'grayFailures')).toBe(true);
  });
});

describe('certificate expiries', () => {
  const spec = (over: Partial<CertificateSpec>): CertificateSpec => ({ lifetimeS: 90 * DAY_S, renewBeforeS: 30 * DAY_S, renewalFailureRatio: 0.5, retryS: 10 * DAY_S, fixTime: { kind: 'constant', valueS: 7200 }, client: false, ...over });

  it('happen when all k = ⌈renewBefore / retry⌉ attempts fail: p^k per renewal (p = 0.5, k = 3), by renewal-reward', () => {
    // A cycle lasts lifetime − renewBefore (60 d) plus 10 d × the successful attempt's index, or
    // 30 d + the fix (2 h) when all three fail. E[cycle] = 60 + 10 × (0.25 + 2 × 0.125) + 0.125 × (30 + 1/12) d;
    // expiries per unit time = p^k / E[cycle].
    const p = 0.5;
    const k = 3;
    const cycleD = 60 + 10 * (1 * (1 - p) * p + 2 * (1 - p) * p * p) + p ** k * (30 + 2 / 24);
    const horizonS = 100 * YEAR_S;
    let expiries = 0;
    let streams = 0;
    for (let i = 0; i < 50; i++, streams++) {
      certificateExpiries(createStream('cert', i, 'faults/certificates/c'), spec({}), constant(7200), horizonS, (s, e) => {
        expiries++;
        expect(e - s).toBe(7200);
      });
    }
    const expected = (streams * (horizonS / DAY_S) * p ** k) / cycleD;
    // ≈ 3 300 expiries, sd ≈ 55 (1.7%): a 6% tolerance.
    expect(Math.abs(expiries - expected) / expected).toBeLessThan(0.06);
  });

  it('with the defaults (5% per attempt, a try every 12 h for 30 days: k = 60) practically never happen', () => {
    let expiries = 0;
    for (let i = 0; i < 20; i++) certificateExpiries(createStream('cert', i, 'faults/certificates/c'), spec({ renewalFailureRatio: 0.05, retryS: 12 * 3600 }), constant(3600), 10 * YEAR_S, () => expiries++);
    expect(expiries).toBe(0);
  });

  it('every attempt failing: the certificate expires at issue + lifetime, and the fixed one expires again a lifetime later', () => {
    const starts: number[] = [];
    certificateExpiries(createStream('cert', 0, 'x'), spec({ renewalFailureRatio: 1 }), constant(7200), 400 * DAY_S, (s) => starts.push(s));
    expect(starts.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeCloseTo(90 * DAY_S + 7200, 3);
    // The first certificate's age at t = 0 is uniform over [0, 60 d): it expires within (30 d, 90 d].
    expect(starts[0]).toBeGreaterThan(30 * DAY_S);
    expect(starts[0]).toBeLessThanOrEqual(90 * DAY_S);
  });

  it('come from faults.certificates for the clusters a design uses, the same for designs sharing a cluster, failing users at the ingress', () => {
    const w = world(yaml('  certificates: { renewalFailure: "100%" }'));
    const cert = (d: number) => episodes(w, d, 0).filter((e) => e.kind === 'certificate');
    const a = cert(0);
    expect(new Set(a.map((e) => e.targetName))).toEqual(new Set(['eu', 'us']));
    const euOnly = cert(2);
    expect(euOnly.map((e) => e.targetName).every((n) => n === 'eu')).toBe(true);
    expect(euOnly).toEqual(a.filter((e) => e.targetName === 'eu'));
    expect(a[0].impairment).toMatchObject({ scope: 'ingress', errorRatio: 1 });
  });
});
