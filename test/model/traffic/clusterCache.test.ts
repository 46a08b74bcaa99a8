import { describe, expect, it } from 'vitest';
import { ClusterEvaluationCache, type ClusterEvaluation } from '../../../src/model/traffic/clusterCache.js';
import { trafficParts, type TrafficParts } from './parts.js';

/** Three clusters: a and b alike (same region, zones); c in another region, where api's data may not be. */
const yaml = `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: cache }
topology: { regions: [ { name: eu-west-1 }, { name: us-east-1 } ] }
clusters:
  - { name: a, region: eu-west-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 3 } ], controlPlane: { managed: { tier: eks-standard } } }
  - { name: b, region: eu-west-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 3 } ], controlPlane: { managed: { tier: eks-standard } } }
  - { name: c, region: us-east-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 3 } ], controlPlane: { managed: { tier: eks-standard } } }
workload:
  services:
    - { name: web, replicas: 3, cpu: 500m, memory: 256Mi, serviceTime: { constant: 5ms }, calls: [ { service: api, callsPerRequest: 1 } ] }
    - { name: api, replicas: 3, cpu: 500m, memory: 256Mi, serviceTime: { constant: 5ms } }
  userRegions:
    - { name: europe, near: eu-west-1, rate: 50/s, entryService: web }
designs:
  - name: d
    placement:
      default: { replicaScheduling: duplicated }
      services:
        api: { residency: { allowedRegions: ["eu-*"], enforcement: audit } }
    traffic: { ingress: { dns: {} } }
run: { horizon: 1h, seed: cache }
`;

describe('the per-cluster evaluation cache', () => {
  function setUp() {
    const parts = trafficParts(yaml);
    for (let c = 0; c < 3; c++) {
      parts.pods.ready[parts.group('web', c)] = 3;
      parts.pods.ready[parts.group('api', c)] = 3;
    }
    const cache = new ClusterEvaluationCache(parts.services, parts.network, parts.state);
    const computed: number[] = [];
    const compute = (cluster: number): ClusterEvaluation => {
      computed.push(cluster);
      return { successRatio: new Float64Array(2), servedPerS: cluster, logBytesPerS: 0, interZoneBytesPerS: 0, residencyViolationsPerS: 0, deadEndpointPerS: 0, shedPerS: 0, noReplicaPerS: 0, impairedPerS: 0,
      timeoutPerS: 0, peakUtilization: 0, latency: [null, null] };
    };
    const entry = new Float64Array(parts.services.serviceCount * 3);
    const web = parts.services.indexByName.get('web')!;
    const setEntry = (cluster: number, perS: number) => (entry[parts.group('web', cluster)] = perS);
    const evaluate = (cluster: number) => cache.evaluation(cluster, entry, [web], compute);
    /** Change a group's counts, as the runtime does, and tell the cache. */
    const setPods = (service: string, cluster: number, ready: number, lost: number) => {
      const g = parts.group(service, cluster);
      parts.pods.ready[g] = ready;
      parts.pods.lost[g] = lost;
      cache.podsChanged(g, ready, lost);
    };
    return { parts, cache, computed, evaluate, setEntry, setPods };
  }

  it('shares one evaluation between alike clusters with equal pods and entry traffic', () => {
    const { computed, evaluate, setEntry } = setUp();
    setEntry(0, 25);
    setEntry(1, 25);
    const a = evaluate(0);
    expect(evaluate(0)).toBe(a); // unchanged: the current evaluation, no lookup
    expect(evaluate(1)).toBe(a); // an identical sibling: a cache hit
    expect(computed).toEqual([0]);
  });

  it('tells apart clusters whose pods, entry traffic or static traits differ', () => {
    const { computed, evaluate, setEntry, setPods } = setUp();
    setEntry(0, 25);
    setEntry(1, 25);
    setEntry(2, 25);
    const a = evaluate(0);
    expect(evaluate(2)).not.toBe(a); // other region: api's data may not be there
    setPods('api', 1, 2, 1); // one api pod dead but listed
    const b = evaluate(1);
    expect(b).not.toBe(a);
    setEntry(1, 25.000000000000004); // one ulp more traffic
    setPods('api', 1, 3, 0);
    expect(evaluate(1)).not.toBe(a);
    setEntry(1, 25);
    expect(evaluate(1)).toBe(a); // back to a's state: a's evaluation again
    expect(computed).toEqual([0, 2, 1, 1]);
  });

  it('keys pod counts by service and not by the order in which they changed', () => {
    const { computed, evaluate, setEntry, setPods } = setUp();
    setEntry(0, 25);
    setEntry(1, 25);
    setPods('web', 0, 2, 1);
    setPods('api', 0, 1, 0);
    const a = evaluate(0);
    setPods('api', 1, 1, 0);
    setPods('web', 1, 2, 1);
    expect(evaluate(1)).toBe(a);
    // The same counts on swapped services are another state.
    setPods('web', 1, 1, 0);
    setPods('api', 1, 2, 1);
    expect(evaluate(1)).not.toBe(a);
    expect(computed).toEqual([0, 1]);
  });

  it('never shares an evaluation between different states whose hashes collide', () => {
    // Found by searching entry-rate pairs with the old cache, whose key was only a 53-bit hash (of
    // the pod counts, static traits and entry rates): web 11/s + api 1/s and web 22/s + api 0/s in
    // cluster a, pods as set up, got one key, so the second state was handed the first's evaluation.
    const { parts, computed, cache } = setUp();
    const web = parts.services.indexByName.get('web')!;
    const api = parts.services.indexByName.get('api')!;
    const entry = new Float64Array(parts.services.serviceCount * 3);
    const compute = (cluster: number): ClusterEvaluation => {
      computed.push(cluster);
      return { successRatio: new Float64Array(2), servedPerS: entry[parts.group('web', cluster)], logBytesPerS: 0, interZoneBytesPerS: 0, residencyViolationsPerS: 0, deadEndpointPerS: 0, shedPerS: 0, noReplicaPerS: 0, impairedPerS: 0,
      timeoutPerS: 0, peakUtilization: 0, latency: [null, null] };
    };
    const evaluateAt = (webPerS: number, apiPerS: number) => {
      entry[parts.group('web', 0)] = webPerS;
      entry[parts.group('api', 0)] = apiPerS;
      return cache.evaluation(0, entry, [web, api], compute);
    };
    const first = evaluateAt(11, 1);
    const second = evaluateAt(22, 0);
    expect(second).not.toBe(first);
    expect(second.servedPerS).toBe(22); // its own evaluation, not the other state's
    expect(computed).toEqual([0, 0]);
    expect(evaluateAt(11, 1)).toBe(first); // each is still found again
    expect(evaluateAt(22, 0)).toBe(second);
    expect(computed).toEqual([0, 0]);
  });

  it('re-evaluates a cluster after invalidation only through the cache', () => {
    const { cache, computed, evaluate, setEntry } = setUp();
    setEntry(0, 25);
    const a = evaluate(0);
    cache.invalidateAll();
    expect(evaluate(0)).toBe(a); // same key: a lookup, not a computation
    expect(computed).toEqual([0]);
  });
});
