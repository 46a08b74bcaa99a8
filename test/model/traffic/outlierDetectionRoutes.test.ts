import { describe, expect, it } from 'vitest';
import { trafficParts, type TrafficParts } from './parts.js';

/** Three regions, one cluster each; web calls api, which the test places in us and ap only: calls from eu go to the `any` level. */
const yaml = (detection: string) => `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: remote-ejection }
topology:
  regions: [ { name: eu-west-1 }, { name: us-east-1 }, { name: ap-southeast-1 } ]
  links:
    - { between: [eu-west-1, us-east-1], rtt: 70ms }
    - { between: [eu-west-1, ap-southeast-1], rtt: 150ms }
    - { between: [us-east-1, ap-southeast-1], rtt: 200ms }
clusters:
  - { name: eu1, region: eu-west-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 3 } ], controlPlane: { managed: { tier: eks-standard } } }
  - { name: us1, region: us-east-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 3 } ], controlPlane: { managed: { tier: eks-standard } } }
  - { name: ap1, region: ap-southeast-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 3 } ], controlPlane: { managed: { tier: eks-standard } } }
workload:
  services:
    - { name: web, replicas: 2, cpu: 500m, memory: 256Mi, serviceTime: { constant: 5ms }, calls: [ { service: api, callsPerRequest: 1 } ] }
    - { name: api, replicas: 2, cpu: 500m, memory: 256Mi, serviceTime: { constant: 5ms } }
  userRegions:
    - { name: europe, near: eu-west-1, rate: 50/s, entryService: web }
designs:
  - name: d
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { dns: { ttl: 60s } }, mesh: { localityOrder: [zone, region, any], outlierDetection: { ejection: inline, ${detection} } } }
run: { horizon: 1h, seed: remote }
`;

const EU = 0;
const US = 1;
const AP = 2;

interface Rig {
  parts: TrafficParts;
  api: number;
  calls: Float64Array;
  errors: Float64Array;
}

/** api ready in us and ap; `callsPerS` calls a second from eu to api (wired as the fluid model would). */
function rig(detection: string, usReady: number, apReady: number, callsPerS: number | null): Rig {
  const parts = trafficParts(yaml(detection));
  const api = parts.services.indexByName.get('api')!;
  parts.pods.ready[parts.group('api', US)] = usReady;
  parts.pods.ready[parts.group('api', AP)] = apReady;
  const groups = parts.services.serviceCount * parts.network.clusterCount;
  const calls = new Float64Array(groups);
  calls[api * parts.network.clusterCount + EU] = callsPerS ?? 0;
  const errors = new Float64Array(groups);
  if (callsPerS !== null) parts.routes.callsPerS = calls;
  parts.routes.errorRatio = errors;
  return { parts, api, calls, errors };
}

/** An evaluation at `atS`: routes recomputed, then the follow-up asked for (as fluid.ts does). */
function evaluateAt(r: Rig, atS: number): { route: { clusters: number[]; weights: number[] }; nextS: number } {
  r.parts.sim.run({ untilS: atS });
  r.parts.routes.clear();
  const route = r.parts.routes.routeOf(r.api, EU);
  const copy = { clusters: [...route.clusters], weights: [...route.weights] };
  return { route: copy, nextS: r.parts.routes.nextEjectionS(atS) };
}

function partition(r: Rig, a: number, b: number, atS: number): void {
  r.parts.network.setLink(r.parts.network.linkBetween(a, b), 'partition', 0, 0, true, atS);
}

describe('mesh routes, inline ejection of remote endpoints', () => {
  it('a partitioned cluster is ejected consecutive5xx ÷ (calls per endpoint) after the partition, up to max ejection percent', () => {
    // 20 calls/s over 10 endpoints: 2/s each, 5 failures → 2.5 s. 50%: all 5 of us are ejectable.
    const r = rig('maxEjectionPercent: 50, baseEjectionTime: 30s', 5, 5, 20);
    expect(evaluateAt(r, 0).route).toEqual({ clusters: [US, AP], weights: [0.5, 0.5] });
    partition(r, EU, US, 0);
    expect(evaluateAt(r, 0)).toEqual({ route: { clusters: [US, AP], weights: [0.5, 0.5] }, nextS: 2.5 });
    expect(evaluateAt(r, 2.5)).toEqual({ route: { clusters: [AP], weights: [1] }, nextS: 32.5 });
    // Back after 30 s, the partition still there: ejected again 5 ÷ 2/s later, for 60 s.
    expect(evaluateAt(r, 32.5)).toEqual({ route: { clusters: [US, AP], weights: [0.5, 0.5] }, nextS: 35 });
    expect(evaluateAt(r, 35)).toEqual({ route: { clusters: [AP], weights: [1] }, nextS: 95 });
  });

  it('the default 10% ejects one of the ten endpoints: calls keep failing on the other four', () => {
    const r = rig('maxEjectionPercent: 10', 5, 5, 20);
    partition(r, EU, US, 0);
    evaluateAt(r, 0);
    const { route } = evaluateAt(r, 2.5);
    expect(route.clusters).toEqual([US, AP]);
    expect(route.weights[0]).toBeCloseTo(4 / 9, 15);
  });

  it('without call rates wired, a partitioned cluster is taken out one interval after the partition', () => {
    const r = rig('maxEjectionPercent: 100, interval: 10s', 5, 5, null);
    partition(r, EU, US, 0);
    expect(evaluateAt(r, 0).nextS).toBe(10);
    expect(evaluateAt(r, 10).route).toEqual({ clusters: [AP], weights: [1] });
  });

  it('an impaired cluster is ejected after the expected run of consecutive errors: (1 − eⁿ)/((1 − e)eⁿ) ÷ per-endpoint rate', () => {
    // e = 0.5, n = 5: 62 attempts at 2/s → 31 s.
    const r = rig('maxEjectionPercent: 50', 5, 5, 20);
    r.errors[r.api * r.parts.network.clusterCount + US] = 0.5;
    expect(evaluateAt(r, 0).nextS).toBeCloseTo(31, 9);
    expect(evaluateAt(r, 31).route).toEqual({ clusters: [AP], weights: [1] });
    // Well again: back when its ejection ends, and forgotten.
    r.errors[r.api * r.parts.network.clusterCount + US] = 0;
    const back = evaluateAt(r, 61);
    expect(back.route).toEqual({ clusters: [US, AP], weights: [0.5, 0.5] });
    expect(back.nextS).toBe(Number.POSITIVE_INFINITY);
  });

  it('success-rate ejection at the next interval tick for an impaired minority (< 1/(1 + 1.9²) of the endpoints), not for a larger share', () => {
    // 1 of 10 endpoints at 20% errors; 200 calls/s: 20/s each, 200 per 10 s interval ≥ 100.
    const minority = rig('maxEjectionPercent: 50, successRate: {}', 1, 9, 200);
    evaluateAt(minority, 3);
    minority.errors[minority.api * minority.parts.network.clusterCount + US] = 0.2;
    expect(evaluateAt(minority, 3).nextS).toBe(10); // the sweep; consecutive errors would take ~195 s
    expect(evaluateAt(minority, 10).route).toEqual({ clusters: [AP], weights: [1] });
    // 3 of 10: not an outlier; the consecutive-error ejection comes instead ((1 − 0.2⁵)/(0.8·0.2⁵) = 3905 attempts at 20/s).
    const many = rig('maxEjectionPercent: 50, successRate: {}', 3, 7, 200);
    evaluateAt(many, 3);
    many.errors[many.api * many.parts.network.clusterCount + US] = 0.2;
    evaluateAt(many, 3);
    expect(evaluateAt(many, 10).route.clusters).toEqual([US, AP]);
    expect(evaluateAt(many, 20).nextS).toBe(30); // sweeps go on while it fails
    expect(evaluateAt(many, 3 + 3905 / 20 - 0.01).route.clusters).toEqual([US, AP]);
    expect(evaluateAt(many, 3 + 3905 / 20).route.clusters).toEqual([AP]);
    // Too little traffic (5 calls/s: 5 per endpoint per interval < 100): no sweep.
    const quiet = rig('maxEjectionPercent: 50, successRate: {}', 1, 9, 5);
    evaluateAt(quiet, 3);
    quiet.errors[quiet.api * quiet.parts.network.clusterCount + US] = 0.2;
    evaluateAt(quiet, 3);
    expect(evaluateAt(quiet, 10).route.clusters).toEqual([US, AP]);
  });

  it('panic: with fewer than minHealthPercent of the level in rotation, calls spread over every endpoint again', () => {
    const r = rig('maxEjectionPercent: 100, minHealthPercent: 60', 5, 5, 20);
    partition(r, EU, US, 0);
    evaluateAt(r, 0);
    // us ejected: 50% of the level healthy < 60%: panic, both clusters by ready pods.
    expect(evaluateAt(r, 2.5).route).toEqual({ clusters: [US, AP], weights: [0.5, 0.5] });
  });
});
