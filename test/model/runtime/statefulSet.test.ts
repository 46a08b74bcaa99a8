import { describe, expect, it } from 'vitest';
import type { Scenario, StatefulSetSpec } from '../../../src/scenario/types.js';
import { FaultRecorder, type FaultRecord } from '../../../src/model/runtime/faultRecords.js';
import { FaultReplay } from '../../../src/model/replication/faultReplay.js';
import { ReplicationMetrics } from '../../../src/model/replication/replicationMetrics.js';
import { wireReplication, type ReplicationWiring } from '../../../src/model/replication/replicationWiring.js';
import { MAX_WAIT_FOR_UNMOUNT_S } from '../../../src/model/runtime/statefulVolumes.js';
import { POD_READY } from '../../../src/model/runtime/state.js';
import { faultsOf, world, type World } from './fixture.js';
import { controllerRig } from './controllerRig.js';
import { autoscalerRig } from './autoscalerRig.js';

/**
 * StatefulSet semantics in the Kubernetes runtime (docs/state-statefulsets.md), with round timings:
 * pods start in exactly 2 s, the scheduler binds 100 pods/s, tolerationSeconds is 300 s. Every
 * expected time is worked out here from those settings and the node's NotReady time the run reports
 * (NotReady itself is checked against the lease mechanism in nodeFailureTimeline.test.ts).
 */
const STARTUP_S = 2;
const TOLERATION_S = 300;
/** Scheduling slack: at most a few pods queue at 100 pods/s. */
const SCHED_S = 0.05;

/** One cluster, six nodes over three zones (two per zone), a Deployment `web` and a service `db`. */
function scenario(faults: string, horizon = '1h'): string {
  return `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: statefulset }
topology:
  regions:
    - name: us-east-1
clusters:
  - name: c1
    region: us-east-1
    zones: [us-east-1a, us-east-1b, us-east-1c]
    kubernetesVersion: "1.31"
    nodePools:
      - { name: pool, instanceType: m6i.xlarge, count: 6 }
    controlPlane:
      managed: { tier: eks-standard }
    daemonSets: []
    kubernetes: { podStartup: ${STARTUP_S}s }
workload:
  services:
    - { name: web, replicas: 6, cpu: 500m, memory: 512Mi, serviceTime: { exponential: { mean: 10ms } } }
    - { name: db, replicas: 6, cpu: 500m, memory: 512Mi, serviceTime: { exponential: { mean: 10ms } } }
  userRegions:
    - { name: users, near: us-east-1, rate: 100/s, entryService: web }
designs:
  - name: only
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { dns: {} } }
faults:
  scripted:
${faults}
run:
  horizon: ${horizon}
  replications: 1
  seed: sts
`;
}

/** The resolved scenario with `db` running as a StatefulSet (spread into its resolved service), or as a Deployment. */
function withStatefulDb(w: World, sts: StatefulSetSpec | undefined): Scenario {
  const services = w.scenario.workload.services.map((s) => (s.name === 'db' ? { ...s, statefulSet: sts === undefined ? undefined : { ...sts } } : s));
  return { ...w.scenario, workload: { ...w.scenario.workload, services } };
}

interface Outcome {
  w: ReplicationWiring;
  faults: readonly FaultRecord[];
  /** Per service: [time, ready pods] at every change. */
  ready: Map<string, [number, number][]>;
  /** Per node: when it was marked NotReady (last time). */
  notReadyS: Map<number, number>;
  /** db pods per zone id at the start. */
  dbZonesAtStart: Map<number, number>;
}

/**
 * One replication as runReplication runs it, plus the one step the wiring does not take yet: telling
 * the controllers which services are StatefulSets (from the scenario's services, by name).
 */
function simulate(yaml: string, sts: StatefulSetSpec | undefined, horizonS = 3600): Outcome {
  const base = world(yaml);
  const sc = withStatefulDb(base, sts);
  const input = {
    fleet: base.fleet,
    clusters: sc.clusters,
    design: sc.designs[0],
    resolved: base.designs[0],
    faults: faultsOf(base, 0, horizonS),
    seed: sc.run.seed,
    replication: 0,
    horizonS,
    warmupS: 0,
  };
  const w = wireReplication(input);
  if (!w.kube.volumes.configured) w.kube.configureStatefulSets(w.services.map((s) => sc.workload.services.find((x) => x.name === s.name)?.statefulSet));
  const recorder = new FaultRecorder();
  new ReplicationMetrics(w, recorder, 0);
  new FaultReplay(w, recorder).schedule(input.faults, horizonS);
  const ready = new Map<string, [number, number][]>(w.services.map((s, i) => [s.name, [[0, w.st.serviceReady[i]]]]));
  const previous = w.st.onGroupChange;
  w.st.onGroupChange = (s, c) => {
    previous?.(s, c);
    const list = ready.get(w.services[s].name)!;
    if (list[list.length - 1][1] !== w.st.serviceReady[s]) list.push([w.sim.now, w.st.serviceReady[s]]);
  };
  const notReadyS = new Map<number, number>();
  const observer = w.kube.lifecycle.observer;
  w.kube.lifecycle.observer = {
    nodeNotReady: (node, t) => {
      observer.nodeNotReady?.(node, t);
      notReadyS.set(node, t);
    },
  };
  const db = w.services.findIndex((s) => s.name === 'db');
  const dbZonesAtStart = new Map<number, number>();
  for (let p = w.st.groupFirstPod[w.st.group(db, 0)]; p >= 0; p = w.st.podNextInGroup[p]) {
    const z = w.st.nodeZone[w.st.podNode[p]];
    dbZonesAtStart.set(z, (dbZonesAtStart.get(z) ?? 0) + 1);
  }
  w.sim.run({ untilS: horizonS });
  recorder.finish();
  return { w, faults: recorder.records, ready, notReadyS, dbZonesAtStart };
}

/** Ready pods of `service` at time t (after every change at t). */
function readyAt(o: Outcome, service: string, tS: number): number {
  let n = NaN;
  for (const [t, r] of o.ready.get(service)!) if (t <= tS) n = r;
  return n;
}

/** When `service` got back to `full` ready pods after `fromS` (NaN: never). */
function fullAgainS(o: Outcome, service: string, full: number, fromS: number): number {
  for (const [t, r] of o.ready.get(service)!) if (t > fromS && r === full) return t;
  return NaN;
}

/** db pods per zone id, ready ones only. */
function dbReadyZones(o: Outcome): Map<number, number> {
  const { st, services } = o.w;
  const db = services.findIndex((s) => s.name === 'db');
  const out = new Map<number, number>();
  for (let p = st.groupFirstPod[st.group(db, 0)]; p >= 0; p = st.podNextInGroup[p]) {
    if (st.podState[p] !== POD_READY) continue;
    const z = st.nodeZone[st.podNode[p]];
    out.set(z, (out.get(z) ?? 0) + 1);
  }
  return out;
}

const NODE_DOWN_30M = '    - { at: 0s, kind: node, target: c1/pool/0, for: 30m }';
const DEFAULTS: StatefulSetSpec = { volumeAttachS: 30, zonalVolumes: true, outOfServiceAfterS: undefined };

describe('StatefulSet vs Deployment: a node dies for 30 minutes', () => {
  it('Deployment (both services): replaced one toleration after NotReady, as before', () => {
    const o = simulate(scenario(NODE_DOWN_30M), undefined);
    const notReady = o.notReadyS.get(0)!;
    const lost = 6 - readyAt(o, 'db', 1);
    expect(lost).toBeGreaterThan(0);
    const back = fullAgainS(o, 'db', 6, 0);
    // NotReady + toleration + scheduling + startup: long before the node returns at 1800 s.
    expect(back).toBeGreaterThanOrEqual(notReady + TOLERATION_S + STARTUP_S);
    expect(back).toBeLessThan(notReady + TOLERATION_S + STARTUP_S + SCHED_S);
  });

  it('StatefulSet without out-of-service: not replaced while the node is down; ready again 2 s after it returns (volume still attached)', () => {
    const o = simulate(scenario(NODE_DOWN_30M), DEFAULTS);
    const notReady = o.notReadyS.get(0)!;
    const lost = 6 - readyAt(o, 'db', 1);
    expect(lost).toBeGreaterThan(0);
    // The Deployment beside it is replaced exactly as before.
    const webBack = fullAgainS(o, 'web', 6, 0);
    expect(webBack).toBeGreaterThanOrEqual(notReady + TOLERATION_S + STARTUP_S);
    expect(webBack).toBeLessThan(notReady + TOLERATION_S + STARTUP_S + SCHED_S);
    // db: short all the time the node is down, eviction notwithstanding.
    for (const t of [notReady + TOLERATION_S + 10, 1000, 1799]) expect(readyAt(o, 'db', t)).toBe(6 - lost);
    expect(o.w.kube.outOfService.tainted).toBe(0);
    // The machine restarts its pods at 1800 s: Ready after startup, with no attach (same node).
    expect(fullAgainS(o, 'db', 6, 0)).toBeCloseTo(1800 + STARTUP_S, 9);
    const f = o.faults[0];
    expect(f.recoveredS).toBeCloseTo(1800 + STARTUP_S, 9);
  });

  it('StatefulSet with outOfServiceAfter 10 min: replaced at NotReady + 600 + attach + startup, in the volume zone, with no 6-minute wait', () => {
    const o = simulate(scenario(NODE_DOWN_30M), { ...DEFAULTS, outOfServiceAfterS: 600 });
    const notReady = o.notReadyS.get(0)!;
    const lost = 6 - readyAt(o, 'db', 1);
    expect(lost).toBeGreaterThan(0);
    const expected = notReady + 600 + 30 + STARTUP_S;
    const back = fullAgainS(o, 'db', 6, 0);
    expect(back).toBeGreaterThanOrEqual(expected);
    expect(back).toBeLessThan(expected + SCHED_S);
    expect(back).toBeLessThan(notReady + 600 + MAX_WAIT_FOR_UNMOUNT_S); // no force-detach wait
    expect(readyAt(o, 'db', expected - 1)).toBe(6 - lost);
    expect(o.w.kube.outOfService.tainted).toBe(1);
    // The replacements run in their volumes' zone: the same zones as at the start.
    expect(dbReadyZones(o)).toEqual(o.dbZonesAtStart);
  });

  it('outOfServiceAfter shorter than the toleration: the taint evicts the Deployment pods too (nothing tolerates it)', () => {
    const o = simulate(scenario(NODE_DOWN_30M), { ...DEFAULTS, outOfServiceAfterS: 60 });
    const notReady = o.notReadyS.get(0)!;
    const webBack = fullAgainS(o, 'web', 6, 0);
    expect(webBack).toBeGreaterThanOrEqual(notReady + 60 + STARTUP_S);
    expect(webBack).toBeLessThan(notReady + 60 + STARTUP_S + SCHED_S);
    const dbBack = fullAgainS(o, 'db', 6, 0);
    expect(dbBack).toBeGreaterThanOrEqual(notReady + 60 + 30 + STARTUP_S);
    expect(dbBack).toBeLessThan(notReady + 60 + 30 + STARTUP_S + SCHED_S);
  });

  it('a machine back before the out-of-service taint keeps its pods (no taint, no attach)', () => {
    const o = simulate(scenario('    - { at: 0s, kind: node, target: c1/pool/0, for: 8m }'), { ...DEFAULTS, outOfServiceAfterS: 600 });
    expect(o.w.kube.outOfService.tainted).toBe(0);
    expect(fullAgainS(o, 'db', 6, 0)).toBeCloseTo(480 + STARTUP_S, 9);
  });
});

describe('StatefulSet in a zone outage (zone a down 40 minutes, out-of-service after 10 min)', () => {
  const ZONE_DOWN = '    - { at: 0s, kind: zone, target: us-east-1a, for: 40m }';

  it('zonal volumes: Pending until the zone returns, although the other zones have room', () => {
    const o = simulate(scenario(ZONE_DOWN), { ...DEFAULTS, outOfServiceAfterS: 600 });
    const zoneA = o.w.fleet.clusters[0].zoneIds[0];
    const lost = o.dbZonesAtStart.get(zoneA)!;
    expect(lost).toBeGreaterThan(0);
    expect(o.w.kube.outOfService.tainted).toBe(2);
    // Released at NotReady + 600, but no Ready node in zone a: nothing comes back until it returns.
    const lastNotReady = Math.max(...[...o.notReadyS.values()]);
    for (const t of [lastNotReady + 600 + 60, 1800, 2399]) expect(readyAt(o, 'db', t)).toBe(6 - lost);
    // The zone returns at 2400 s; its nodes are Ready at the next monitor pass (≤ 5 s), then the
    // replacements bind there and wait for the attach (their volumes were released long ago).
    const back = fullAgainS(o, 'db', 6, 2400);
    expect(back).toBeGreaterThan(2400 + 30 + STARTUP_S);
    expect(back).toBeLessThan(2400 + 5 + 30 + STARTUP_S + SCHED_S);
    expect(dbReadyZones(o)).toEqual(o.dbZonesAtStart);
    // The Deployment moved to the other zones long before: the zone's two nodes are tainted 10 s
    // apart (0.1 nodes/s), each evicted a toleration later.
    expect(fullAgainS(o, 'web', 6, 0)).toBeLessThan(lastNotReady + 10 + TOLERATION_S + STARTUP_S + SCHED_S);
  });

  it('volumes not zonal: rescheduled in the other zones at NotReady + 600 + attach + startup', () => {
    const o = simulate(scenario(ZONE_DOWN), { ...DEFAULTS, zonalVolumes: false, outOfServiceAfterS: 600 });
    const lastNotReady = Math.max(...[...o.notReadyS.values()]);
    const firstNotReady = Math.min(...[...o.notReadyS.values()]);
    const back = fullAgainS(o, 'db', 6, 0);
    expect(back).toBeGreaterThanOrEqual(firstNotReady + 600 + 30 + STARTUP_S);
    expect(back).toBeLessThan(lastNotReady + 600 + 30 + STARTUP_S + SCHED_S);
    const zoneA = o.w.fleet.clusters[0].zoneIds[0];
    expect(dbReadyZones(o).get(zoneA) ?? 0).toBe(0);
  });
});

describe('StatefulVolumes (controller level)', () => {
  it('a pod deleted on a dead node that is not out-of-service (the Node object deleted): the replacement waits 6 min for the force detach, then the attach', () => {
    const { st, sim, kube } = controllerRig({ nodes: 6 });
    kube.configureStatefulSets([{ volumeAttachS: 30, zonalVolumes: true, outOfServiceAfterS: undefined }]);
    const node = 0;
    kube.seed(0, 0, [node], 1);
    const readyTimes: number[] = [];
    st.onGroupChange = () => {
      if (st.ready[0] === 1) readyTimes.push(sim.now);
    };
    st.nodeDownCauses[node] = 1;
    kube.machineDown(node);
    sim.run({ untilS: 100 });
    // The cloud node lifecycle controller deletes the Node object: its pods go with it.
    for (const s of st.deleteNodePods(node)) kube.replicaSets.reconcile(s, 0);
    sim.run({ untilS: 2000 });
    // Replacement: bound at once in zone 0 (the volume's), attach after the 6-minute wait, startup 2 s.
    expect(readyTimes).toEqual([100 + MAX_WAIT_FOR_UNMOUNT_S + 30 + 2]);
    let p = st.groupFirstPod[0];
    expect(st.nodeZone[st.podNode[p]]).toBe(st.nodeZone[node]);
    expect(st.podNode[p]).not.toBe(node);
    p = st.podNextInGroup[p];
    expect(p).toBe(-1);
  });

  it('a graceful deletion (the kubelet runs) frees the volume at once: only the attach is added', () => {
    const { st, sim, kube } = controllerRig({ nodes: 6 });
    kube.configureStatefulSets([{ volumeAttachS: 30, zonalVolumes: true, outOfServiceAfterS: undefined }]);
    kube.seed(0, 0, [0], 1);
    const readyTimes: number[] = [];
    st.onGroupChange = () => {
      if (st.ready[0] === 1) readyTimes.push(sim.now);
    };
    sim.run({ untilS: 50 });
    st.deletePod(st.groupFirstPod[0]);
    kube.replicaSets.reconcile(0, 0);
    sim.run({ untilS: 500 });
    expect(readyTimes).toEqual([50 + 30 + 2]);
  });

  it('an out-of-service taint that falls due while the API is down is applied when the API returns', () => {
    const { st, sim, kube, cp } = controllerRig({ nodes: 6 });
    kube.configureStatefulSets([{ volumeAttachS: 30, zonalVolumes: true, outOfServiceAfterS: 60 }]);
    kube.seed(0, 0, [0], 1);
    let notReadyS = NaN;
    kube.lifecycle.observer = { nodeNotReady: (_n, t) => (notReadyS = t) };
    const readyTimes: number[] = [];
    st.onGroupChange = () => {
      if (st.ready[0] === 1) readyTimes.push(sim.now);
    };
    st.nodeDownCauses[0] = 1;
    kube.machineDown(0);
    sim.run({ untilS: 100 });
    expect(notReadyS).toBeLessThan(100);
    cp.addCause(0, 1, sim.now); // API down from 100 s, past NotReady + 60 s
    sim.run({ untilS: 400 });
    expect(kube.outOfService.tainted).toBe(0);
    expect(readyTimes).toEqual([]);
    cp.addCause(0, -1, sim.now); // back at 400 s: taint, delete, bind, attach 30 s, start 2 s
    sim.run({ untilS: 1000 });
    expect(kube.outOfService.tainted).toBe(1);
    expect(readyTimes).toHaveLength(1);
    expect(readyTimes[0]).toBeGreaterThanOrEqual(400 + 30 + 2);
    expect(readyTimes[0]).toBeLessThan(400 + 30 + 2 + SCHED_S);
  });

  it('without a stateful service configured, nothing changes (Deployment path)', () => {
    const { st, sim, kube } = controllerRig({ nodes: 6 });
    kube.configureStatefulSets([undefined]);
    expect(kube.volumes.active).toBe(false);
    expect(st.podHooks).toBeNull();
    kube.seed(0, 0, [0], 1);
    sim.run({ untilS: 50 });
    st.deletePod(st.groupFirstPod[0]);
    kube.replicaSets.reconcile(0, 0);
    const readyTimes: number[] = [];
    st.onGroupChange = () => {
      if (st.ready[0] === 1) readyTimes.push(sim.now);
    };
    sim.run({ untilS: 500 });
    expect(readyTimes).toEqual([52]);
  });
});

describe('StatefulSet and the cluster autoscaler', () => {
  it('a zonal pod that fits nowhere in its zone gets a node launched in that zone (not the first free slot)', () => {
    // Three nodes, one per zone; spare slots in zones a, b, c in that order. The db pod of zone b
    // loses its node; out-of-service after 60 s releases it; zone b has no other node.
    const rig = autoscalerRig({ nodes: 3, min: 3, max: 6, zones: 3, seedPods: [0, 1, 2] });
    const { st, sim, kube } = rig;
    kube.configureStatefulSets([{ volumeAttachS: 30, zonalVolumes: true, outOfServiceAfterS: 60 }]);
    let notReadyS = NaN;
    kube.lifecycle.observer = { nodeNotReady: (_n, t) => (notReadyS = t) };
    const readyTimes: number[] = [];
    st.onGroupChange = () => {
      if (st.ready[0] === 3) readyTimes.push(sim.now);
    };
    rig.machine(1, false);
    sim.run({ untilS: 1000 });
    const zoneB = st.nodeZone[1];
    const launched = [...Array(st.nodeCount).keys()].filter((n) => n >= st.fleetNodeCount && st.nodeActive[n]);
    expect(launched.map((n) => st.nodeZone[n])).toEqual([zoneB]);
    expect(kube.autoscaler.autoscaledNodes).toBe(1);
    // Scale-down's simulation keeps zone a's only node (below the utilization threshold): its db pod
    // could go to no other node of its volume's zone.
    expect(kube.autoscaler.scaledDownNodes).toBe(0);
    // NotReady + out-of-service 60 s + decision 5 s + provisioning 60 s + attach 30 s + startup 2 s.
    expect(readyTimes).toHaveLength(1);
    expect(readyTimes[0]).toBeGreaterThanOrEqual(notReadyS + 60 + 5 + 60 + 30 + 2);
    expect(readyTimes[0]).toBeLessThan(notReadyS + 60 + 5 + 60 + 30 + 2 + SCHED_S);
  });
});
