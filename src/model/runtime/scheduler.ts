import type { Simulator } from '../../engine/simulator.js';
import type { ControlPlaneState } from './controlPlane.js';
import { IntQueue } from './intQueue.js';
import type { KubeClusterTimings } from './kubeTimings.js';
import type { PodStartup } from './podStartup.js';
import { podTicket, ticketIsCurrent, ticketPod } from './podTicket.js';
import { NODE_API_READY, POD_PENDING, type RuntimeState } from './state.js';
import type { StatefulVolumes } from './statefulVolumes.js';

/**
 * kube-scheduler of every cluster: a FIFO of pending pods bound one at a time at the cluster's fixed
 * throughput (one binding per 1/throughput seconds) onto the least-allocated Ready node that fits.
 * A pod that fits nowhere waits in the unschedulable list, which is retried when capacity may have
 * appeared (a node back, a pod deleted, a node provisioned). Nothing happens while the cluster's API
 * is not writable; `kick` resumes it.
 */
export class KubeScheduler {
  private readonly sim: Simulator;
  private readonly st: RuntimeState;
  private readonly cp: ControlPlaneState;
  private readonly timings: readonly KubeClusterTimings[];
  private readonly startup: PodStartup;
  private readonly volumes: StatefulVolumes;

  // Per cluster. Queues and lists hold pod tickets (podTicket.ts): deleted pods are skipped when met.
  private readonly pending: IntQueue[];
  private unschedulable: number[][];
  /** 1 while a scheduling slot is booked. */
  private readonly active: Uint8Array;
  /** When the last pod was taken from the queue (bound or found unschedulable). */
  private readonly lastBindS: Float64Array;
  private readonly retryQueued: Uint8Array;
  private readonly SCHED: number;
  private readonly RETRY: number;

  /** Called each time a pod fits on no Ready node of its cluster (the cluster autoscaler's trigger). */
  onUnschedulable: ((cluster: number) => void) | null = null;

  constructor(sim: Simulator, st: RuntimeState, cp: ControlPlaneState, timings: readonly KubeClusterTimings[], startup: PodStartup, volumes: StatefulVolumes) {
    this.sim = sim;
    this.st = st;
    this.cp = cp;
    this.timings = timings;
    this.startup = startup;
    this.volumes = volumes;
    const C = st.clusterCount;
    this.pending = Array.from({ length: C }, () => new IntQueue());
    this.unschedulable = Array.from({ length: C }, () => []);
    this.active = new Uint8Array(C);
    this.lastBindS = new Float64Array(C).fill(Number.NEGATIVE_INFINITY);
    this.retryQueued = new Uint8Array(C);
    this.SCHED = sim.register('kube/schedule', (c) => this.onSchedule(c));
    this.RETRY = sim.register('kube/retryUnschedulable', (c) => this.onRetry(c));
  }

  /** Queue pending pod `p` of cluster `c` (call `kick` afterwards). */
  enqueue(c: number, p: number): void {
    this.pending[c].push(podTicket(this.st, p));
  }

  /** Book the next scheduling slot if pods are waiting and none is booked. */
  kick(c: number): void {
    if (this.active[c] || this.pending[c].length === 0 || !this.cp.writable(c)) return;
    this.active[c] = 1;
    this.sim.at(Math.max(this.sim.now, this.lastBindS[c] + 1 / this.timings[c].schedulerThroughputPodsPerS), this.SCHED, c);
  }

  /** Capacity appeared: give the unschedulable pods another pass, once per instant. */
  requestRetry(c: number): void {
    if (this.retryQueued[c] || this.unschedulable[c].length === 0) return;
    this.retryQueued[c] = 1;
    this.sim.after(0, this.RETRY, c);
  }

  /** Tickets of the pods found unschedulable in cluster `c` and not yet retried (some may be stale). */
  unschedulableTickets(c: number): readonly number[] {
    return this.unschedulable[c];
  }

  private onSchedule(c: number): void {
    this.active[c] = 0;
    if (!this.cp.writable(c)) return;
    const st = this.st;
    const queue = this.pending[c];
    while (queue.length > 0) {
      const ticket = queue.shift();
      const p = ticketPod(ticket);
      if (st.podState[p] !== POD_PENDING || !ticketIsCurrent(st, ticket)) continue; // deleted meanwhile
      // A StatefulSet pod with a zonal volume goes where its volume is (the volume's node affinity).
      const node = this.pickNode(c, st.podService[p], this.volumes.requiredZone(p));
      this.lastBindS[c] = this.sim.now;
      if (node < 0) {
        this.unschedulable[c].push(ticket);
        this.onUnschedulable?.(c);
      } else {
        st.bindPod(p, node);
        this.startup.start(p);
      }
      break; // one binding per scheduler slot
    }
    this.kick(c);
  }

  /**
   * Least-allocated Ready node that fits (kube-scheduler's default scoring, CPU then memory), in
   * `zone` when it is not −1; −1 if none.
   */
  pickNode(c: number, service: number, zone = -1): number {
    const st = this.st;
    const cluster = st.fleet.clusters[c];
    let best = -1;
    let bestScore = -1;
    const visit = (node: number) => {
      if (!st.nodeActive[node] || st.nodeApi[node] !== NODE_API_READY || !st.fits(node, service)) return;
      if (zone >= 0 && st.nodeZone[node] !== zone) return;
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

  private onRetry(c: number): void {
    this.retryQueued[c] = 0;
    const list = this.unschedulable[c];
    this.unschedulable[c] = [];
    for (const ticket of list) this.pending[c].push(ticket);
    this.kick(c);
  }
}
