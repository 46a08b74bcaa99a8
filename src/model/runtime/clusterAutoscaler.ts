import type { Simulator } from '../../engine/simulator.js';
import type { ControlPlaneState } from './controlPlane.js';
import type { KubeClusterStreams, KubeClusterTimings } from './kubeTimings.js';
import { ticketIsCurrent, ticketPod } from './podTicket.js';
import type { KubeScheduler } from './scheduler.js';
import { NODE_API_READY, POD_PENDING, type RuntimeState } from './state.js';
import type { TaintEviction } from './taintEviction.js';

/**
 * The cluster autoscaler of every cluster whose pools autoscale. When the scheduler finds a pod that
 * fits nowhere, it decides after a sampled delay how many spare nodes the unschedulable pods need
 * (by CPU, memory and pod count) and provisions them, each after its own sampled delay. One decision
 * at a time and none while nodes are still being provisioned; never a spare in a dead zone.
 */
export class ClusterAutoscaler {
  private readonly sim: Simulator;
  private readonly st: RuntimeState;
  private readonly cp: ControlPlaneState;
  private readonly timings: readonly KubeClusterTimings[];
  private readonly streams: readonly KubeClusterStreams[];
  private readonly scheduler: KubeScheduler;
  private readonly eviction: TaintEviction;

  /** Per node: 1 while the spare is being provisioned. */
  private readonly provisioning: Uint8Array;
  /** Per cluster: nodes being provisioned, and whether a decision is booked. */
  private readonly scaleInFlight: Int32Array;
  private readonly scaleDecisionPending: Uint8Array;
  private readonly DECIDE: number;
  private readonly PROVISIONED: number;

  /** Nodes the autoscaler has added so far. */
  autoscaledNodes = 0;
  /** Called when an autoscaled node joins (for node-hour accounting). */
  onNodeProvisioned: ((node: number) => void) | null = null;

  constructor(
    sim: Simulator,
    st: RuntimeState,
    cp: ControlPlaneState,
    timings: readonly KubeClusterTimings[],
    streams: readonly KubeClusterStreams[],
    controllers: { readonly scheduler: KubeScheduler; readonly eviction: TaintEviction },
  ) {
    this.sim = sim;
    this.st = st;
    this.cp = cp;
    this.timings = timings;
    this.streams = streams;
    this.scheduler = controllers.scheduler;
    this.eviction = controllers.eviction;
    this.provisioning = new Uint8Array(st.nodeCount);
    this.scaleInFlight = new Int32Array(st.clusterCount);
    this.scaleDecisionPending = new Uint8Array(st.clusterCount);
    this.DECIDE = sim.register('kube/autoscalerDecision', (c) => this.onDecision(c));
    this.PROVISIONED = sim.register('kube/nodeProvisioned', (node) => this.onProvisioned(node));
  }

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
    if (!this.cp.writable(c) || t.nodeProvisioning === undefined) return;
    // Demand of the pods still unschedulable.
    let cpu = 0;
    let mem = 0;
    let pods = 0;
    for (const ticket of this.scheduler.unschedulableTickets(c)) {
      const p = ticketPod(ticket);
      if (st.podState[p] !== POD_PENDING || !ticketIsCurrent(st, ticket)) continue;
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
    this.eviction.nodeJoined(node);
    this.autoscaledNodes++;
    this.onNodeProvisioned?.(node);
    this.scheduler.requestRetry(c);
    if (this.scaleInFlight[c] === 0 && this.scheduler.unschedulableTickets(c).length > 0) this.requestScaleUp(c);
  }
}
