import type { Simulator } from '../../engine/simulator.js';
import type { DisruptionBudgetSpec } from '../../scenario/types.js';
import type { ControlPlaneState } from './controlPlane.js';
import { evictionAllowed } from './drainBudgets.js';
import { cancelHandle } from './eventHandles.js';
import type { NodeLifecycle } from './nodeLifecycle.js';
import type { ReplicaSetController } from './replicaSets.js';
import { NODE_API_NOT_READY, NODE_API_READY, POD_READY, type RuntimeState } from './state.js';
import type { TaintEviction } from './taintEviction.js';

/** How a drain is paced (faults.upgrades.nodes). */
export interface DrainPace {
  readonly drainTimeoutS: number;
  readonly podEvictionRetryS: number;
}

/** What a drain did, for the upgrade's record. */
export interface DrainCounts {
  /** Pods the eviction API accepted. */
  evicted: number;
  /** Eviction attempts refused (a PodDisruptionBudget, or the API not writable). */
  refused: number;
  /** Pods deleted when the drain timed out, PodDisruptionBudgets notwithstanding. */
  forced: number;
}

/**
 * `kubectl drain` of nodes, as a node upgrade runs it: the node is cordoned, then every pod on it is
 * evicted through the eviction API, which refuses an eviction that would leave a service's group in
 * the cluster with fewer healthy pods than its PodDisruptionBudget requires; refused evictions are
 * tried again every podEvictionRetryS, so a drain paces itself on the replacements turning Ready
 * elsewhere (each eviction has its ReplicaSet create one). A drain not done after drainTimeoutS is
 * forced: what is left is deleted. When the node is empty it leaves the cluster (billing stops) and
 * `onDrained` is called.
 *
 * Cordon: the node is marked NotReady in the API view (the scheduler binds to Ready nodes only) and
 * `held` tells the controllers (KubeControllers) not to mark it Ready again meanwhile. Taint-based
 * eviction never hears of it, so zone health is untouched.
 */
export class NodeDrains {
  private readonly sim: Simulator;
  private readonly st: RuntimeState;
  private readonly cp: ControlPlaneState;
  private readonly replicaSets: ReplicaSetController;
  private readonly lifecycle: NodeLifecycle;
  private readonly eviction: TaintEviction;
  /** Per node, shared with KubeControllers: 1 while an upgrade holds the node (cordoned, or joining). */
  private readonly held: Uint8Array;
  /** Per service: its PodDisruptionBudget (one per cluster), or undefined. */
  private readonly budgets: readonly (DisruptionBudgetSpec | undefined)[];
  private readonly pace: DrainPace;
  /** Per node: 1 while draining; 1 when the cordon itself turned a Ready node NotReady. */
  private readonly draining: Uint8Array;
  private readonly cordonedReady: Uint8Array;
  private readonly retryHandle: Float64Array;
  private readonly timeoutHandle: Float64Array;
  private readonly RETRY: number;
  private readonly TIMEOUT: number;
  readonly counts: DrainCounts = { evicted: 0, refused: 0, forced: 0 };
  /** Called when a drained node has left the cluster; `forced`: pods deleted at the timeout. */
  onDrained: ((node: number, forced: number) => void) | null = null;
  /** Called when a node leaves (the cluster autoscaler's billing hook). */
  onNodeRemoved: ((node: number) => void) | null = null;

  constructor(
    sim: Simulator,
    st: RuntimeState,
    cp: ControlPlaneState,
    controllers: { readonly replicaSets: ReplicaSetController; readonly lifecycle: NodeLifecycle; readonly eviction: TaintEviction; readonly held: Uint8Array },
    budgets: readonly (DisruptionBudgetSpec | undefined)[],
    pace: DrainPace,
  ) {
    this.sim = sim;
    this.st = st;
    this.cp = cp;
    this.replicaSets = controllers.replicaSets;
    this.lifecycle = controllers.lifecycle;
    this.eviction = controllers.eviction;
    this.held = controllers.held;
    this.budgets = budgets;
    this.pace = pace;
    const n = st.nodeCount;
    this.draining = new Uint8Array(n);
    this.cordonedReady = new Uint8Array(n);
    this.retryHandle = new Float64Array(n).fill(-1);
    this.timeoutHandle = new Float64Array(n).fill(-1);
    this.RETRY = sim.register('upgrades/evictionRetry', (node) => this.attempt(node));
    this.TIMEOUT = sim.register('upgrades/drainTimeout', (node) => this.force(node));
  }

  isDraining(node: number): boolean {
    return this.draining[node] === 1;
  }

  /** Cordon `node` and start evicting its pods. */
  start(node: number): void {
    const st = this.st;
    this.draining[node] = 1;
    this.held[node] = 1;
    if (st.nodeApi[node] === NODE_API_READY) {
      st.nodeApi[node] = NODE_API_NOT_READY;
      this.cordonedReady[node] = 1;
    }
    this.timeoutHandle[node] = this.sim.after(this.pace.drainTimeoutS, this.TIMEOUT, node);
    this.attempt(node);
  }

  /** One round of evictions: every pod on the node the API lets go; the rest are tried again later. */
  private attempt(node: number): void {
    this.retryHandle[node] = -1;
    if (!this.draining[node]) return;
    const st = this.st;
    if (!st.nodeActive[node]) {
      // Taken away meanwhile (a spot termination): nothing left to drain or to remove.
      this.finish(node, 0, false);
      return;
    }
    const c = st.nodeCluster[node];
    const touched = new Set<number>();
    let refused = 0;
    if (!this.cp.writable(c)) refused = 1;
    else {
      for (let p = st.nodeFirstPod[node]; p >= 0; ) {
        const next = st.podNextOnNode[p];
        const s = st.podService[p];
        const g = st.group(s, c);
        if (evictionAllowed(this.budgets[s], st.desired[g], st.ready[g], st.podState[p] === POD_READY)) {
          st.deletePod(p);
          touched.add(s);
          this.counts.evicted++;
        } else refused++;
        p = next;
      }
    }
    this.counts.refused += refused;
    // The evicted pods' ReplicaSets create replacements, which the scheduler puts on Ready nodes.
    for (const s of touched) this.replicaSets.reconcile(s, c);
    if (st.nodeFirstPod[node] < 0) this.finish(node, 0, true);
    else this.retryHandle[node] = this.sim.after(this.pace.podEvictionRetryS, this.RETRY, node);
  }

  /** The drain timed out: delete what is left (EKS's forced update), PodDisruptionBudgets notwithstanding. */
  private force(node: number): void {
    this.timeoutHandle[node] = -1;
    if (!this.draining[node]) return;
    const st = this.st;
    if (!st.nodeActive[node]) {
      this.finish(node, 0, false);
      return;
    }
    const c = st.nodeCluster[node];
    // Deleting pods takes the API too: a forced drain waits for it like an eviction does.
    if (!this.cp.writable(c)) {
      this.timeoutHandle[node] = this.sim.after(this.pace.podEvictionRetryS, this.TIMEOUT, node);
      return;
    }
    let forced = 0;
    for (let p = st.nodeFirstPod[node]; p >= 0; p = st.podNextOnNode[p]) forced++;
    this.counts.forced += forced;
    for (const s of st.deleteNodePods(node)) this.replicaSets.reconcile(s, c);
    this.finish(node, forced, true);
  }

  /** The node is empty: it leaves the cluster (`remove`), unless something else removed it already. */
  private finish(node: number, forced: number, remove: boolean): void {
    const st = this.st;
    cancelHandle(this.sim, this.retryHandle, node);
    cancelHandle(this.sim, this.timeoutHandle, node);
    this.draining[node] = 0;
    this.held[node] = 0;
    if (!remove) {
      this.cordonedReady[node] = 0;
      this.onDrained?.(node, forced);
      return;
    }
    // A node the node controller had marked NotReady leaves its zone's unready count; one only the
    // cordon made NotReady was never in it.
    if (st.nodeApi[node] !== NODE_API_READY && !this.cordonedReady[node]) this.eviction.nodeReady(node);
    this.cordonedReady[node] = 0;
    st.nodeApi[node] = NODE_API_READY;
    st.nodeActive[node] = 0;
    this.lifecycle.nodeRemoved(node);
    this.onNodeRemoved?.(node);
    this.onDrained?.(node, forced);
  }
}
