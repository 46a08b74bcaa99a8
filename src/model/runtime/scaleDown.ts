import type { Simulator } from '../../engine/simulator.js';
import { CA_MAX_EMPTY_BULK_DELETE, CA_SCAN_INTERVAL_S, type AutoscalerSettings, type PoolBounds } from './autoscalerSettings.js';
import type { ControlPlaneState } from './controlPlane.js';
import { ScaleDownPlanner } from './scaleDownPlanner.js';
import { NODE_API_READY, type RuntimeState } from './state.js';

/** What scale-down asks of the cluster autoscaler that owns it. */
export interface ScaleDownHost {
  /** Too many unready nodes: the autoscaler does nothing. */
  halted(cluster: number): boolean;
  /** Nodes of the pool running (not leaving) or on their way. */
  poolSize(pool: number): number;
  /** The cluster's last scale-up launch (−∞: none). */
  lastScaleUpS(cluster: number): number;
  /** A scale-up decision is booked. */
  decisionPending(cluster: number): boolean;
  /** Cordon the node, evict its pods and delete it. */
  removeNode(node: number): void;
}

/**
 * cluster-autoscaler's scale-down for every cluster that has it on. A pass refreshes which nodes are
 * unneeded (ScaleDownPlanner) and since when, removes those unneeded for unneededTime and past
 * delayAfterAdd (empty ones up to 10 at once, otherwise one), and books the next pass: a scan
 * interval after a removal, or when the first unneeded node falls due. Changes in the cluster book a
 * pass a scan interval later (`request`); with no unneeded node and no change, nothing is booked, so
 * an idle cluster costs nothing. A pass does no planning while every autoscaled pool of the cluster
 * is at its minimum, and nothing while the API cannot write or the cluster is halted.
 */
export class ScaleDown {
  private readonly sim: Simulator;
  private readonly st: RuntimeState;
  private readonly cp: ControlPlaneState;
  private readonly host: ScaleDownHost;
  private readonly settings: readonly AutoscalerSettings[];
  private readonly bounds: PoolBounds;
  /** Per cluster: its nodes (fleet nodes, then spare slots), active or not. */
  private readonly nodesOf: readonly (readonly number[])[];
  private readonly planner: ScaleDownPlanner;

  /** Per node: since when it is unneeded (NaN: it is not); a scratch mark for a pass. */
  private readonly unneededSinceS: Float64Array;
  private readonly marked: Uint8Array;
  /** Per cluster: nodes with an unneeded timer running; the booked pass (−1: none) and its time. */
  private readonly timedNodes: Int32Array;
  private readonly checkHandle: Float64Array;
  private readonly checkAtS: Float64Array;
  private readonly CHECK: number;

  /** Nodes removed so far. */
  removedNodes = 0;

  constructor(
    sim: Simulator,
    st: RuntimeState,
    cp: ControlPlaneState,
    host: ScaleDownHost,
    cluster: {
      readonly settings: readonly AutoscalerSettings[];
      readonly bounds: PoolBounds;
      readonly nodesOf: readonly (readonly number[])[];
      /** The zone a pod must stay in (StatefulVolumes.requiredZone); absent: anywhere. */
      readonly requiredZone?: (p: number) => number;
    },
  ) {
    this.sim = sim;
    this.st = st;
    this.cp = cp;
    this.host = host;
    this.settings = cluster.settings;
    this.bounds = cluster.bounds;
    this.nodesOf = cluster.nodesOf;
    this.planner = new ScaleDownPlanner(st, cluster.requiredZone);
    this.unneededSinceS = new Float64Array(st.nodeCount).fill(Number.NaN);
    this.marked = new Uint8Array(st.nodeCount);
    this.timedNodes = new Int32Array(st.clusterCount);
    this.checkHandle = new Float64Array(st.clusterCount).fill(-1);
    this.checkAtS = new Float64Array(st.clusterCount);
    this.CHECK = sim.register('kube/scaleDownCheck', (c) => this.onCheck(c));
  }

  /** Something changed in cluster `c`: look for unneeded nodes within a scan interval. */
  request(c: number): void {
    if (!this.settings[c].scaleDown) return;
    this.book(c, this.sim.now + CA_SCAN_INTERVAL_S);
  }

  /** The node left the cluster: its timer stops. */
  forget(node: number): void {
    this.unneededSinceS[node] = Number.NaN;
  }

  /** Book the cluster's pass at `atS` unless one is booked no later. */
  private book(c: number, atS: number): void {
    if (this.checkHandle[c] >= 0) {
      if (this.checkAtS[c] <= atS) return;
      this.sim.cancel(this.checkHandle[c]);
    }
    this.checkAtS[c] = atS;
    this.checkHandle[c] = this.sim.at(atS, this.CHECK, c);
  }

  private onCheck(c: number): void {
    this.checkHandle[c] = -1;
    // The API's return and a node Ready again book passes, so these can simply wait.
    if (!this.cp.writable(c)) return;
    const st = this.st;
    const bounds = this.bounds;
    const pools = st.fleet.clusters[c].poolIds;
    const poolRoom = new Int32Array(st.fleet.nodePools.length);
    let room = false;
    for (const p of pools) {
      if (!bounds.autoscales[p]) continue;
      poolRoom[p] = this.host.poolSize(p) - bounds.minCount[p];
      if (poolRoom[p] > 0) room = true;
    }
    if (!room) {
      this.clearTimers(c);
      return;
    }
    if (this.host.halted(c)) return;
    const unneeded = this.refresh(c, poolRoom);
    if (unneeded.length === 0) return;

    const s = this.settings[c];
    const now = this.sim.now;
    const cooldownEndS = this.host.lastScaleUpS(c) + s.delayAfterAddS;
    const dueS = (n: number) => Math.max(this.unneededSinceS[n] + s.unneededTimeS, cooldownEndS);
    // Not while a scale-up is being decided (cluster-autoscaler skips scale-down in such loops).
    if (!this.host.decisionPending(c)) {
      const due = unneeded.filter((n) => dueS(n) <= now);
      const empty = due.filter((n) => st.nodeFirstPod[n] < 0).slice(0, CA_MAX_EMPTY_BULK_DELETE);
      const removed = empty.length > 0 ? empty : due.slice(0, 1);
      for (const n of removed) {
        this.forget(n);
        this.host.removeNode(n);
      }
      if (removed.length > 0) {
        this.removedNodes += removed.length;
        this.book(c, now + CA_SCAN_INTERVAL_S);
        return;
      }
    }
    // Next pass when the first unneeded node falls due (changes meanwhile book earlier ones); one
    // already due waits for the scale-up decision, a scan interval at a time.
    let next = Number.POSITIVE_INFINITY;
    for (const n of unneeded) next = Math.min(next, dueS(n));
    this.book(c, next > now ? next : now + CA_SCAN_INTERVAL_S);
  }

  /** Find the cluster's unneeded nodes now: new ones start their timer, the others lose theirs. */
  private refresh(c: number, poolRoom: Int32Array): number[] {
    const st = this.st;
    const bounds = this.bounds;
    const nodes = this.nodesOf[c];
    const unneeded = this.planner.unneeded(nodes, {
      candidate: (n) => st.nodeActive[n] === 1 && st.nodeApi[n] === NODE_API_READY && bounds.autoscales[st.nodePool[n]] === 1,
      target: (n) => st.nodeActive[n] === 1 && st.nodeApi[n] === NODE_API_READY,
      utilizationThresholdRatio: this.settings[c].utilizationThresholdRatio,
      poolRoom,
    });
    for (const n of unneeded) this.marked[n] = 1;
    for (const n of nodes) if (!this.marked[n]) this.unneededSinceS[n] = Number.NaN;
    const now = this.sim.now;
    for (const n of unneeded) {
      this.marked[n] = 0;
      if (Number.isNaN(this.unneededSinceS[n])) this.unneededSinceS[n] = now;
    }
    this.timedNodes[c] = unneeded.length;
    return unneeded;
  }

  /** No node of the cluster is unneeded any more. */
  private clearTimers(c: number): void {
    if (this.timedNodes[c] === 0) return;
    for (const n of this.nodesOf[c]) this.unneededSinceS[n] = Number.NaN;
    this.timedNodes[c] = 0;
  }
}
