import type { Simulator } from '../../engine/simulator.js';
import type { ControlPlaneState } from './controlPlane.js';
import { cancelHandle } from './eventHandles.js';
import { IntQueue } from './intQueue.js';
import type { KubeClusterTimings } from './kubeTimings.js';
import type { ReplicaSetController } from './replicaSets.js';
import { NODE_API_NOT_READY, NODE_API_TAINTED, type RuntimeState } from './state.js';
import type { StatefulVolumes } from './statefulVolumes.js';

/** The eviction settings `zoneEvictionRate` reads (a cluster's KubeClusterTimings has them all). */
export type EvictionRateSettings = Pick<
  KubeClusterTimings,
  'evictionRateNodesPerS' | 'secondaryEvictionRateNodesPerS' | 'unhealthyZoneThresholdRatio' | 'largeClusterSizeThreshold'
>;

/**
 * Nodes per second at which zone queue `q` may be tainted, from the health of its cluster's zones as
 * kube-controller-manager judges it. `total[x]` and `notReady[x]` count the active and the NotReady
 * nodes of queue x; `clusterQueues` lists the queues (zones) of q's cluster, q among them.
 */
export function zoneEvictionRate(t: EvictionRateSettings, total: Int32Array, notReady: Int32Array, clusterQueues: readonly number[], q: number): number {
  // Every zone fully disrupted: the controller suspects itself and evicts nothing.
  let allDown = true;
  for (const other of clusterQueues) if (total[other] === 0 || notReady[other] < total[other]) allDown = false;
  if (allDown) return 0;
  const zoneTotal = total[q];
  const zoneNotReady = notReady[q];
  if (zoneTotal > 0 && zoneNotReady === zoneTotal) return t.evictionRateNodesPerS; // full disruption of one zone
  // Partial disruption: kube-controller-manager's setLimiterInZone passes the zone's size (its node
  // count), not the cluster's, to ReducedQPSFunc: a large zone slows down, a small one stops.
  if (zoneNotReady > 2 && zoneNotReady / zoneTotal >= t.unhealthyZoneThresholdRatio) return zoneTotal > t.largeClusterSizeThreshold ? t.secondaryEvictionRateNodesPerS : 0;
  return t.evictionRateNodesPerS;
}

/**
 * Taint-based eviction of every cluster. NotReady nodes wait in their zone's queue (one per
 * (cluster, zone), as kube-controller-manager keeps one per zone); the queue is served at the zone's
 * rate (`zoneEvictionRate`), each served node gets the unreachable:NoExecute taint, and its pods are
 * deleted tolerationSeconds later (their ReplicaSets replace them elsewhere), except StatefulSet
 * pods, which stay until the node returns or is out-of-service (outOfServiceTaints.ts). An eviction
 * due while the API is not writable is deferred until it is.
 */
export class TaintEviction {
  private readonly sim: Simulator;
  private readonly st: RuntimeState;
  private readonly cp: ControlPlaneState;
  private readonly timings: readonly KubeClusterTimings[];
  private readonly replicaSets: ReplicaSetController;
  private readonly volumes: StatefulVolumes;

  // Per node.
  private readonly evictHandle: Float64Array;
  private readonly evictionDeferred: Uint8Array;
  private readonly nodeQueueId: Int32Array;

  // Per (cluster, zone) queue.
  private readonly queueCluster: Int32Array;
  private readonly queueNodes: IntQueue[];
  /** 1 while a taint tick is booked, at queueTickAtS. */
  private readonly queueActive: Uint8Array;
  private readonly queueTickHandle: Float64Array;
  private readonly queueTickAtS: Float64Array;
  private readonly queueLastTaintS: Float64Array;
  /** Active nodes, and NotReady (or tainted) ones, in the queue's zone. */
  private readonly queueTotal: Int32Array;
  private readonly queueNotReady: Int32Array;
  /** Per cluster: its queues. */
  private readonly clusterQueues: number[][];

  private readonly TAINT_TICK: number;
  private readonly EVICT: number;

  constructor(sim: Simulator, st: RuntimeState, cp: ControlPlaneState, timings: readonly KubeClusterTimings[], replicaSets: ReplicaSetController, volumes: StatefulVolumes) {
    this.sim = sim;
    this.st = st;
    this.cp = cp;
    this.timings = timings;
    this.replicaSets = replicaSets;
    this.volumes = volumes;
    const n = st.nodeCount;
    const C = st.clusterCount;
    this.evictHandle = new Float64Array(n).fill(-1);
    this.evictionDeferred = new Uint8Array(n);
    this.nodeQueueId = new Int32Array(n);

    const qc: number[] = [];
    this.clusterQueues = [];
    const queueOf = new Map<string, number>();
    for (let c = 0; c < C; c++) {
      this.clusterQueues.push([]);
      for (const z of st.fleet.clusters[c].zoneIds) {
        queueOf.set(`${c}/${z}`, qc.length);
        this.clusterQueues[c].push(qc.length);
        qc.push(c);
      }
    }
    this.queueCluster = Int32Array.from(qc);
    this.queueNodes = qc.map(() => new IntQueue());
    this.queueActive = new Uint8Array(qc.length);
    this.queueTickHandle = new Float64Array(qc.length).fill(-1);
    this.queueTickAtS = new Float64Array(qc.length);
    this.queueLastTaintS = new Float64Array(qc.length).fill(Number.NEGATIVE_INFINITY);
    this.queueTotal = new Int32Array(qc.length);
    this.queueNotReady = new Int32Array(qc.length);
    for (let node = 0; node < n; node++) {
      const q = queueOf.get(`${st.nodeCluster[node]}/${st.nodeZone[node]}`);
      if (q === undefined) throw new RangeError(`node ${node} sits in a zone its cluster does not span`);
      this.nodeQueueId[node] = q;
      if (st.nodeActive[node]) this.queueTotal[q]++;
    }
    this.TAINT_TICK = sim.register('kube/taintTick', (q) => this.onTaintTick(q));
    this.EVICT = sim.register('kube/evictPods', (node) => this.onEvict(node));
  }

  /** The node was just marked NotReady: queue it for the taint (call `kickCluster` afterwards). */
  nodeNotReady(node: number): void {
    const q = this.nodeQueueId[node];
    this.queueNotReady[q]++;
    this.queueNodes[q].push(node);
  }

  /** The node was just marked Ready again: forget its pending or deferred eviction (call `kickCluster` afterwards). */
  nodeReady(node: number): void {
    this.queueNotReady[this.nodeQueueId[node]]--;
    this.evictionDeferred[node] = 0;
    cancelHandle(this.sim, this.evictHandle, node);
  }

  /** An autoscaled node joined its zone. */
  nodeJoined(node: number): void {
    this.queueTotal[this.nodeQueueId[node]]++;
  }

  /** The API is back: carry out the node's eviction if it fell due meanwhile. */
  resumeNode(node: number): void {
    if (this.evictionDeferred[node]) this.onEvict(node);
  }

  /** Zone health may have changed in cluster `c`: bring every queue's next tick in line with its rate. */
  kickCluster(c: number): void {
    for (const q of this.clusterQueues[c]) this.kickQueue(q);
  }

  private zoneRate(q: number): number {
    const c = this.queueCluster[q];
    return zoneEvictionRate(this.timings[c], this.queueTotal, this.queueNotReady, this.clusterQueues[c], q);
  }

  /**
   * Make sure the zone's queue will be served at its current rate. Like kube-controller-manager
   * swapping the zone's rate limiter when the zone's health changes, a rate change moves a pending
   * tick earlier (or stops the queue when the rate drops to zero).
   */
  private kickQueue(q: number): void {
    if (this.queueNodes[q].length === 0) return;
    const c = this.queueCluster[q];
    if (!this.cp.writable(c)) return;
    const rate = this.zoneRate(q);
    if (rate <= 0) {
      if (this.queueActive[q]) {
        this.sim.cancel(this.queueTickHandle[q]);
        this.queueActive[q] = 0;
      }
      return;
    }
    const atS = Math.max(this.sim.now, this.queueLastTaintS[q] + 1 / rate);
    if (this.queueActive[q]) {
      if (atS >= this.queueTickAtS[q]) return;
      this.sim.cancel(this.queueTickHandle[q]);
    }
    this.queueActive[q] = 1;
    this.queueTickAtS[q] = atS;
    this.queueTickHandle[q] = this.sim.at(atS, this.TAINT_TICK, q);
  }

  /** Taint the first node of the queue still NotReady, and book the next tick. */
  private onTaintTick(q: number): void {
    this.queueActive[q] = 0;
    const st = this.st;
    const c = this.queueCluster[q];
    if (!this.cp.writable(c)) return;
    const rate = this.zoneRate(q);
    if (rate <= 0) return;
    const nodes = this.queueNodes[q];
    while (nodes.length > 0) {
      const node = nodes.shift();
      if (st.nodeApi[node] !== NODE_API_NOT_READY) continue; // recovered meanwhile
      st.nodeApi[node] = NODE_API_TAINTED;
      this.queueLastTaintS[q] = this.sim.now;
      cancelHandle(this.sim, this.evictHandle, node);
      this.evictHandle[node] = this.sim.after(this.timings[c].unreachableTolerationS, this.EVICT, node);
      break;
    }
    this.kickQueue(q);
  }

  private onEvict(node: number): void {
    const st = this.st;
    this.evictHandle[node] = -1;
    if (st.nodeApi[node] !== NODE_API_TAINTED) return;
    const c = st.nodeCluster[node];
    if (!this.cp.writable(c)) {
      this.evictionDeferred[node] = 1;
      return;
    }
    this.evictionDeferred[node] = 0;
    // The taint manager deletes the pods; their ReplicaSets replace them elsewhere.
    const touched = this.volumes.active ? this.deleteStatelessPods(node) : st.deleteNodePods(node);
    for (const s of touched) this.replicaSets.reconcile(s, c);
  }

  /**
   * Delete the node's pods except those of StatefulSets: the API marks them Terminating, but only the
   * kubelet (unreachable) can confirm, so they keep their names and volumes and nothing replaces them
   * until the node is back, deleted or out-of-service (kubernetes/kubernetes#54368).
   */
  private deleteStatelessPods(node: number): Set<number> {
    const st = this.st;
    const services = new Set<number>();
    for (let p = st.nodeFirstPod[node]; p >= 0; ) {
      const next = st.podNextOnNode[p];
      const s = st.podService[p];
      if (!this.volumes.isStateful(s)) {
        services.add(s);
        st.deletePod(p);
      }
      p = next;
    }
    return services;
  }
}
