import type { Simulator } from '../../engine/simulator.js';
import type { FailoverSpec } from '../../scenario/types.js';
import type { RuntimeState } from './state.js';

/** What the health tracker needs from KarmadaFailover. */
export interface ApplicationHealthHooks {
  /** Whether Karmada can see (service, cluster)'s status now and cares: its control plane up, the cluster Ready and reachable, replicas assigned there. */
  observable(service: number, cluster: number): boolean;
  /** Schedule the toleration's end of group g, `delayS` from now; returns the event handle. */
  schedule(group: number, delayS: number): number;
}

const IDLE = -1;
/** The toleration ended; the eviction waits to be carried out (at once, or when Karmada is back). */
const DUE = -2;

/**
 * Karmada's application failover decision (the application failover controller): per (service,
 * cluster), how long the workload has been unhealthy, and the end of its toleration.
 *
 * Unhealthy is the resource interpreter's rule for a Deployment: fewer available replicas than
 * desired. Available here is ready, plus pods on a dead node the API still lists as ready (Karmada
 * reads the member cluster's API, which has not noticed yet). So a node failure whose pods take
 * longer than the toleration to come back elsewhere triggers it too, as in Karmada.
 *
 * Health is observed when the runtime's pod counts change (RuntimeState.onGroupChange), when Karmada
 * changes a count itself, and when the cluster's API or Karmada comes back. While Karmada cannot see
 * the status (cluster NotReady or unreachable, Karmada down) the last observation stands and its
 * timer runs on, as the last collected status does in Karmada. Crash-looping pods of a bad change are
 * an impairment of the traffic model only (src/model/traffic/impairments.ts): the runtime's pods stay
 * ready, so application failover does not react to them.
 */
export class ApplicationHealth {
  private readonly sim: Simulator;
  private readonly st: RuntimeState;
  private readonly failover: readonly FailoverSpec[];
  private readonly watched: readonly boolean[];
  private readonly hooks: ApplicationHealthHooks;
  /** Per group: the toleration's event handle, IDLE (healthy or not watched) or DUE. */
  private readonly timer: Float64Array;

  constructor(sim: Simulator, st: RuntimeState, failover: readonly FailoverSpec[], watched: readonly boolean[], hooks: ApplicationHealthHooks) {
    this.sim = sim;
    this.st = st;
    this.failover = failover;
    this.watched = watched;
    this.hooks = hooks;
    this.timer = new Float64Array(failover.length * st.clusterCount).fill(IDLE);
  }

  /** Re-read (service, cluster)'s health, starting or cancelling its toleration. */
  observe(s: number, c: number): void {
    if (!this.watched[s] || !this.hooks.observable(s, c)) return;
    const g = s * this.st.clusterCount + c;
    const unhealthy = this.st.ready[g] + this.st.lost[g] < this.st.desired[g];
    if (unhealthy) {
      if (this.timer[g] === IDLE) this.timer[g] = this.hooks.schedule(g, this.failover[s].application!.tolerationS);
    } else this.forget(g);
  }

  reobserveCluster(c: number): void {
    for (let s = 0; s < this.watched.length; s++) this.observe(s, c);
  }

  reobserveAll(): void {
    for (let c = 0; c < this.st.clusterCount; c++) this.reobserveCluster(c);
  }

  /** The toleration of group g ended (its event fired). */
  fired(g: number): void {
    this.timer[g] = DUE;
  }

  /** Whether group g's eviction is still due (not called off by a healthy observation since); consumes it. */
  take(g: number): boolean {
    const due = this.timer[g] === DUE;
    if (due) this.timer[g] = IDLE;
    return due;
  }

  /** Stop tracking group g (healthy again, or moved off its cluster). */
  forget(g: number): void {
    if (this.timer[g] >= 0) this.sim.cancel(this.timer[g]);
    this.timer[g] = IDLE;
  }
}
