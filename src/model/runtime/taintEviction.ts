import type { Simulator } from '../../engine/simulator.js';
import type { ControlPlaneState } from './controlPlane.js';
import { ClientRateLimiter } from './clientRateLimiter.js';
import { cancelHandle } from './eventHandles.js';
import { IntQueue } from './intQueue.js';
import type { KubeClusterTimings } from './kubeTimings.js';
import type { ReplicaSetController } from './replicaSets.js';
import { NODE_API_NOT_READY, NODE_API_TAINTED, POD_FREE, type RuntimeState } from './state.js';
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

/** kube-controller-manager's NoExecute tainting pass runs every 100 ms (scheduler.NodeEvictionPeriod). */
export const TAINT_PASS_PERIOD_S = 0.1;

export interface TaintObserver {
  nodeTainted?(node: number, nowS: number): void;
  /** The taint was taken off a node still NotReady (every zone of the cluster went down). */
  nodeUntainted?(node: number, nowS: number): void;
}

/**
 * Taint-based eviction of every cluster, as kube-controller-manager's node lifecycle controller
 * does it (pkg/controller/nodelifecycle, v1.37). NotReady nodes wait in their zone's queue (one per
 * (cluster, zone)). Each queue has a token bucket of burst 1 at the zone's rate; the tainting pass,
 * every 100 ms at its own phase, gives the first node of a queue the unreachable:NoExecute taint
 * when the bucket holds a token (a zone that tainted nothing lately has a full bucket: its first
 * taint comes at the next pass). The zone's rate (`zoneEvictionRate`) is re-judged once per
 * node-monitor pass, after every node of that pass was marked (handleDisruption), and a change
 * swaps the bucket as SwapLimiter does: a new full bucket if the old one held a token, an empty one
 * (next token one interval after the swap) if it did not. When every zone is found fully disrupted,
 * the controller suspects itself: it stops every queue and takes the taints off every node (they
 * are queued again, to be served when a zone recovers). The node's pods are deleted
 * tolerationSeconds after its taint (their ReplicaSets replace them elsewhere), except StatefulSet
 * pods, which stay until the node returns or is out-of-service (outOfServiceTaints.ts). An eviction
 * due while the API is not writable is deferred until it is.
 *
 * The pods' deletions go through the controller's own client token bucket (kube-controller-manager
 * --kube-api-qps 20, --kube-api-burst 30), each pod costing `taintEvictionRequestsPerPod` requests
 * (GET, PATCH of its DisruptionTarget condition, DELETE since 1.26). A node's pods are all due at
 * the same instant and each pod's worker makes its requests in turn, so the bucket serves every
 * GET, then every PATCH, then the DELETEs: k pods are deleted from (2k + 1 − burst)/qps to
 * (3k − burst)/qps seconds after they fell due, one per 1/qps (measured: docs/live.md, "scheduler
 * throughput"). The controller's events are left out (sent one at a time behind the queue, about
 * one per batch of this length).
 */
export class TaintEviction {
  private readonly sim: Simulator;
  private readonly st: RuntimeState;
  private readonly cp: ControlPlaneState;
  private readonly timings: readonly KubeClusterTimings[];
  private readonly replicaSets: ReplicaSetController;
  private readonly volumes: StatefulVolumes;
  observer: TaintObserver = {};

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
  /** The zone's rate limiter: its rate (0: never) and when its bucket holds a token (−∞: full from the start). */
  private readonly queueRate: Float64Array;
  private readonly queueTokenAtS: Float64Array;
  /** Active nodes, and NotReady (or tainted) ones, in the queue's zone. */
  private readonly queueTotal: Int32Array;
  private readonly queueNotReady: Int32Array;
  /** Per cluster: its queues. */
  private readonly clusterQueues: number[][];
  /** Per cluster: the tainting pass's phase (s), and 1 while a zone judgement is booked for now. */
  private readonly tickPhaseS: Float64Array;
  private readonly judgeBooked: Uint8Array;
  /** Per cluster: 1 while every zone is fully disrupted (handleDisruption's "master disruption mode"). */
  private readonly allDown: Uint8Array;

  /** Per cluster: the taint-eviction controller's client rate limiter. */
  private readonly client: ClientRateLimiter[];
  /**
   * Deletions waiting for their request, by event argument: the pod and the node it was evicted
   * from (a pod's generation changes with its state, so a pod ticket would not survive a dead node's
   * pod going down meanwhile).
   */
  private readonly pendingDeletes = new Map<number, { pod: number; node: number }>();
  private nextDelete = 0;

  private readonly TAINT_TICK: number;
  private readonly EVICT: number;
  private readonly JUDGE: number;
  private readonly DELETE_POD: number;

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
    // A zone's limiter is created at the primary rate with a full bucket (addPodEvictorForNewZone).
    this.queueRate = Float64Array.from(qc, (c) => timings[c].evictionRateNodesPerS);
    this.queueTokenAtS = new Float64Array(qc.length).fill(Number.NEGATIVE_INFINITY);
    this.queueTotal = new Int32Array(qc.length);
    this.queueNotReady = new Int32Array(qc.length);
    this.tickPhaseS = new Float64Array(C);
    this.judgeBooked = new Uint8Array(C);
    this.allDown = new Uint8Array(C);
    for (let node = 0; node < n; node++) {
      const q = queueOf.get(`${st.nodeCluster[node]}/${st.nodeZone[node]}`);
      if (q === undefined) throw new RangeError(`node ${node} sits in a zone its cluster does not span`);
      this.nodeQueueId[node] = q;
      if (st.nodeActive[node]) this.queueTotal[q]++;
    }
    this.client = timings.map((t) => new ClientRateLimiter(t.controllerManagerApiQps, t.controllerManagerApiBurst));
    this.TAINT_TICK = sim.register('kube/taintTick', (q) => this.onTaintTick(q));
    this.EVICT = sim.register('kube/evictPods', (node) => this.onEvict(node));
    this.JUDGE = sim.register('kube/judgeZones', (c) => this.onJudgeZones(c));
    this.DELETE_POD = sim.register('kube/taintEvictionDelete', (id) => this.onDeletePod(id));
  }

  /** The tainting pass's phase in cluster c, in [0, TAINT_PASS_PERIOD_S) (drawn by the node lifecycle with the other timer phases). */
  setTickPhase(c: number, phaseS: number): void {
    this.tickPhaseS[c] = phaseS;
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

  /**
   * Zone health may have changed in cluster `c` (a node-monitor pass marked nodes): judge its zones
   * once, after every node marked at this instant (equal times run in booking order, and the pass's
   * other verdicts were booked earlier), as handleDisruption does at the end of a pass.
   */
  kickCluster(c: number): void {
    if (this.judgeBooked[c]) return;
    this.judgeBooked[c] = 1;
    this.sim.at(this.sim.now, this.JUDGE, c);
  }

  private onJudgeZones(c: number): void {
    this.judgeBooked[c] = 0;
    const now = this.sim.now;
    const queues = this.clusterQueues[c];
    const allDown = queues.every((q) => this.queueTotal[q] > 0 && this.queueNotReady[q] === this.queueTotal[q]);
    if (allDown && !this.allDown[c]) this.untaintCluster(c);
    this.allDown[c] = allDown ? 1 : 0;
    for (const q of this.clusterQueues[c]) {
      const rate = zoneEvictionRate(this.timings[c], this.queueTotal, this.queueNotReady, this.clusterQueues[c], q);
      if (rate !== this.queueRate[q]) {
        // SwapLimiter: a new bucket, full if the old one held a token (which it spends), else drained.
        const hadToken = this.queueRate[q] > 0 && this.queueTokenAtS[q] <= now;
        this.queueRate[q] = rate;
        this.queueTokenAtS[q] = rate <= 0 ? Number.POSITIVE_INFINITY : hadToken ? now : now + 1 / rate;
      }
      this.kickQueue(q);
    }
  }

  /**
   * Entering "master disruption mode": markNodeAsReachable on every node takes its taints off (and
   * out of its zone's queue). The nodes stay NotReady, so a later pass queues them again: here they
   * go back to the end of their queue at once, served when a zone's rate is above zero again.
   */
  private untaintCluster(c: number): void {
    const st = this.st;
    for (let node = 0; node < st.nodeCount; node++) {
      if (st.nodeCluster[node] !== c || st.nodeApi[node] !== NODE_API_TAINTED) continue;
      st.nodeApi[node] = NODE_API_NOT_READY;
      this.evictionDeferred[node] = 0;
      cancelHandle(this.sim, this.evictHandle, node);
      this.queueNodes[this.nodeQueueId[node]].push(node);
      this.observer.nodeUntainted?.(node, this.sim.now);
    }
  }

  /** The first tainting pass of cluster c at or after `tS`. */
  private tickAtOrAfter(c: number, tS: number): number {
    const phase = this.tickPhaseS[c];
    return phase + Math.ceil((tS - phase) / TAINT_PASS_PERIOD_S - 1e-9) * TAINT_PASS_PERIOD_S;
  }

  /** Book the tainting pass that will serve the queue: the first one once its bucket holds a token. */
  private kickQueue(q: number): void {
    const c = this.queueCluster[q];
    const stop = this.queueNodes[q].length === 0 || !this.cp.writable(c) || this.queueRate[q] <= 0;
    if (stop) {
      if (this.queueActive[q]) {
        this.sim.cancel(this.queueTickHandle[q]);
        this.queueActive[q] = 0;
      }
      return;
    }
    const atS = this.tickAtOrAfter(c, Math.max(this.sim.now, this.queueTokenAtS[q]));
    if (this.queueActive[q]) {
      if (atS === this.queueTickAtS[q]) return;
      this.sim.cancel(this.queueTickHandle[q]);
    }
    this.queueActive[q] = 1;
    this.queueTickAtS[q] = atS;
    this.queueTickHandle[q] = this.sim.at(atS, this.TAINT_TICK, q);
  }

  /** Taint the first node of the queue still NotReady (spending the bucket's token), and book the next pass. */
  private onTaintTick(q: number): void {
    this.queueActive[q] = 0;
    const st = this.st;
    const c = this.queueCluster[q];
    if (!this.cp.writable(c) || this.queueRate[q] <= 0) return;
    const nodes = this.queueNodes[q];
    while (nodes.length > 0) {
      const node = nodes.shift();
      // Recovered meanwhile: markNodeAsReachable took it out of the queue at that pass.
      if (st.nodeApi[node] !== NODE_API_NOT_READY) continue;
      st.nodeApi[node] = NODE_API_TAINTED;
      this.queueTokenAtS[q] = this.sim.now + 1 / this.queueRate[q];
      cancelHandle(this.sim, this.evictHandle, node);
      this.evictHandle[node] = this.sim.after(this.timings[c].unreachableTolerationS, this.EVICT, node);
      this.observer.nodeTainted?.(node, this.sim.now);
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
    // The taint manager deletes the pods, each when its rate-limited DELETE goes out; their
    // ReplicaSets replace them elsewhere. StatefulSet pods are not deleted: the API marks them
    // Terminating, but only the kubelet (unreachable) can confirm, so they keep their names and
    // volumes and nothing replaces them until the node is back, deleted or out-of-service
    // (kubernetes/kubernetes#54368).
    const pods: number[] = [];
    for (let p = st.nodeFirstPod[node]; p >= 0; p = st.podNextOnNode[p]) if (!this.volumes.active || !this.volumes.isStateful(st.podService[p])) pods.push(p);
    if (pods.length === 0) return;
    const now = this.sim.now;
    const client = this.client[c];
    for (let round = 1; round < this.timings[c].taintEvictionRequestsPerPod; round++) for (let i = 0; i < pods.length; i++) client.reserve(now);
    const touched = new Set<number>();
    for (const p of pods) {
      const sentS = client.reserve(now);
      if (sentS <= now) {
        touched.add(st.podService[p]);
        st.deletePod(p);
      } else {
        const id = this.nextDelete++;
        this.pendingDeletes.set(id, { pod: p, node });
        this.sim.at(sentS, this.DELETE_POD, id);
      }
    }
    for (const s of touched) this.replicaSets.reconcile(s, c);
  }

  /** A rate-limited DELETE of an evicted pod went out. */
  private onDeletePod(id: number): void {
    const st = this.st;
    const pending = this.pendingDeletes.get(id)!;
    this.pendingDeletes.delete(id);
    const p = pending.pod;
    if (st.podState[p] === POD_FREE || st.podNode[p] !== pending.node) return; // gone meanwhile (scaled down, its node removed)
    const c = st.podCluster[p];
    const s = st.podService[p];
    st.deletePod(p);
    this.replicaSets.reconcile(s, c);
  }
}
