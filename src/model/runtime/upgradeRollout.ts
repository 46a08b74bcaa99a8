import type { RandomStream } from '../../engine/rng.js';
import type { Distribution } from '../../engine/distributions.js';
import type { Simulator } from '../../engine/simulator.js';
import type { NodeDrains } from './drainNodes.js';
import type { KubeScheduler } from './scheduler.js';
import { NODE_API_NOT_READY, NODE_API_READY, type RuntimeState } from './state.js';

/** How many nodes a pool may add and lose at once during its upgrade (faults.upgrades.nodes). */
export interface SurgePace {
  readonly maxSurge: number;
  readonly maxUnavailable: number;
}

/** One cluster's node rollout: its pools one after another, the one under way and its counters. */
interface Rollout {
  readonly pools: number[];
  pool: number;
  /** Nodes of the pool to replace, counted when its turn came. */
  size: number;
  launched: number;
  readyNew: number;
  provisioning: number;
  draining: number;
  removed: number;
}

/**
 * The node half of a cluster upgrade, with the surge upgrade's rules (GKE's surge upgrade, EKS's
 * managed node group update): pool by pool, every node older than the control plane is replaced by
 * an upgraded one. At most maxSurge nodes beyond the pool's size exist at once (launched ahead, into
 * a free slot of the pool: an autoscaler spare, or the slot a drained node left), and at most
 * maxUnavailable of the pool's nodes are missing from its Ready, schedulable count; so maxSurge +
 * maxUnavailable nodes are replaced in parallel. Old nodes are cordoned and drained (drainNodes.ts)
 * and leave when empty. With no free slot for a surge node and nothing under way, one node is drained
 * anyway (counted in `noSurgeSlot`): a pool with no spare slot upgrades one node at a time.
 *
 * A launched node registers at once (its slot is taken, NotReady, held from the controllers) and is
 * Ready with the upgraded kubelet after the cluster's node provisioning delay. Launches do not fail
 * here (launch blocks and zone outages of the autoscaler do not apply): a node whose machine is down
 * when it would be Ready waits another provisioning delay.
 */
export class UpgradeRollouts {
  private readonly sim: Simulator;
  private readonly st: RuntimeState;
  private readonly scheduler: KubeScheduler;
  private readonly drains: NodeDrains;
  private readonly held: Uint8Array;
  private readonly provisioningDelay: readonly Distribution[];
  private readonly streams: readonly RandomStream[];
  private readonly slotFree: (node: number) => boolean;
  private readonly pace: SurgePace;
  /** Per node: its kubelet's minor version. */
  readonly nodeMinor: Int32Array;
  /** Per cluster: the minor its nodes are upgraded to (the control plane's). */
  private readonly targetMinor: Int32Array;
  /** Per node pool: its slots (fleet nodes, then spares), in id order. */
  private readonly slotsOf: number[][];
  private readonly rollouts: (Rollout | null)[];
  /** Per node: 1 while a node this launched is on its way. */
  private readonly launching: Uint8Array;
  private readonly READY: number;
  /** Called when every node of the cluster runs its control plane's minor. */
  onDone: ((cluster: number) => void) | null = null;
  /** Called when a launched node is Ready (the cluster autoscaler's billing hook). */
  onNodeProvisioned: ((node: number) => void) | null = null;

  constructor(
    sim: Simulator,
    st: RuntimeState,
    controllers: { readonly scheduler: KubeScheduler; readonly drains: NodeDrains; readonly held: Uint8Array },
    launch: {
      readonly provisioningDelay: readonly Distribution[];
      readonly streams: readonly RandomStream[];
      /** Whether a slot with no node is free to launch into (not launching or leaving for someone else). */
      readonly slotFree: (node: number) => boolean;
    },
    pace: SurgePace,
    initialMinor: readonly number[],
  ) {
    this.sim = sim;
    this.st = st;
    this.scheduler = controllers.scheduler;
    this.drains = controllers.drains;
    this.held = controllers.held;
    this.provisioningDelay = launch.provisioningDelay;
    this.streams = launch.streams;
    this.slotFree = launch.slotFree;
    this.pace = pace;
    this.nodeMinor = Int32Array.from({ length: st.nodeCount }, (_, n) => initialMinor[st.nodeCluster[n]]);
    this.targetMinor = Int32Array.from(initialMinor);
    this.slotsOf = st.fleet.nodePools.map(() => []);
    for (let n = 0; n < st.nodeCount; n++) this.slotsOf[st.nodePool[n]].push(n);
    this.rollouts = new Array<Rollout | null>(st.clusterCount).fill(null);
    this.launching = new Uint8Array(st.nodeCount);
    this.READY = sim.register('upgrades/nodeReady', (node) => this.onReady(node));
    controllers.drains.onDrained = (node) => this.drained(node);
  }

  /** The kubelet minors of the cluster's nodes (active ones). */
  *kubeletMinors(c: number): Iterable<number> {
    const st = this.st;
    for (const p of st.fleet.nodePools) {
      if (p.clusterId !== c) continue;
      for (const n of this.slotsOf[p.id]) if (st.nodeActive[n]) yield this.nodeMinor[n];
    }
  }

  /** Replace every node of cluster `c` older than `minor` (a rollout under way takes the new target). */
  start(c: number, minor: number): void {
    const st = this.st;
    this.targetMinor[c] = minor;
    // The node groups' launch templates now carry the new kubelet: a node the autoscaler launches
    // into a free slot from here on runs it.
    for (const p of st.fleet.nodePools) if (p.clusterId === c) for (const n of this.slotsOf[p.id]) if (!st.nodeActive[n]) this.nodeMinor[n] = minor;
    if (this.rollouts[c] !== null) return;
    const pools = this.st.fleet.nodePools.filter((p) => p.clusterId === c).map((p) => p.id);
    this.rollouts[c] = { pools, pool: -1, size: 0, launched: 0, readyNew: 0, provisioning: 0, draining: 0, removed: 0 };
    this.nextPool(c);
  }

  /** Drains started without a surge node so far, over every rollout. */
  noSurgeSlotDrains = 0;

  private nextPool(c: number): void {
    const r = this.rollouts[c]!;
    while (r.pools.length > 0) {
      r.pool = r.pools.shift()!;
      r.size = this.oldNodes(c, r.pool).length;
      r.launched = r.readyNew = r.provisioning = r.draining = r.removed = 0;
      if (r.size > 0) {
        this.step(c);
        return;
      }
    }
    this.rollouts[c] = null;
    this.onDone?.(c);
  }

  /** Active nodes of the pool older than the target, not already on their way out. */
  private oldNodes(c: number, pool: number): number[] {
    const st = this.st;
    return this.slotsOf[pool].filter((n) => st.nodeActive[n] === 1 && !this.held[n] && this.nodeMinor[n] < this.targetMinor[c]);
  }

  /** A slot of the pool with no node: in `zone` if there is one, else any; −1 if none. */
  private freeSlot(pool: number, zone: number): number {
    const st = this.st;
    let any = -1;
    for (const n of this.slotsOf[pool]) {
      if (st.nodeActive[n] || this.launching[n] || !this.slotFree(n)) continue;
      if (st.nodeZone[n] === zone) return n;
      if (any < 0) any = n;
    }
    return any;
  }

  /** Launch and drain as far as the surge rules allow. */
  private step(c: number): void {
    const r = this.rollouts[c];
    if (r === null) return;
    const { maxSurge, maxUnavailable } = this.pace;
    for (;;) {
      const old = this.oldNodes(c, r.pool);
      let progressed = false;
      // Nodes that exist or are on their way: the pool's size, less those drained, plus those launched.
      const total = r.size - r.removed + r.launched;
      if (r.launched < r.size && total < r.size + maxSurge) {
        const slot = this.freeSlot(r.pool, old.length > 0 ? this.st.nodeZone[old[0]] : -1);
        if (slot >= 0) {
          this.launch(slot);
          r.launched++;
          r.provisioning++;
          progressed = true;
        }
      }
      // Ready, schedulable nodes of the pool: the old ones not cordoned, and the upgraded ones.
      const available = old.length + r.readyNew;
      if (old.length > 0 && available - 1 >= r.size - maxUnavailable) {
        r.draining++;
        this.drains.start(old[0]);
        progressed = true;
      } else if (!progressed && old.length > 0 && r.provisioning === 0 && r.draining === 0) {
        // No slot for a surge node and nothing that will free one: replace in place.
        this.noSurgeSlotDrains++;
        r.draining++;
        this.drains.start(old[0]);
        progressed = true;
      }
      if (progressed) continue;
      // Done when nothing is left to drain or to wait for (the last replacement launched above).
      if (old.length === 0 && r.draining === 0 && r.provisioning === 0) this.nextPool(c);
      return;
    }
  }

  private launch(node: number): void {
    const st = this.st;
    const c = st.nodeCluster[node];
    this.launching[node] = 1;
    this.held[node] = 1;
    // The instance registers NotReady: its slot is taken, no pod is bound to it yet.
    st.nodeActive[node] = 1;
    st.nodeApi[node] = NODE_API_NOT_READY;
    this.sim.after(this.provisioningDelay[c].sample(this.streams[c]), this.READY, node);
  }

  private onReady(node: number): void {
    const st = this.st;
    const c = st.nodeCluster[node];
    if (!st.nodeUp(node)) {
      this.sim.after(this.provisioningDelay[c].sample(this.streams[c]), this.READY, node);
      return;
    }
    this.launching[node] = 0;
    this.held[node] = 0;
    st.nodeApi[node] = NODE_API_READY;
    this.nodeMinor[node] = this.targetMinor[c];
    this.onNodeProvisioned?.(node);
    const r = this.rollouts[c];
    if (r !== null) {
      r.provisioning--;
      r.readyNew++;
    }
    this.scheduler.requestRetry(c);
    this.step(c);
  }

  private drained(node: number): void {
    const c = this.st.nodeCluster[node];
    this.nodeMinor[node] = this.targetMinor[c]; // whatever launches into the slot next is upgraded
    const r = this.rollouts[c];
    if (r === null) return;
    r.draining--;
    r.removed++;
    // Pods deleted by the drain may now fit on Ready nodes elsewhere.
    this.scheduler.requestRetry(c);
    this.step(c);
  }
}
