import type { Simulator } from '../../engine/simulator.js';
import type { RandomStream } from '../../engine/rng.js';
import type { Distribution } from '../../engine/distributions.js';
import type { ControlPlaneState } from './controlPlane.js';
import { IntQueue } from './intQueue.js';
import {
  NODE_API_NOT_READY,
  NODE_API_READY,
  NODE_API_TAINTED,
  POD_DOWN,
  POD_LOST,
  POD_PENDING,
  POD_READY,
  POD_STARTING,
  type RuntimeState,
} from './state.js';

/** Kubernetes timings of one cluster, in seconds (defaults and sources: scenario/defaults.ts). */
export interface KubeClusterTimings {
  readonly leaseRenewIntervalS: number;
  readonly nodeMonitorPeriodS: number;
  readonly nodeMonitorGracePeriodS: number;
  readonly unreachableTolerationS: number;
  readonly evictionRateNodesPerS: number;
  readonly secondaryEvictionRateNodesPerS: number;
  readonly unhealthyZoneThresholdRatio: number;
  readonly largeClusterSizeThreshold: number;
  readonly schedulerThroughputPodsPerS: number;
  readonly podStartup: Distribution;
  /** undefined when no pool of the cluster autoscales. */
  readonly autoscalerDecision: Distribution | undefined;
  readonly nodeProvisioning: Distribution | undefined;
}

/** Random streams the controllers draw from, one per cluster and purpose. */
export interface KubeClusterStreams {
  readonly phases: RandomStream;
  readonly podStartup: RandomStream;
  readonly autoscaler: RandomStream;
}

export interface KubeObserver {
  nodeNotReady?(node: number, nowS: number): void;
}

const POD_LIMIT = 2 ** 26; // pod ids and generations are packed into one event argument

/**
 * The controllers of every cluster: node lifecycle (lease expiry → NotReady → rate-limited NoExecute
 * taint → eviction after tolerationSeconds), ReplicaSets, the scheduler (a FIFO bound at a fixed
 * throughput onto the least-allocated Ready node that fits), pod startup, and the cluster
 * autoscaler (decision delay, then node provisioning). None acts while its cluster's API is not
 * writable; each resumes when it is.
 */
export class KubeControllers {
  private readonly sim: Simulator;
  private readonly st: RuntimeState;
  private readonly cp: ControlPlaneState;
  private readonly timings: readonly KubeClusterTimings[];
  private readonly streams: readonly KubeClusterStreams[];
  observer: KubeObserver = {};

  // Per node.
  private readonly leasePhaseS: Float64Array;
  private readonly notReadyHandle: Float64Array;
  private readonly evictHandle: Float64Array;
  private readonly readyAgainHandle: Float64Array;
  private readonly evictionDeferred: Uint8Array;
  private readonly provisioning: Uint8Array;
  private readonly nodeQueueId: Int32Array;

  // Per (cluster, zone) eviction queue.
  private readonly queueCluster: Int32Array;
  private readonly queueNodes: IntQueue[];
  private readonly queueActive: Uint8Array;
  private readonly queueTickHandle: Float64Array;
  private readonly queueTickAtS: Float64Array;
  private readonly queueLastTaintS: Float64Array;
  private readonly queueTotal: Int32Array;
  private readonly queueNotReady: Int32Array;
  private readonly clusterQueues: number[][];

  // Per cluster.
  private readonly monitorPhaseS: Float64Array;
  private readonly pending: IntQueue[];
  private readonly unschedulable: number[][];
  private readonly schedActive: Uint8Array;
  private readonly lastBindS: Float64Array;
  private readonly retryQueued: Uint8Array;
  private readonly scaleInFlight: Int32Array;
  private readonly scaleDecisionPending: Uint8Array;

  private readonly NOT_READY: number;
  private readonly TAINT_TICK: number;
  private readonly EVICT: number;
  private readonly READY_AGAIN: number;
  private readonly SCHED: number;
  private readonly POD_READY_EVT: number;
  private readonly RETRY: number;
  private readonly SCALE_DECIDE: number;
  private readonly PROVISIONED: number;

  constructor(sim: Simulator, st: RuntimeState, cp: ControlPlaneState, timings: readonly KubeClusterTimings[], streams: readonly KubeClusterStreams[]) {
    this.sim = sim;
    this.st = st;
    this.cp = cp;
    this.timings = timings;
    this.streams = streams;
    const n = st.nodeCount;
    const C = st.clusterCount;
    this.leasePhaseS = new Float64Array(n);
    this.notReadyHandle = new Float64Array(n).fill(-1);
    this.evictHandle = new Float64Array(n).fill(-1);
    this.readyAgainHandle = new Float64Array(n).fill(-1);
    this.evictionDeferred = new Uint8Array(n);
    this.provisioning = new Uint8Array(n);
    this.nodeQueueId = new Int32Array(n);
    this.monitorPhaseS = new Float64Array(C);

    // Eviction queues: one per (cluster, zone), as kube-controller-manager keeps one per zone.
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

    // Timer phases: each kubelet renews its lease on its own schedule, and each controller manager
    // checks nodes on its own; both are uniformly out of phase with any fault.
    for (let c = 0; c < C; c++) this.monitorPhaseS[c] = streams[c].phases.next() * timings[c].nodeMonitorPeriodS;
    for (let node = 0; node < n; node++) {
      const c = st.nodeCluster[node];
      this.leasePhaseS[node] = streams[c].phases.next() * timings[c].leaseRenewIntervalS;
    }

    this.pending = Array.from({ length: C }, () => new IntQueue());
    this.unschedulable = Array.from({ length: C }, () => []);
    this.schedActive = new Uint8Array(C);
    this.lastBindS = new Float64Array(C).fill(Number.NEGATIVE_INFINITY);
    this.retryQueued = new Uint8Array(C);
    this.scaleInFlight = new Int32Array(C);
    this.scaleDecisionPending = new Uint8Array(C);

    this.NOT_READY = sim.register('kube/nodeNotReady', (node) => this.onNotReady(node));
    this.TAINT_TICK = sim.register('kube/taintTick', (q) => this.onTaintTick(q));
    this.EVICT = sim.register('kube/evictPods', (node) => this.onEvict(node));
    this.READY_AGAIN = sim.register('kube/nodeReadyAgain', (node) => this.onReadyAgain(node));
    this.SCHED = sim.register('kube/schedule', (c) => this.onSchedule(c));
    this.POD_READY_EVT = sim.register('kube/podReady', (arg) => this.onPodReady(arg));
    this.RETRY = sim.register('kube/retryUnschedulable', (c) => this.onRetry(c));
    this.SCALE_DECIDE = sim.register('kube/autoscalerDecision', (c) => this.onScaleDecision(c));
    this.PROVISIONED = sim.register('kube/nodeProvisioned', (node) => this.onProvisioned(node));

    cp.onChange((c, writable) => {
      if (writable) this.resumeCluster(c);
    });
  }

  // ---- start of run: place the initial pods -------------------------------------------------

  /**
   * Create the initial pods already bound and ready (the fleet is in steady state at time 0).
   * `podNodes` lists a node per pod per group as placement decided; pods that did not fit start pending.
   */
  seed(service: number, cluster: number, nodes: ArrayLike<number>, desired: number): void {
    const st = this.st;
    st.desired[st.group(service, cluster)] = desired;
    for (let i = 0; i < nodes.length; i++) {
      const p = st.createPod(service, cluster);
      st.bindPod(p, nodes[i]);
      st.setPodState(p, POD_READY);
    }
    this.reconcile(service, cluster);
  }

  // ---- the machine goes down or comes back (called by the fault replay) ----------------------

  machineDown(node: number): void {
    const st = this.st;
    if (!st.nodeActive[node]) return;
    for (let p = st.nodeFirstPod[node]; p >= 0; p = st.podNextOnNode[p]) {
      const s = st.podState[p];
      if (s === POD_READY) st.setPodState(p, st.nodeApi[node] === NODE_API_READY ? POD_LOST : POD_DOWN);
      else if (s === POD_STARTING) st.setPodState(p, POD_DOWN);
    }
    this.cancel(this.readyAgainHandle, node);
    if (st.nodeApi[node] === NODE_API_READY) this.scheduleNotReady(node, this.sim.now, false);
  }

  machineUp(node: number): void {
    const st = this.st;
    if (!st.nodeActive[node]) return;
    this.cancel(this.notReadyHandle, node);
    // The kubelet restarts the node's containers; they pass through startup again.
    for (let p = st.nodeFirstPod[node]; p >= 0; p = st.podNextOnNode[p]) {
      const s = st.podState[p];
      if (s === POD_LOST || s === POD_DOWN) this.startPod(p);
    }
    if (st.nodeApi[node] !== NODE_API_READY) this.scheduleReadyAgain(node);
  }

  // ---- node lifecycle ---------------------------------------------------------------------------

  private nextMonitorTickAfter(c: number, tS: number, strictly: boolean): number {
    const period = this.timings[c].nodeMonitorPeriodS;
    const phase = this.monitorPhaseS[c];
    const k = strictly ? Math.floor((tS - phase) / period) + 1 : Math.ceil((tS - phase) / period);
    return phase + k * period;
  }

  /**
   * When the controller manager marks a stopped node NotReady: it last saw the lease renewed at the
   * first monitor pass after the kubelet's last renewal, and marks the node at the first pass more
   * than the grace period after that. After a control-plane restart the grace period starts afresh.
   */
  private scheduleNotReady(node: number, nowS: number, afterRestart: boolean): void {
    const c = this.st.nodeCluster[node];
    const t = this.timings[c];
    let observedS: number;
    if (afterRestart) observedS = nowS;
    else {
      const renew = t.leaseRenewIntervalS;
      const phase = this.leasePhaseS[node];
      const lastRenewS = phase + Math.floor((nowS - phase) / renew) * renew;
      observedS = this.nextMonitorTickAfter(c, lastRenewS, false);
    }
    const atS = Math.max(nowS, this.nextMonitorTickAfter(c, observedS + t.nodeMonitorGracePeriodS, true));
    this.cancel(this.notReadyHandle, node);
    this.notReadyHandle[node] = this.sim.at(atS, this.NOT_READY, node);
  }

  private onNotReady(node: number): void {
    const st = this.st;
    this.notReadyHandle[node] = -1;
    if (st.nodeUp(node) || st.nodeApi[node] !== NODE_API_READY) return;
    const c = st.nodeCluster[node];
    if (!this.cp.writable(c)) return; // picked up again when the API returns
    st.nodeApi[node] = NODE_API_NOT_READY;
    // The node controller marks its pods not ready: endpoints drop them, requests stop failing.
    for (let p = st.nodeFirstPod[node]; p >= 0; p = st.podNextOnNode[p]) if (st.podState[p] === POD_LOST) st.setPodState(p, POD_DOWN);
    const q = this.nodeQueueId[node];
    this.queueNotReady[q]++;
    this.queueNodes[q].push(node);
    this.observer.nodeNotReady?.(node, this.sim.now);
    this.kickAllQueues(c);
  }

  /** The zone's eviction rate, from its health as kube-controller-manager judges it. */
  private zoneRate(q: number): number {
    const c = this.queueCluster[q];
    const t = this.timings[c];
    const queues = this.clusterQueues[c];
    // Every zone fully disrupted: the controller suspects itself and evicts nothing.
    let allDown = true;
    for (const other of queues) if (this.queueTotal[other] === 0 || this.queueNotReady[other] < this.queueTotal[other]) allDown = false;
    if (allDown) return 0;
    const total = this.queueTotal[q];
    const notReady = this.queueNotReady[q];
    if (total > 0 && notReady === total) return t.evictionRateNodesPerS; // full disruption of one zone
    if (notReady > 2 && notReady / total >= t.unhealthyZoneThresholdRatio) {
      let clusterNodes = 0;
      for (const other of queues) clusterNodes += this.queueTotal[other];
      return clusterNodes > t.largeClusterSizeThreshold ? t.secondaryEvictionRateNodesPerS : 0;
    }
    return t.evictionRateNodesPerS;
  }

  private kickAllQueues(c: number): void {
    for (const q of this.clusterQueues[c]) this.kickQueue(q);
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
      this.cancel(this.evictHandle, node);
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
    const touched: number[] = [];
    for (let p = st.nodeFirstPod[node]; p >= 0; ) {
      const next = st.podNextOnNode[p];
      touched.push(st.podService[p]);
      st.deletePod(p);
      p = next;
    }
    for (const s of new Set(touched)) this.reconcile(s, c);
  }

  private scheduleReadyAgain(node: number): void {
    const c = this.st.nodeCluster[node];
    if (!this.cp.writable(c)) return; // resumeCluster() will do it
    this.cancel(this.readyAgainHandle, node);
    this.readyAgainHandle[node] = this.sim.at(this.nextMonitorTickAfter(c, this.sim.now, false), this.READY_AGAIN, node);
  }

  private onReadyAgain(node: number): void {
    const st = this.st;
    this.readyAgainHandle[node] = -1;
    if (!st.nodeUp(node) || st.nodeApi[node] === NODE_API_READY) return;
    const c = st.nodeCluster[node];
    if (!this.cp.writable(c)) return;
    st.nodeApi[node] = NODE_API_READY;
    this.queueNotReady[this.nodeQueueId[node]]--;
    this.evictionDeferred[node] = 0;
    this.cancel(this.evictHandle, node);
    this.kickAllQueues(c);
    this.requestRetry(c);
  }

  // ---- ReplicaSets, scheduler, startup ----------------------------------------------------------

  /** Desired replicas of (service, cluster) changed, or pods were lost: converge. */
  setDesired(service: number, cluster: number, desired: number): void {
    this.st.desired[this.st.group(service, cluster)] = desired;
    this.reconcile(service, cluster);
  }

  reconcile(service: number, cluster: number): void {
    const st = this.st;
    if (!this.cp.writable(cluster)) return;
    const g = st.group(service, cluster);
    let diff = st.desired[g] - st.existing[g];
    if (diff > 0) {
      for (; diff > 0; diff--) {
        const p = st.createPod(service, cluster);
        this.pending[cluster].push(p * POD_LIMIT + (st.podGen[p] % POD_LIMIT));
      }
      this.kickScheduler(cluster);
    } else if (diff < 0) {
      // Scale down the least useful pods first: pending, then starting or down, then serving.
      for (const rank of [POD_PENDING, POD_STARTING, POD_DOWN, POD_LOST, POD_READY]) {
        for (let p = st.groupFirstPod[g]; p >= 0 && diff < 0; ) {
          const next = st.podNextInGroup[p];
          if (st.podState[p] === rank) {
            st.deletePod(p);
            diff++;
          }
          p = next;
        }
      }
      this.requestRetry(cluster);
    }
  }

  private kickScheduler(c: number): void {
    if (this.schedActive[c] || this.pending[c].length === 0 || !this.cp.writable(c)) return;
    this.schedActive[c] = 1;
    this.sim.at(Math.max(this.sim.now, this.lastBindS[c] + 1 / this.timings[c].schedulerThroughputPodsPerS), this.SCHED, c);
  }

  private onSchedule(c: number): void {
    this.schedActive[c] = 0;
    if (!this.cp.writable(c)) return;
    const st = this.st;
    const queue = this.pending[c];
    while (queue.length > 0) {
      const packed = queue.shift();
      const p = Math.floor(packed / POD_LIMIT);
      if (st.podState[p] !== POD_PENDING || st.podGen[p] % POD_LIMIT !== packed % POD_LIMIT) continue; // deleted meanwhile
      const node = this.pickNode(c, st.podService[p]);
      this.lastBindS[c] = this.sim.now;
      if (node < 0) {
        this.unschedulable[c].push(packed);
        this.requestScaleUp(c);
      } else {
        st.bindPod(p, node);
        this.startPod(p);
      }
      break; // one binding per scheduler slot
    }
    this.kickScheduler(c);
  }

  /** Least-allocated Ready node that fits (kube-scheduler's default scoring, CPU then memory). */
  private pickNode(c: number, service: number): number {
    const st = this.st;
    const cluster = st.fleet.clusters[c];
    let best = -1;
    let bestScore = -1;
    const visit = (node: number) => {
      if (!st.nodeActive[node] || st.nodeApi[node] !== NODE_API_READY || !st.fits(node, service)) return;
      const score = st.nodeCpuFree[node] / st.nodeCpuAllocatable[node] + st.nodeMemFree[node] / st.nodeMemAllocatable[node];
      if (score > bestScore) {
        bestScore = score;
        best = node;
      }
    };
    for (let node = cluster.nodeStart; node < cluster.nodeStart + cluster.nodeCount; node++) visit(node);
    for (let node = st.spareStart[c]; node < st.spareStart[c] + st.spareCount[c]; node++) visit(node);
    return best;
  }

  private startPod(p: number): void {
    const st = this.st;
    st.setPodState(p, POD_STARTING);
    const c = st.podCluster[p];
    const delayS = this.timings[c].podStartup.sample(this.streams[c].podStartup);
    this.sim.after(delayS, this.POD_READY_EVT, p * POD_LIMIT + (st.podGen[p] % POD_LIMIT));
  }

  private onPodReady(packed: number): void {
    const st = this.st;
    const p = Math.floor(packed / POD_LIMIT);
    if (st.podState[p] !== POD_STARTING || st.podGen[p] % POD_LIMIT !== packed % POD_LIMIT) return;
    // A pod bound to a machine that died unnoticed never starts.
    if (!st.nodeUp(st.podNode[p])) {
      st.setPodState(p, POD_DOWN);
      return;
    }
    st.setPodState(p, POD_READY);
  }

  /** Capacity appeared: give the unschedulable pods another pass, once per instant. */
  private requestRetry(c: number): void {
    if (this.retryQueued[c] || this.unschedulable[c].length === 0) return;
    this.retryQueued[c] = 1;
    this.sim.after(0, this.RETRY, c);
  }

  private onRetry(c: number): void {
    this.retryQueued[c] = 0;
    const list = this.unschedulable[c];
    this.unschedulable[c] = [];
    for (const packed of list) this.pending[c].push(packed);
    this.kickScheduler(c);
  }

  // ---- cluster autoscaler -----------------------------------------------------------------------

  private requestScaleUp(c: number): void {
    const t = this.timings[c];
    if (t.autoscalerDecision === undefined || this.scaleDecisionPending[c] || this.scaleInFlight[c] > 0) return;
    if (!this.cp.writable(c)) return;
    this.scaleDecisionPending[c] = 1;
    this.sim.after(t.autoscalerDecision.sample(this.streams[c].autoscaler), this.SCALE_DECIDE, c);
  }

  private onScaleDecision(c: number): void {
    this.scaleDecisionPending[c] = 0;
    const st = this.st;
    const t = this.timings[c];
    if (!this.cp.writable(c) || t.nodeProvisioning === undefined) return;
    // Demand of the pods still unschedulable.
    let cpu = 0;
    let mem = 0;
    let pods = 0;
    for (const packed of this.unschedulable[c]) {
      const p = Math.floor(packed / POD_LIMIT);
      if (st.podState[p] !== POD_PENDING || st.podGen[p] % POD_LIMIT !== packed % POD_LIMIT) continue;
      cpu += st.serviceCpu[st.podService[p]];
      mem += st.serviceMem[st.podService[p]];
      pods++;
    }
    if (pods === 0) return;
    for (let node = st.spareStart[c]; node < st.spareStart[c] + st.spareCount[c] && (cpu > 0 || mem > 0 || pods > 0); node++) {
      if (st.nodeActive[node] || this.provisioning[node] || !st.nodeUp(node)) continue; // never into a dead zone
      this.provisioning[node] = 1;
      this.scaleInFlight[c]++;
      cpu -= st.nodeCpuAllocatable[node];
      mem -= st.nodeMemAllocatable[node];
      pods -= st.nodeMaxPods[node];
      this.sim.after(t.nodeProvisioning.sample(this.streams[c].autoscaler), this.PROVISIONED, node);
    }
  }

  private onProvisioned(node: number): void {
    const st = this.st;
    const c = st.nodeCluster[node];
    this.provisioning[node] = 0;
    this.scaleInFlight[c]--;
    st.nodeActive[node] = 1;
    st.nodeApi[node] = NODE_API_READY;
    this.queueTotal[this.nodeQueueId[node]]++;
    this.autoscaledNodes++;
    this.onNodeProvisioned?.(node);
    this.requestRetry(c);
    if (this.scaleInFlight[c] === 0 && this.unschedulable[c].length > 0) this.requestScaleUp(c);
  }

  /** Nodes the autoscaler has added so far. */
  autoscaledNodes = 0;
  /** Called when an autoscaled node joins (for node-hour accounting). */
  onNodeProvisioned: ((node: number) => void) | null = null;

  // ---- control plane back ----------------------------------------------------------------------

  private resumeCluster(c: number): void {
    const st = this.st;
    const cluster = st.fleet.clusters[c];
    const nowS = this.sim.now;
    const each = (node: number) => {
      if (!st.nodeActive[node]) return;
      const up = st.nodeUp(node);
      if (!up && st.nodeApi[node] === NODE_API_READY && this.notReadyHandle[node] < 0) this.scheduleNotReady(node, nowS, true);
      if (up && st.nodeApi[node] !== NODE_API_READY && this.readyAgainHandle[node] < 0) this.scheduleReadyAgain(node);
      if (this.evictionDeferred[node]) this.onEvict(node);
    };
    for (let node = cluster.nodeStart; node < cluster.nodeStart + cluster.nodeCount; node++) each(node);
    for (let node = st.spareStart[c]; node < st.spareStart[c] + st.spareCount[c]; node++) each(node);
    this.kickAllQueues(c);
    for (let s = 0; s < st.serviceCount; s++) this.reconcile(s, c);
    this.kickScheduler(c);
    this.requestRetry(c);
  }

  private cancel(handles: Float64Array, i: number): void {
    if (handles[i] >= 0) this.sim.cancel(handles[i]);
    handles[i] = -1;
  }
}
