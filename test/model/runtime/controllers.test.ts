import { describe, expect, it } from 'vitest';
import { run, singleCluster, world } from './fixture.js';
import { lognormalFromMedianP99 } from '../../../src/engine/distributions.js';

const startupP999 = lognormalFromMedianP99(2, 5).quantile(0.999);
const nodeFaults = (nodes: number[], atS: number, forS: string) =>
  '  scripted:\n' + nodes.map((n) => `    - { at: ${atS}s, kind: node, target: c1/pool/${n}, for: ${forS} }`).join('\n');

describe('eviction rate limits (kube-controller-manager zone states)', () => {
  it('a fully disrupted zone is tainted at 0.1 nodes/s: the 20th node is evicted ≈ 190 s after the first', () => {
    // 60 nodes over 3 zones: zone a holds 20. Its outage puts all 20 NotReady within ~15 s; while
    // more than 55% but not all are NotReady the zone is "partially disrupted" (0.01/s in a cluster
    // over 50 nodes); once all are, it is fully disrupted and tainting runs at the primary 0.1/s.
    const w = world(singleCluster({ nodes: 60, replicas: 60, faults: '  scripted:\n    - { at: 0s, kind: zone, target: us-east-1a, for: 2h }', run: '  horizon: 40m\n  seed: zone' }));
    for (let rep = 0; rep < 20; rep++) {
      const f = run(w, 0, rep).faults[0];
      expect(f.podsLost).toBe(20);
      const sinceFirst = f.recoveredS - f.detectedS;
      // 19 more taints 10 s apart (+ up to one 15 s wait for the zone to turn fully disrupted),
      // then 300 s toleration, scheduling and startup.
      expect(sinceFirst).toBeGreaterThan(190 + 300);
      expect(sinceFirst).toBeLessThan(190 + 15 + 300 + startupP999 + 1);
    }
  });

  it('a partially disrupted zone in a small cluster (≤ 50 nodes) stops evicting: pods wait for the repair', () => {
    // 9 nodes in one zone; 6 fail together (67% > 55%, more than 2): eviction rate 0.
    const w = world(singleCluster({ nodes: 9, replicas: 9, zones: 1, faults: nodeFaults([0, 1, 2, 3, 4, 5], 0, '1h'), run: '  horizon: 2h\n  seed: partial' }));
    for (let rep = 0; rep < 10; rep++) {
      const r = run(w, 0, rep);
      // Nodes turn NotReady in batches at monitor passes. Those tainted before the zone counts as
      // "partially disrupted" (at most 4 of the 6: the 5th NotReady makes it 56%) are evicted and
      // replaced ~6 min in — possibly none, if five fall in one pass; the rest wait, so full capacity
      // only returns after the repair at 1 h. Without the rule every pod would be back within ~7 min.
      const last = Math.max(...r.faults.map((f) => f.recoveredS));
      expect(last).toBeGreaterThan(3600);
      expect(last).toBeLessThan(3600 + startupP999 + 6);
      const replacedEarly = r.faults.filter((f) => f.recoveredS < 3600).length;
      expect(replacedEarly).toBeLessThanOrEqual(4);
    }
  });
});

describe('control plane down: nothing is detected, evicted or rescheduled; running pods keep serving', () => {
  it('a node that dies during an API outage is handled only after the API returns, with a fresh grace period', () => {
    const faults = '  scripted:\n    - { at: 10s, kind: controlPlane, target: c1, for: 20m }\n    - { at: 30s, kind: node, target: c1/pool/0, for: 3h }';
    const w = world(singleCluster({ nodes: 6, replicas: 12, faults, run: '  horizon: 1h\n  seed: cp' }));
    for (let rep = 0; rep < 10; rep++) {
      const r = run(w, 0, rep);
      const node = r.faults.find((f) => f.kind === 'node')!;
      const apiBackS = 10 + 1200;
      // NotReady at the first monitor pass more than 40 s after the API returns (5 s passes).
      expect(node.detectedS).toBeGreaterThan(apiBackS + 40);
      expect(node.detectedS).toBeLessThanOrEqual(apiBackS + 45 + 1e-9);
      expect(node.recoveredS - node.detectedS - 300).toBeGreaterThan(0);
      expect(node.recoveredS - node.detectedS - 300).toBeLessThan(startupP999 + 0.2);
      // The other 10 pods served throughout.
      expect(r.services[0].minReady).toBe(10);
      const cp = r.faults.find((f) => f.kind === 'controlPlane')!;
      expect(cp.recoveredS).toBeCloseTo(apiBackS, 9);
      expect(r.clusters[0].apiWritableRatio).toBeCloseTo(1 - 1200 / 3600, 9);
    }
  });
});

const twoClusters = (purge: string) => `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: karmada }
topology:
  regions: [ { name: eu-west-1 }, { name: us-east-1 } ]
clusters:
  - { name: eu, region: eu-west-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 4 } ], controlPlane: { managed: { tier: eks-standard } } }
  - { name: us, region: us-east-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 4 } ], controlPlane: { managed: { tier: eks-standard } } }
workload:
  services:
    - { name: api, replicas: 8, cpu: 500m, memory: 512Mi, serviceTime: { exponential: { mean: 10ms } } }
  userRegions:
    - { name: users, near: eu-west-1, rate: 100/s, entryService: api }
designs:
  - name: replicated
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { dns: {} } }
  - name: segmented
    placement:
      default:
        replicaScheduling: { type: divided, division: weighted, weights: { eu: 1, us: 1 } }
        failover: { enabled: true, toleration: 300s, purgeMode: ${purge} }
    karmada: { version: "1.18", failoverGate: true, clusterTaintPolicy: { effect: NoExecute }, noExecuteTaintEviction: true }
    traffic: { ingress: { dns: {} } }
faults:
  scripted:
    - { at: 100s, kind: cluster, target: us, for: 3h }
run: { horizon: 4h, seed: karmada }
`;

describe('Karmada cluster failover', () => {
  it('segmented: the failed cluster is noticed after the 30 s threshold (10 s probes), its replicas move after the 300 s toleration', () => {
    const w = world(twoClusters('Immediately'));
    for (let rep = 0; rep < 10; rep++) {
      const r = run(w, 1, rep, { timelineStepS: 60 });
      const f = r.faults[0];
      expect(f.podsLost).toBe(4);
      expect(f.detectedS).toBeGreaterThanOrEqual(100 + 30);
      expect(f.detectedS).toBeLessThan(100 + 30 + 10);
      expect(f.failedOverS).toBeCloseTo(f.detectedS + 300, 9);
      // Four replacements scheduled in eu (100 pods/s) and started.
      expect(f.recoveredS - f.failedOverS).toBeGreaterThan(0);
      expect(f.recoveredS - f.failedOverS).toBeLessThan(startupP999 + 0.1);
      // After the cluster returns (3 h later) nothing moves back and nothing is doubled (purged immediately).
      expect(r.timeline!.ready.at(-1)![0]).toBe(8);
    }
  });

  it('purge mode Never keeps the evicted replicas: when the cluster returns they serve again, on top of the moved ones', () => {
    const r = run(world(twoClusters('Never')), 1, 0, { timelineStepS: 60 });
    expect(r.timeline!.ready.at(-1)![0]).toBe(12);
  });

  it('replicated (duplicated) services are not moved: capacity stays halved until the cluster returns', () => {
    const w = world(twoClusters('Immediately'));
    const r = run(w, 0, 0);
    const f = r.faults[0];
    expect(f.podsLost).toBe(8);
    expect(f.failedOverS).toBeNaN();
    expect(f.recoveredS).toBeGreaterThan(f.endS);
    expect(f.recoveredS - f.endS).toBeLessThan(startupP999);
    expect(r.services[0].minReady).toBe(8);
  });
});

describe('etcd inside the fleet (self-managed control plane)', () => {
  const etcdCluster = (faults: string) =>
    world(
      singleCluster({
        nodes: 6,
        replicas: 6,
        controlPlane: 'selfManaged: { etcd: { members: 3 } }',
        faults,
        run: '  horizon: 2h\n  seed: etcd',
      }),
    );

  it('a leader crash costs one election: writes back within the randomized timeout plus a commit', () => {
    const w = etcdCluster('  scripted:\n    - { at: 600s, kind: etcdLeader, target: c1, for: 10m }');
    for (let rep = 0; rep < 10; rep++) {
      const r = run(w, 0, rep);
      const f = r.faults[0];
      const downS = f.recoveredS - f.startS;
      // etcd: followers campaign after 10–19 ticks of 100 ms without a heartbeat; then a vote round
      // and a commit over ~1 ms RTTs. So between 0.9 s (a heartbeat just missed) and ~2.0 s.
      expect(downS).toBeGreaterThan(0.85);
      expect(downS).toBeLessThan(2.1);
      expect(r.clusters[0].apiWritableRatio).toBeCloseTo(1 - downS / 7200, 9);
    }
  });

  it('losing a follower keeps quorum: no API impact at all', () => {
    const w = etcdCluster('  scripted:\n    - { at: 600s, kind: etcdMember, target: c1/1, for: 10m }');
    const r = run(w, 0, 0);
    // Member 1 is a follower (member 0 leads at the start).
    expect(r.faults[0].recoveredS).toBe(600);
    expect(r.clusters[0].apiWritableRatio).toBe(1);
  });

  it('losing two of three members stops writes until one returns; node failures meanwhile wait', () => {
    const faults =
      '  scripted:\n    - { at: 600s, kind: etcdMember, target: c1/1, for: 30m }\n    - { at: 600s, kind: etcdMember, target: c1/2, for: 20m }\n    - { at: 700s, kind: node, target: c1/pool/0, for: 2h }';
    const r = run(etcdCluster(faults), 0, 0);
    const node = r.faults.find((f) => f.kind === 'node')!;
    // Quorum returns when member 2 does, at 1800 s (plus an election); only then is the node noticed.
    expect(node.detectedS).toBeGreaterThan(1800 + 40);
    expect(r.clusters[0].apiWritableRatio).toBeLessThan(1 - 1200 / 7200 + 1e-9);
    expect(r.clusters[0].apiWritableRatio).toBeGreaterThan(1 - 1205 / 7200);
  });
});

describe('cluster autoscaler', () => {
  it('provisions a node for pods that do not fit, after the decision and provisioning delays, and bills its hours', () => {
    // m6i.xlarge: ~3.92 allocatable vCPU, so 4 pods of 900m per node: 2 nodes hold 8 of 12 pods.
    const yaml = singleCluster({ nodes: 2, replicas: 12, run: '  horizon: 2h\n  seed: ca' })
      .replace('{ name: pool, instanceType: m6i.xlarge, count: 2 }', '{ name: pool, instanceType: m6i.xlarge, count: 2, autoscaling: { min: 2, max: 4 } }')
      .replace('cpu: 500m', 'cpu: 900m');
    const w = world(yaml);
    expect(w.designs[0].placement.pendingPods).toBe(4);
    for (let rep = 0; rep < 5; rep++) {
      const r = run(w, 0, rep, { timelineStepS: 1 });
      expect(r.autoscaledNodes).toBe(1);
      const ready = r.timeline!.ready.map((x) => x[0]);
      const fullAt = ready.indexOf(12);
      // Decision (lognormal median 5 s) + provisioning (median 60 s, p99 240 s) + pod startup.
      expect(fullAt).toBeGreaterThan(5);
      expect(fullAt).toBeLessThan(30 + 240 + 10);
      expect(ready.slice(0, 5).every((x) => x === 8)).toBe(true);
      // Two nodes for 2 h plus the third from when it joined.
      const pool = r.pools[0];
      expect(pool.peakNodes).toBe(3);
      expect(pool.nodeHours).toBeGreaterThan(4 + (7200 - fullAt) / 3600 - 1e-9);
      expect(pool.nodeHours).toBeLessThan(6);
    }
  });
});

describe('Karmada failover when the policy cannot be met without the failed cluster', () => {
  it('keeps the healthy clusters as they were (the scheduler fails; nothing is zeroed), and reschedules when the cluster returns', () => {
    // Divided over two regions with a spread constraint of at least 2 regions: after one region
    // fails, no placement satisfies the policy. The surviving cluster must keep its replicas.
    const yaml = twoClusters('Immediately').replace(
      "replicaScheduling: { type: divided, division: weighted, weights: { eu: 1, us: 1 } }",
      "replicaScheduling: { type: divided, division: weighted, weights: { eu: 1, us: 1 } }\n        spreadConstraints: [{ spreadByField: region, minGroups: 2 }]",
    );
    const r = run(world(yaml), 1, 0, { timelineStepS: 60 });
    const f = r.faults[0];
    expect(f.failedOverS).toBeCloseTo(f.detectedS + 300, 9); // the eviction happened
    expect(r.services[0].minReady).toBe(4); // eu kept its 4 throughout
    // When us returns, the scheduler retries the binding it could not schedule: 4 + 4 again.
    expect(r.timeline!.ready.at(-1)![0]).toBe(8);
  });
});
