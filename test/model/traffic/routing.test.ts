import { describe, expect, it } from 'vitest';
import { IngressHealth } from '../../../src/model/traffic/ingress.js';
import { MULTI_TARGET, pickCluster, UserAnswers } from '../../../src/model/traffic/routing.js';
import { trafficParts } from './parts.js';

/** Two clusters in eu, one in us; web everywhere, api only in us; a mesh with [zone, region, any]. */
const yaml = (mesh: boolean) => `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: routes }
topology:
  regions: [ { name: eu-west-1 }, { name: us-east-1 } ]
  links: [ { between: [eu-west-1, us-east-1], rtt: 70ms } ]
clusters:
  - { name: eu1, region: eu-west-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 3 } ], controlPlane: { managed: { tier: eks-standard } } }
  - { name: eu2, region: eu-west-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 3 } ], controlPlane: { managed: { tier: eks-standard } } }
  - { name: us, region: us-east-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 3 } ], controlPlane: { managed: { tier: eks-standard } } }
workload:
  services:
    - { name: web, replicas: 2, cpu: 500m, memory: 256Mi, serviceTime: { constant: 5ms }, calls: [ { service: api, callsPerRequest: 1 } ] }
    - { name: api, replicas: 2, cpu: 500m, memory: 256Mi, serviceTime: { constant: 5ms } }
  userRegions:
    - { name: europe, near: eu-west-1, rate: 50/s, entryService: web }
designs:
  - name: d
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { dns: { ttl: 60s } }${mesh ? ', mesh: { localityOrder: [zone, region, any], outlierDetection: { interval: 10s } }' : ''} }
run: { horizon: 1h, seed: routes }
`;

describe('pickCluster', () => {
  it('maps a uniform draw onto the route by cumulative weight', () => {
    const route = { clusters: [4, 7], weights: [0.25, 0.75] };
    expect(pickCluster(route, 0)).toBe(4);
    expect(pickCluster(route, 0.2499)).toBe(4);
    expect(pickCluster(route, 0.25)).toBe(7);
    expect(pickCluster(route, 0.9999)).toBe(7);
    expect(pickCluster({ clusters: [], weights: [] }, 0.5)).toBe(-1);
  });
});

describe('call routes', () => {
  it('without a mesh keep calls in the caller cluster, even where the callee has no pods', () => {
    const parts = trafficParts(yaml(false));
    parts.pods.ready[parts.group('api', 2)] = 2;
    expect(parts.routes.routeOf(1, 0)).toEqual({ clusters: [0], weights: [1] });
  });

  it('with a mesh go to the first locality level with ready pods, split by ready pods', () => {
    const parts = trafficParts(yaml(true));
    const api = parts.services.indexByName.get('api')!;
    parts.pods.ready[parts.group('api', 2)] = 2;
    expect(parts.routes.routeOf(api, 0)).toEqual({ clusters: [2], weights: [1] }); // only us has api
    parts.routes.clear();
    parts.pods.ready[parts.group('api', 1)] = 1;
    parts.pods.ready[parts.group('api', 0)] = 3;
    expect(parts.routes.routeOf(api, 0)).toEqual({ clusters: [0], weights: [1] }); // zone level
    parts.pods.ready[parts.group('api', 0)] = 0;
    parts.routes.clear();
    expect(parts.routes.routeOf(api, 0)).toEqual({ clusters: [1], weights: [1] }); // region level
    parts.pods.ready[parts.group('api', 1)] = 0;
    parts.routes.clear();
    // Across a partition: still routed (and failing) until outlier detection's interval has passed.
    parts.network.setLink(0, 'partition', 0, 0, true, 0);
    expect(parts.routes.routeOf(api, 0)).toEqual({ clusters: [2], weights: [1] });
    expect(parts.network.deliveredRatio(0, 2)).toBe(0);
    parts.sim.run({ untilS: 10 });
    parts.routes.clear();
    expect(parts.routes.routeOf(api, 0)).toEqual({ clusters: [0], weights: [1] }); // nowhere reachable: fail locally
  });

  it('name the one cluster a route sends everything to, as routeOf computes it, through drops and recomputations', () => {
    const parts = trafficParts(yaml(true));
    const api = parts.services.indexByName.get('api')!;
    const web = parts.services.indexByName.get('web')!;
    const expected = (service: number, from: number) => {
      const route = parts.routes.routeOf(service, from);
      return route.clusters.length === 1 && route.weights[0] === 1 ? route.clusters[0] : MULTI_TARGET;
    };
    // Ready pods per cluster for api, in turn: only us; eu1 and eu2 (a split: two targets); eu2 alone; none.
    const states = [[0, 0, 2], [3, 1, 2], [0, 1, 2], [0, 0, 0]];
    for (const [i, ready] of states.entries()) {
      ready.forEach((n, c) => (parts.pods.ready[parts.group('api', c)] = n));
      // Dropped as an evaluation drops them: all at once, or by service.
      if (i % 2 === 0) parts.routes.clear();
      else {
        parts.routes.serviceChanged(api);
        parts.routes.beginEvaluation(parts.sim.now);
      }
      // Read before routeOf (computed by singleTargetOf) and after (kept).
      const first = [0, 1, 2].map((from) => parts.routes.singleTargetOf(api, from));
      expect(first).toEqual([0, 1, 2].map((from) => expected(api, from)));
      expect([0, 1, 2].map((from) => parts.routes.singleTargetOf(api, from))).toEqual(first);
    }
    // One target in another region, a split over the any level, and no pods anywhere (calls fail where they are made).
    parts.pods.ready.fill(0);
    [2, 0, 0].forEach((n, c) => (parts.pods.ready[parts.group('api', c)] = n));
    parts.routes.clear();
    expect(parts.routes.singleTargetOf(api, 1)).toBe(0);
    [3, 1, 0].forEach((n, c) => (parts.pods.ready[parts.group('api', c)] = n));
    parts.routes.clear();
    expect(parts.routes.singleTargetOf(api, 2)).toBe(MULTI_TARGET); // any level: eu1 and eu2 by 3:1
    expect(parts.routes.singleTargetOf(web, 2)).toBe(2); // no web pods anywhere: fails locally, one target
  });

  it('degraded links add latency and lose calls; partitions heal', () => {
    const parts = trafficParts(yaml(true));
    const baseMs = parts.network.rttMs(0, 2);
    parts.network.setLink(0, 'degrade', 40, 0.02, true, 0);
    expect(parts.network.rttMs(0, 2)).toBe(baseMs + 40);
    expect(parts.network.deliveredRatio(0, 2)).toBeCloseTo(0.98, 15);
    expect(parts.network.deliveredRatio(0, 1)).toBe(1); // same region: no link
    expect(parts.network.linkState(2, 0)).toEqual({ partitioned: false, lossRatio: 0.02 });
    parts.network.setLink(0, 'degrade', 40, 0.02, false, 0);
    expect(parts.network.rttMs(0, 2)).toBe(baseMs);
  });
});

describe('user answers', () => {
  it('pick the nearest clusters with the entry service, and keep a stale cohort under DNS when one leaves', () => {
    const parts = trafficParts(yaml(false));
    const policy = parts.world.scenario.designs[0].traffic.ingress;
    const ingress = new IngressHealth(parts.sim, policy, parts.services.serviceCount * 3, { next: () => 0.5 } as never, undefined);
    const answers = new UserAnswers(parts.sim, parts.state, parts.network, ingress, parts.world.scenario, parts.services.indexByName);
    for (let c = 0; c < 3; c++) parts.pods.ready[parts.group('web', c)] = 2;
    answers.update(0);
    // Both eu clusters are equally near (a tie), us is 70 ms further.
    expect(answers.answer[0]).toEqual({ clusters: [0, 1], weights: [0.5, 0.5] });
    expect(answers.staleCohort[0]).toBeNull();
    ingress.inView[parts.group('web', 1)] = 0; // health checks took eu2 out
    answers.update(0);
    expect(answers.answer[0]).toEqual({ clusters: [0], weights: [1] });
    expect(answers.staleCohort[0]).toEqual({ route: { clusters: [0, 1], weights: [0.5, 0.5] }, sinceS: 0 });
    expect(answers.staleShare(0)).toBe(1); // at the change every client still holds the old answer
    parts.sim.run({ untilS: 61 });
    expect(answers.staleShare(0)).toBe(0); // the 60 s TTL is over
    answers.expireStale(0);
    expect(answers.staleCohort[0]).toBeNull();
  });
});
