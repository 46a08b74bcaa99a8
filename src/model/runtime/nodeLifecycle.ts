import type { Simulator } from '../../engine/simulator.js';
import type { ControlPlaneState } from './controlPlane.js';
import { cancelHandle } from './eventHandles.js';
import type { KubeClusterStreams, KubeClusterTimings } from './kubeTimings.js';
import type { PodStartup } from './podStartup.js';
import type { OutOfServiceTaints } from './outOfServiceTaints.js';
import type { KubeScheduler } from './scheduler.js';
import { NODE_API_NOT_READY, NODE_API_READY, POD_DOWN, POD_LOST, POD_READY, POD_STARTING, type RuntimeState } from './state.js';
import { TAINT_PASS_PERIOD_S, type TaintEviction } from './taintEviction.js';

export interface KubeObserver {
  nodeNotReady?(node: number, nowS: number): void;
}

/**
 * An API outage at least this long makes kube-controller-manager exit: it cannot renew its leader
 * lease within --leader-elect-renew-deadline (10 s by default, component-base's leader-election
 * defaults), and its replacement starts without the node controller's memory.
 */
export const CONTROLLERS_RESTART_AFTER_S = 10;

/**
 * The node lifecycle controller of every cluster, and what the machine itself does. Each kubelet
 * renews its lease every leaseRenewIntervalS at its own phase; the controller manager checks every
 * nodeMonitorPeriodS at its own phase and marks a node NotReady once its lease is older than the
 * grace period (queuing it for taint-based eviction), and Ready again at the first check after the
 * machine is back. A machine that stops takes its pods with it (dead but still listed as endpoints
 * until NotReady); one that restarts starts them again.
 */
export class NodeLifecycle {
  private readonly sim: Simulator;
  private readonly st: RuntimeState;
  private readonly cp: ControlPlaneState;
  private readonly timings: readonly KubeClusterTimings[];
  private readonly eviction: TaintEviction;
  private readonly scheduler: KubeScheduler;
  private readonly startup: PodStartup;
  private readonly outOfService: OutOfServiceTaints;
  observer: KubeObserver = {};
  /** Called when a node is marked Ready again (the cluster autoscaler may leave its halt). */
  onNodeReadyAgain: ((node: number) => void) | null = null;

  /** Per node: the kubelet's lease renewal phase (s), and the pending NotReady / Ready-again events. */
  private readonly leasePhaseS: Float64Array;
  private readonly notReadyHandle: Float64Array;
  private readonly readyAgainHandle: Float64Array;
  /** Per cluster: the node monitor's phase (s). */
  private readonly monitorPhaseS: Float64Array;
  private readonly NOT_READY: number;
  private readonly READY_AGAIN: number;

  constructor(
    sim: Simulator,
    st: RuntimeState,
    cp: ControlPlaneState,
    timings: readonly KubeClusterTimings[],
    streams: readonly KubeClusterStreams[],
    controllers: { readonly eviction: TaintEviction; readonly scheduler: KubeScheduler; readonly startup: PodStartup; readonly outOfService: OutOfServiceTaints },
  ) {
    this.sim = sim;
    this.st = st;
    this.cp = cp;
    this.timings = timings;
    this.eviction = controllers.eviction;
    this.scheduler = controllers.scheduler;
    this.startup = controllers.startup;
    this.outOfService = controllers.outOfService;
    const n = st.nodeCount;
    const C = st.clusterCount;
    this.leasePhaseS = new Float64Array(n);
    this.notReadyHandle = new Float64Array(n).fill(-1);
    this.readyAgainHandle = new Float64Array(n).fill(-1);
    this.monitorPhaseS = new Float64Array(C);
    // Timer phases: each kubelet renews its lease on its own schedule, and each controller manager
    // checks nodes on its own; both are uniformly out of phase with any fault. Drawn in this order
    // (every cluster's monitor, then every node's lease) from each cluster's `phases` stream.
    for (let c = 0; c < C; c++) this.monitorPhaseS[c] = streams[c].phases.next() * timings[c].nodeMonitorPeriodS;
    for (let node = 0; node < n; node++) {
      const c = st.nodeCluster[node];
      this.leasePhaseS[node] = streams[c].phases.next() * timings[c].leaseRenewIntervalS;
    }
    // The 100 ms tainting pass runs on its own timer too; drawn last so the draws above keep their values.
    for (let c = 0; c < C; c++) this.eviction.setTickPhase(c, streams[c].phases.next() * TAINT_PASS_PERIOD_S);
    this.NOT_READY = sim.register('kube/nodeNotReady', (node) => this.onNotReady(node));
    this.READY_AGAIN = sim.register('kube/nodeReadyAgain', (node) => this.onReadyAgain(node));
  }

  /** The machine stopped (called by the fault replay when its first down cause starts). */
  machineDown(node: number): void {
    const st = this.st;
    if (!st.nodeActive[node]) return;
    for (let p = st.nodeFirstPod[node]; p >= 0; p = st.podNextOnNode[p]) {
      const s = st.podState[p];
      if (s === POD_READY) st.setPodState(p, st.nodeApi[node] === NODE_API_READY ? POD_LOST : POD_DOWN);
      else if (s === POD_STARTING) st.setPodState(p, POD_DOWN);
    }
    cancelHandle(this.sim, this.readyAgainHandle, node);
    if (st.nodeApi[node] === NODE_API_READY) this.scheduleNotReady(node, this.sim.now, false);
  }

  /** The machine runs again (its last down cause ended). */
  machineUp(node: number): void {
    const st = this.st;
    if (!st.nodeActive[node]) return;
    cancelHandle(this.sim, this.notReadyHandle, node);
    // The kubelet restarts the node's containers; they pass through startup again.
    for (let p = st.nodeFirstPod[node]; p >= 0; p = st.podNextOnNode[p]) {
      const s = st.podState[p];
      if (s === POD_LOST || s === POD_DOWN) this.startup.start(p);
    }
    if (st.nodeApi[node] !== NODE_API_READY) this.scheduleReadyAgain(node);
  }

  /** The node left the cluster (scale-down, spot termination): forget its pending verdicts. */
  nodeRemoved(node: number): void {
    cancelHandle(this.sim, this.notReadyHandle, node);
    cancelHandle(this.sim, this.readyAgainHandle, node);
    this.outOfService.nodeReady(node);
  }

  /**
   * The cluster's API is writable again at `nowS` after `outageS` without it: book the verdicts the
   * controller could not reach meanwhile. A running node not Ready is marked Ready at the next check.
   * For a stopped node still Ready it depends on whether kube-controller-manager outlived the outage:
   * - an outage of at least its leader-election renew deadline (CONTROLLERS_RESTART_AFTER_S) makes it
   *   lose its lease and exit; the restarted one has no memory of the lease's age and judges the
   *   node with a fresh grace period, even when the old verdict was still pending (checked against
   *   the real controllers: docs/live.md, api-outage);
   * - a shorter one (an etcd election) leaves it running with its memory: a verdict that fell due
   *   during the outage (its status update failed) is carried out at the next monitor pass, and one
   *   still pending stays as it was.
   */
  resumeNode(node: number, nowS: number, outageS: number): void {
    const st = this.st;
    const up = st.nodeUp(node);
    if (!up && st.nodeApi[node] === NODE_API_READY) {
      if (outageS >= CONTROLLERS_RESTART_AFTER_S) this.scheduleNotReady(node, nowS, true);
      else if (this.notReadyHandle[node] < 0) {
        this.notReadyHandle[node] = this.sim.at(this.monitorTickAtOrAfter(st.nodeCluster[node], nowS), this.NOT_READY, node);
      }
    }
    if (up && st.nodeApi[node] !== NODE_API_READY && this.readyAgainHandle[node] < 0) this.scheduleReadyAgain(node);
  }

  /**
   * The first node-monitor pass at or after `tS`. The tolerance (a billionth of a period) keeps a
   * time that is a whole number of periods from a pass, give or take rounding, on that pass.
   */
  private monitorTickAtOrAfter(c: number, tS: number): number {
    const period = this.timings[c].nodeMonitorPeriodS;
    const phase = this.monitorPhaseS[c];
    return phase + Math.ceil((tS - phase) / period - 1e-9) * period;
  }

  /**
   * When the controller manager marks a stopped node NotReady: it last saw the lease renewed at the
   * first monitor pass after the kubelet's last renewal (probeTimestamp = that pass), and marks the
   * node at the first pass where now is after probeTimestamp + grace. Its passes run on a sliding
   * timer (wait.Until: the period starts when the previous pass ends), so each pass comes a little
   * more than a period after the last: when the grace period is a whole number of periods (40 s or
   * 50 s over 5 s, the defaults) the pass exactly grace later already finds the lease too old. So the
   * node turns NotReady at the first pass at or after probeTimestamp + grace, not one pass later
   * (checked against the real kube-controller-manager: docs/live.md). After a control-plane restart
   * the grace period starts afresh.
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
      observedS = this.monitorTickAtOrAfter(c, lastRenewS);
    }
    const atS = Math.max(nowS, this.monitorTickAtOrAfter(c, observedS + t.nodeMonitorGracePeriodS));
    cancelHandle(this.sim, this.notReadyHandle, node);
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
    this.eviction.nodeNotReady(node);
    this.outOfService.nodeNotReady(node);
    this.observer.nodeNotReady?.(node, this.sim.now);
    this.eviction.kickCluster(c);
  }

  private scheduleReadyAgain(node: number): void {
    const c = this.st.nodeCluster[node];
    if (!this.cp.writable(c)) return; // resumeNode() will do it
    cancelHandle(this.sim, this.readyAgainHandle, node);
    this.readyAgainHandle[node] = this.sim.at(this.monitorTickAtOrAfter(c, this.sim.now), this.READY_AGAIN, node);
  }

  private onReadyAgain(node: number): void {
    const st = this.st;
    this.readyAgainHandle[node] = -1;
    if (!st.nodeUp(node) || st.nodeApi[node] === NODE_API_READY) return;
    const c = st.nodeCluster[node];
    if (!this.cp.writable(c)) return;
    st.nodeApi[node] = NODE_API_READY;
    this.eviction.nodeReady(node);
    this.outOfService.nodeReady(node);
    this.eviction.kickCluster(c);
    this.scheduler.requestRetry(c);
    this.onNodeReadyAgain?.(node);
  }
}
