import type { Simulator } from '../../engine/simulator.js';
import type { KubeClusterStreams, KubeClusterTimings } from './kubeTimings.js';
import { podTicket, ticketIsCurrent, ticketPod } from './podTicket.js';
import { POD_DOWN, POD_READY, POD_STARTING, type RuntimeState } from './state.js';

/**
 * The kubelet starting a bound pod's containers (image pull, start, readiness probe): the pod turns
 * Ready after a delay drawn from its cluster's startup distribution, unless it changed meanwhile.
 */
export class PodStartup {
  private readonly sim: Simulator;
  private readonly st: RuntimeState;
  private readonly timings: readonly KubeClusterTimings[];
  private readonly streams: readonly KubeClusterStreams[];
  private readonly READY: number;

  constructor(sim: Simulator, st: RuntimeState, timings: readonly KubeClusterTimings[], streams: readonly KubeClusterStreams[]) {
    this.sim = sim;
    this.st = st;
    this.timings = timings;
    this.streams = streams;
    this.READY = sim.register('kube/podReady', (ticket) => this.onReady(ticket));
  }

  /** Pod `p` (bound to a node) starts now. */
  start(p: number): void {
    const st = this.st;
    st.setPodState(p, POD_STARTING);
    const c = st.podCluster[p];
    const delayS = this.timings[c].podStartup.sample(this.streams[c].podStartup);
    this.sim.after(delayS, this.READY, podTicket(st, p));
  }

  private onReady(ticket: number): void {
    const st = this.st;
    const p = ticketPod(ticket);
    if (st.podState[p] !== POD_STARTING || !ticketIsCurrent(st, ticket)) return;
    // A pod bound to a machine that died unnoticed never starts.
    if (!st.nodeUp(st.podNode[p])) {
      st.setPodState(p, POD_DOWN);
      return;
    }
    st.setPodState(p, POD_READY);
  }
}
