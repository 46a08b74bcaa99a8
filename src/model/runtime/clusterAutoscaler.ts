import type { Simulator } from '../../engine/simulator.js';
import type { ClusterSpec } from '../../scenario/types.js';
import { autoscalerSettings, poolBounds, type AutoscalerSettings, type PoolBounds } from './autoscalerSettings.js';
import type { ControlPlaneState } from './controlPlane.js';
import type { KubeClusterStreams, KubeClusterTimings } from './kubeTimings.js';
import type { NodeLifecycle } from './nodeLifecycle.js';
import { ticketIsCurrent, ticketPod } from './podTicket.js';
import type { ReplicaSetController } from './replicaSets.js';
import { ScaleDown } from './scaleDown.js';
import type { KubeScheduler } from './scheduler.js';
import { NODE_API_READY, POD_PENDING, type RuntimeState } from './state.js';
import type { StatefulVolumes } from './statefulVolumes.js';
import type { TaintEviction } from './taintEviction.js';

/** Why a slot is being launched (`provisioning` per node; 0 = not launching). */
const LAUNCH_SCALE_UP = 1;
/** The node group replacing an interrupted node to keep its size (not an autoscaler decision). */
const LAUNCH_REPLACEMENT = 2;

/**
 * The cluster autoscaler of every cluster whose pools autoscale, and the node groups under it.
 *
 * Scale-up: when the scheduler finds a pod that fits nowhere, it decides after a sampled delay how
 * many nodes the unschedulable pods need (by CPU, memory and pod count) and launches them, each
 * Ready after its own sampled delay; one decision at a time and none while launches are under way;
 * never into a dead zone. A launch not Ready within maxNodeProvisionTime is given up (and the pods'
 * next decision tries again): so are launches decided while the region cannot launch nodes.
 *
 * Scale-down (when enabled; scaleDown.ts decides, this removes): a node of an autoscaled pool whose
 * requests are below the threshold and whose pods fit elsewhere is unneeded; once unneeded for
 * unneededTime, and not within delayAfterAdd of a scale-up, it is removed, never taking a pool below
 * its minimum: its pods are evicted and their ReplicaSets recreate them elsewhere. It is looked at
 * after changes (pods of the cluster change, a node joins, leaves or is Ready again) and when an
 * unneeded node falls due, never on an idle timer.
 *
 * Both halt while more than maxUnreadyRatio of the cluster's nodes, and more than okUnreadyCount,
 * are unready.
 *
 * Spot: at an interruption notice the node is cordoned and drained (its pods evicted, as the AWS Node
 * Termination Handler and Karpenter do); at the end it is gone. Pods that no longer fit bring a
 * scale-up; a pool that does not autoscale (or would fall below its minimum) has its node group
 * launch a replacement into the same slot.
 *
 * `configure` supplies the cluster specs; until it is called, only the scale-up of before runs
 * (decision and provisioning delays, no time limit).
 */
export class ClusterAutoscaler {
  private readonly sim: Simulator;
  private readonly st: RuntimeState;
  private readonly cp: ControlPlaneState;
  private readonly timings: readonly KubeClusterTimings[];
  private readonly streams: readonly KubeClusterStreams[];
  private readonly scheduler: KubeScheduler;
  private readonly eviction: TaintEviction;
  private readonly volumes: StatefulVolumes;

  /** Per node: LAUNCH_* while a launch is under way, and when it started. */
  private readonly provisioning: Uint8Array;
  private readonly launchStartS: Float64Array;
  /** Per node: between a spot notice and the instance's end (cordoned, drained, still billed). */
  private readonly leaving: Uint8Array;
  /**
   * Per node: counted in its zone's node total by the taint eviction (`TaintEviction.nodeJoined`).
   * That total has no way down yet, so a slot is counted once however often it comes and goes.
   */
  private readonly countedInZone: Uint8Array;
  /** Per node pool: nodes running (not leaving) or on their way, the size its floor applies to. */
  private readonly poolSize: Int32Array;
  /** Per cluster: its nodes (fleet nodes, then spare slots), active or not. */
  private readonly nodesOf: readonly number[][];

  /** Per cluster: launches under way, whether a decision is booked, the last scale-up. */
  private readonly scaleInFlight: Int32Array;
  private readonly scaleDecisionPending: Uint8Array;
  private readonly lastScaleUpS: Float64Array;
  /** Per region: active faults blocking node launches. */
  private readonly launchBlocks: Int32Array;

  private settings: readonly (AutoscalerSettings | undefined)[];
  private bounds: PoolBounds | undefined;
  private replicaSets: ReplicaSetController | undefined;
  private lifecycle: NodeLifecycle | undefined;
  /** Present when some cluster scales down (set by `configure`). */
  private scaleDown: ScaleDown | undefined;

  private readonly DECIDE: number;
  private readonly PROVISIONED: number;
  private readonly GIVE_UP: number;

  /** Nodes the autoscaler has added so far. */
  autoscaledNodes = 0;
  /** Launches given up (not Ready within maxNodeProvisionTime, or decided while launches fail). */
  failedLaunches = 0;
  /** Called when a launched node joins (for node-hour accounting). */
  onNodeProvisioned: ((node: number) => void) | null = null;
  /** Called when a node stops being billed: removed by scale-down, or a spot instance terminated. */
  onNodeRemoved: ((node: number) => void) | null = null;

  constructor(
    sim: Simulator,
    st: RuntimeState,
    cp: ControlPlaneState,
    timings: readonly KubeClusterTimings[],
    streams: readonly KubeClusterStreams[],
    controllers: { readonly scheduler: KubeScheduler; readonly eviction: TaintEviction; readonly volumes: StatefulVolumes },
  ) {
    this.sim = sim;
    this.st = st;
    this.cp = cp;
    this.timings = timings;
    this.streams = streams;
    this.scheduler = controllers.scheduler;
    this.eviction = controllers.eviction;
    this.volumes = controllers.volumes;
    const n = st.nodeCount;
    const C = st.clusterCount;
    this.provisioning = new Uint8Array(n);
    this.launchStartS = new Float64Array(n);
    this.leaving = new Uint8Array(n);
    this.countedInZone = Uint8Array.from(st.nodeActive);
    this.poolSize = new Int32Array(st.fleet.nodePools.length);
    for (let node = 0; node < n; node++) if (st.nodeActive[node]) this.poolSize[st.nodePool[node]]++;
    this.nodesOf = Array.from({ length: C }, (_, c) => {
      const cl = st.fleet.clusters[c];
      const out: number[] = [];
      for (let node = cl.nodeStart; node < cl.nodeStart + cl.nodeCount; node++) out.push(node);
      for (let node = st.spareStart[c]; node < st.spareStart[c] + st.spareCount[c]; node++) out.push(node);
      return out;
    });
    this.scaleInFlight = new Int32Array(C);
    this.scaleDecisionPending = new Uint8Array(C);
    this.lastScaleUpS = new Float64Array(C).fill(Number.NEGATIVE_INFINITY);
    this.launchBlocks = new Int32Array(st.fleet.regions.length);
    this.settings = new Array<undefined>(C).fill(undefined);
    this.DECIDE = sim.register('kube/autoscalerDecision', (c) => this.onDecision(c));
    this.PROVISIONED = sim.register('kube/nodeProvisioned', (node) => this.onProvisioned(node));
    this.GIVE_UP = sim.register('kube/nodeLaunchGivenUp', (node) => this.onGiveUp(node));
  }

  /**
   * The clusters' autoscaler settings and pool bounds, and the controllers scale-down and spot need.
   * Call once, after the fleet is seeded and before anything happens; with scale-down on it hooks
   * the pod counters (`RuntimeState.onGroupChange`, after whoever set it) and the API listeners.
   */
  configure(specs: readonly ClusterSpec[], controllers: { readonly replicaSets: ReplicaSetController; readonly lifecycle: NodeLifecycle }): void {
    const settings = specs.map(autoscalerSettings);
    const bounds = poolBounds(this.st.fleet, specs);
    this.settings = settings;
    this.bounds = bounds;
    this.replicaSets = controllers.replicaSets;
    this.lifecycle = controllers.lifecycle;
    controllers.lifecycle.onNodeReadyAgain = (node) => this.nodeReadyAgain(node);
    if (!settings.some((s) => s.scaleDown)) return;
    const st = this.st;
    const scaleDown = new ScaleDown(
      this.sim,
      st,
      this.cp,
      {
        halted: (c) => this.halted(c),
        poolSize: (p) => this.poolSize[p],
        lastScaleUpS: (c) => this.lastScaleUpS[c],
        decisionPending: (c) => this.scaleDecisionPending[c] === 1,
        removeNode: (node) => this.removeNode(node),
      },
      { settings, bounds, nodesOf: this.nodesOf, requiredZone: (p) => this.volumes.requiredZone(p) },
    );
    this.scaleDown = scaleDown;
    const previous = st.onGroupChange;
    st.onGroupChange = (s, c) => {
      previous?.(s, c);
      scaleDown.request(c);
    };
    this.cp.onChange((c, writable) => {
      if (writable) scaleDown.request(c);
    });
    for (let c = 0; c < st.clusterCount; c++) scaleDown.request(c);
  }

  // ---- scale-up ----------------------------------------------------------------------------

  /** Pods of cluster `c` are unschedulable: book a decision unless one is booked or nodes are on their way. */
  requestScaleUp(c: number): void {
    const t = this.timings[c];
    if (t.autoscalerDecision === undefined || this.scaleDecisionPending[c] || this.scaleInFlight[c] > 0) return;
    if (!this.cp.writable(c)) return;
    this.scaleDecisionPending[c] = 1;
    this.sim.after(t.autoscalerDecision.sample(this.streams[c].autoscaler), this.DECIDE, c);
  }

  private onDecision(c: number): void {
    this.scaleDecisionPending[c] = 0;
    const st = this.st;
    const t = this.timings[c];
    if (!this.cp.writable(c) || t.nodeProvisioning === undefined || this.halted(c)) return;
    // Demand of the pods still unschedulable: anywhere, and per zone for the pods whose zonal volume
    // ties them to a zone (cluster-autoscaler's simulation checks the volume's node affinity against
    // each node group's template, so only a node in that zone helps them).
    let cpu = 0;
    let mem = 0;
    let pods = 0;
    let zonal: Map<number, { cpu: number; mem: number; pods: number }> | undefined;
    for (const ticket of this.scheduler.unschedulableTickets(c)) {
      const p = ticketPod(ticket);
      if (st.podState[p] !== POD_PENDING || !ticketIsCurrent(st, ticket)) continue;
      const zone = this.volumes.requiredZone(p);
      if (zone >= 0) {
        zonal ??= new Map();
        const d = zonal.get(zone) ?? { cpu: 0, mem: 0, pods: 0 };
        d.cpu += st.serviceCpu[st.podService[p]];
        d.mem += st.serviceMem[st.podService[p]];
        d.pods++;
        zonal.set(zone, d);
        continue;
      }
      cpu += st.serviceCpu[st.podService[p]];
      mem += st.serviceMem[st.podService[p]];
      pods++;
    }
    if (pods === 0 && zonal === undefined) return;
    const unmet = (d: { cpu: number; mem: number; pods: number } | undefined) => d !== undefined && (d.cpu > 0 || d.mem > 0 || d.pods > 0);
    const zonalUnmet = () => zonal !== undefined && [...zonal.values()].some(unmet);
    const pick = (node: number): boolean => {
      if (cpu <= 0 && mem <= 0 && pods <= 0 && !zonalUnmet()) return false;
      if (!this.isFreeSlot(node) || !st.nodeUp(node)) return true; // never into a dead zone
      const forZone = zonal?.get(st.nodeZone[node]);
      const d = unmet(forZone) ? forZone! : undefined;
      if (d === undefined && cpu <= 0 && mem <= 0 && pods <= 0) return true; // only other zones still need nodes
      this.launch(node, LAUNCH_SCALE_UP);
      if (d !== undefined) {
        d.cpu -= st.nodeCpuAllocatable[node];
        d.mem -= st.nodeMemAllocatable[node];
        d.pods -= st.nodeMaxPods[node];
        return true;
      }
      cpu -= st.nodeCpuAllocatable[node];
      mem -= st.nodeMemAllocatable[node];
      pods -= st.nodeMaxPods[node];
      return true;
    };
    // Spares first (as before scale-down existed), then slots of autoscaled pools that scale-down or
    // a spot interruption emptied.
    let more = true;
    for (let node = st.spareStart[c]; more && node < st.spareStart[c] + st.spareCount[c]; node++) more = pick(node);
    if (this.bounds !== undefined) {
      const cl = st.fleet.clusters[c];
      for (let node = cl.nodeStart; more && node < cl.nodeStart + cl.nodeCount; node++) if (this.bounds.autoscales[st.nodePool[node]]) more = pick(node);
    }
  }

  /** A slot the autoscaler (or an upgrade's surge) may launch into: no node there, none coming, none leaving. */
  isFreeSlot(node: number): boolean {
    return !this.st.nodeActive[node] && !this.provisioning[node] && !this.leaving[node];
  }

  /** Launch a node into `node`'s slot: Ready after the provisioning delay, or given up. */
  private launch(node: number, why: number): void {
    const c = this.st.nodeCluster[node];
    const s = this.settings[c];
    this.provisioning[node] = why;
    this.launchStartS[node] = this.sim.now;
    this.scaleInFlight[c]++;
    this.poolSize[this.st.nodePool[node]]++;
    if (why === LAUNCH_SCALE_UP) this.lastScaleUpS[c] = this.sim.now;
    const limitS = s?.maxNodeProvisionTimeS ?? Number.POSITIVE_INFINITY;
    if (this.launchBlocks[this.st.fleet.clusters[c].regionId] > 0 || !this.st.nodeUp(node)) {
      // The cloud accepts the request but no instance comes (us-east-1, October 2025), or it
      // would come up in a dead zone (only a node group's replacement can aim there).
      this.sim.after(limitS, this.GIVE_UP, node);
      return;
    }
    const provisioning = this.timings[c].nodeProvisioning ?? s!.nodeProvisioning;
    const delayS = provisioning.sample(this.streams[c].autoscaler);
    if (delayS > limitS) this.sim.after(limitS, this.GIVE_UP, node);
    else this.sim.after(delayS, this.PROVISIONED, node);
  }

  private onProvisioned(node: number): void {
    const st = this.st;
    const c = st.nodeCluster[node];
    const limitS = this.settings[c]?.maxNodeProvisionTimeS ?? Number.POSITIVE_INFINITY;
    if (!st.nodeUp(node) && limitS < Number.POSITIVE_INFINITY) {
      // Its zone died while it was booting: it never turns Ready, and is given up in time.
      this.sim.at(Math.max(this.sim.now, this.launchStartS[node] + limitS), this.GIVE_UP, node);
      return;
    }
    const why = this.provisioning[node];
    this.provisioning[node] = 0;
    this.scaleInFlight[c]--;
    st.nodeActive[node] = 1;
    st.nodeApi[node] = NODE_API_READY;
    if (!this.countedInZone[node]) {
      this.countedInZone[node] = 1;
      this.eviction.nodeJoined(node);
    }
    if (why === LAUNCH_SCALE_UP) this.autoscaledNodes++;
    this.onNodeProvisioned?.(node);
    this.scheduler.requestRetry(c);
    if (this.scaleInFlight[c] === 0 && this.scheduler.unschedulableTickets(c).length > 0) this.requestScaleUp(c);
    this.scaleDown?.request(c);
  }

  /** The launch did not give a Ready node in time: forget it; the pods (or the node group) try again. */
  private onGiveUp(node: number): void {
    const c = this.st.nodeCluster[node];
    const why = this.provisioning[node];
    this.provisioning[node] = 0;
    this.scaleInFlight[c]--;
    this.poolSize[this.st.nodePool[node]]--;
    this.failedLaunches++;
    if (why === LAUNCH_REPLACEMENT) this.launch(node, LAUNCH_REPLACEMENT);
    else if (this.scaleInFlight[c] === 0 && this.scheduler.unschedulableTickets(c).length > 0) this.requestScaleUp(c);
  }

  /** One more (+1) or one fewer (−1) fault keeping `region` from launching nodes. */
  blockLaunches(region: number, delta: 1 | -1): void {
    this.launchBlocks[region] += delta;
  }

  // ---- halting -----------------------------------------------------------------------------

  /** cluster-autoscaler's health check: too many unready nodes, and it does nothing at all. */
  private halted(c: number): boolean {
    const s = this.settings[c];
    if (s === undefined) return false;
    const st = this.st;
    let nodes = 0;
    let unready = 0;
    const count = (node: number) => {
      if (!st.nodeActive[node]) return;
      nodes++;
      if (st.nodeApi[node] !== NODE_API_READY) unready++;
    };
    const cl = st.fleet.clusters[c];
    for (let node = cl.nodeStart; node < cl.nodeStart + cl.nodeCount; node++) count(node);
    for (let node = st.spareStart[c]; node < st.spareStart[c] + st.spareCount[c]; node++) count(node);
    return unready > s.okUnreadyCount && unready > s.maxUnreadyRatio * nodes;
  }

  /**
   * A node is Ready again (NodeLifecycle): the cluster may have left the halt. Scale-up needs no
   * nudge (the scheduler retries its unschedulable pods, which ask again); scale-down does.
   */
  private nodeReadyAgain(node: number): void {
    this.scaleDown?.request(this.st.nodeCluster[node]);
  }

  /** Scale-down removes the node: cordon, evict its pods (their ReplicaSets recreate them), delete. */
  private removeNode(node: number): void {
    this.retire(node);
    this.gone(node);
  }

  /** Nodes removed by scale-down so far. */
  get scaledDownNodes(): number {
    return this.scaleDown?.removedNodes ?? 0;
  }

  // ---- spot interruptions ------------------------------------------------------------------

  /**
   * A spot interruption notice for `node`: cordon and drain it now; it is gone at `spotTerminated`.
   * Answers whether a running node was there to interrupt.
   */
  spotNotice(node: number): boolean {
    if (!this.st.nodeActive[node] || this.leaving[node]) return false;
    this.leaving[node] = 1;
    this.retire(node);
    this.scaleDown?.request(this.st.nodeCluster[node]);
    return true;
  }

  /** The interrupted instance is terminated: billing stops; its node group replaces it if it keeps a size. */
  spotTerminated(node: number): void {
    if (!this.leaving[node]) return;
    this.leaving[node] = 0;
    this.gone(node);
    const st = this.st;
    const pool = st.nodePool[node];
    const bounds = this.bounds;
    if (bounds === undefined) return; // not configured: no node group settings to launch with
    if (!bounds.autoscales[pool] || this.poolSize[pool] < bounds.minCount[pool]) this.launch(node, LAUNCH_REPLACEMENT);
  }

  /** Take the node out of the cluster (no new pods, API state forgotten) and evict its pods. */
  private retire(node: number): void {
    const st = this.st;
    const c = st.nodeCluster[node];
    st.nodeActive[node] = 0;
    this.poolSize[st.nodePool[node]]--;
    // A NotReady node leaves its zone's unready count and eviction queue.
    if (st.nodeApi[node] !== NODE_API_READY) this.eviction.nodeReady(node);
    st.nodeApi[node] = NODE_API_READY;
    this.lifecycle?.nodeRemoved(node);
    this.scaleDown?.forget(node);
    const touched = st.deleteNodePods(node);
    if (this.replicaSets !== undefined) for (const s of touched) this.replicaSets.reconcile(s, c);
  }

  /** The instance no longer exists (and is no longer billed). */
  private gone(node: number): void {
    this.onNodeRemoved?.(node);
  }

  /**
   * The node of a pool's slot (its nodes first, then its spares, in id order), or −1 when the pool
   * has no such slot. Spot interruption episodes name their node this way.
   */
  poolSlotNode(pool: number, slot: number): number {
    const st = this.st;
    let seen = 0;
    for (const node of this.nodesOf[st.fleet.nodePools[pool].clusterId]) {
      if (st.nodePool[node] !== pool) continue;
      if (seen === slot) return node;
      seen++;
    }
    return -1;
  }
}
