import type { Simulator } from '../../engine/simulator.js';
import type { KubeClusterStreams, KubeClusterTimings } from './kubeTimings.js';
import { podTicket, ticketIsCurrent, ticketPod } from './podTicket.js';
import { POD_DOWN, POD_READY, POD_STARTING, type RuntimeState } from './state.js';
import type { StatefulVolumes } from './statefulVolumes.js';

/**
 * The kubelet starting a bound pod's containers (image pull, start, readiness probe): the pod turns
 * Ready after a delay drawn from its cluster's startup distribution, unless it changed meanwhile. A
 * StatefulSet pod first waits for its volume to be attached to the node (StatefulVolumes).
 */
export class PodStartup {
  private readonly sim: Simulator;
  private readonly st: RuntimeState;
  private readonly timings: readonly KubeClusterTimings[];
  private readonly streams: readonly KubeClusterStreams[];
  private readonly volumes: StatefulVolumes;
  private readonly READY: number;

  constructor(sim: Simulator, st: RuntimeState, timings: readonly KubeClusterTimings[], streams: readonly KubeClusterStreams[], volumes: StatefulVolumes) {
    this.sim = sim;
    this.st = st;
    this.timings = timings;
    this.streams = streams;
    this.volumes = volumes;
    this.READY = sim.register('kube/podReady', (ticket) => this.onReady(ticket));
  }

  /** Pod `p` (bound to a node) starts now. */
  start(p: number): void {
    const st = this.st;
    st.setPodState(p, POD_STARTING);
    const c = st.podCluster[p];
    const delayS = this.timings[c].podStartup.sample(this.streams[c].podStartup);
    const volumeS = this.volumes.attachDelayS(p);
    this.sim.after(volumeS > 0 ? volumeS + delayS : delayS, this.READY, podTicket(st, p));
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
