import type { Simulator } from '../../engine/simulator.js';
import type { RandomStream } from '../../engine/rng.js';
import type { FailoverSpec } from '../../scenario/types.js';
import { emptyCapacity, type Availability } from '../placement/capacity.js';
import type { CompiledService } from '../placement/compile.js';
import { placeService } from '../placement/placeService.js';
import type { ControlPlaneState } from './controlPlane.js';
import type { KubeControllers } from './kubeControllers.js';
import type { RuntimeState } from './state.js';

export interface KarmadaObserver {
  clusterNotReady?(cluster: number, nowS: number): void;
  /** Service `service`'s replicas on `cluster` were rescheduled onto other clusters. */
  failedOver?(service: number, cluster: number, nowS: number): void;
}

/**
 * Karmada's cluster failover. The Karmada control plane probes each member cluster's API every
 * status interval; a cluster failing for the failure threshold is marked NotReady and tainted
 * NoExecute; a divided service's replicas on it are evicted after the policy's toleration and
 * re-divided among the clusters still Ready. Duplicated services are not moved (every selected cluster
 * already runs the full count). Replicas are not moved back when the cluster returns: Karmada does
 * not rebalance by itself. Assumed: the Karmada control plane itself stays up.
 */
export class KarmadaFailover {
  private readonly sim: Simulator;
  private readonly st: RuntimeState;
  private readonly kube: KubeControllers;
  private readonly cp: ControlPlaneState;
  private readonly services: readonly CompiledService[];
  private readonly failover: readonly FailoverSpec[];
  observer: KarmadaObserver = {};

  private readonly ready: Uint8Array;
  private readonly probePhaseS: Float64Array;
  private readonly detectHandle: Float64Array;
  private readonly recoverHandle: Float64Array;
  /** Karmada's assignment: replicas per (service, cluster). */
  private readonly assigned: Int32Array;
  private readonly DETECT: number;
  private readonly RECOVER: number;
  private readonly EVICT: number;
  private readonly PURGE: number;

  constructor(
    sim: Simulator,
    st: RuntimeState,
    kube: KubeControllers,
    cp: ControlPlaneState,
    services: readonly CompiledService[],
    failover: readonly FailoverSpec[],
    initialAssigned: Int32Array,
    phases: RandomStream,
  ) {
    this.sim = sim;
    this.st = st;
    this.kube = kube;
    this.cp = cp;
    this.services = services;
    this.failover = failover;
    const C = st.clusterCount;
    this.ready = new Uint8Array(C).fill(1);
    this.probePhaseS = new Float64Array(C);
    this.detectHandle = new Float64Array(C).fill(-1);
    this.recoverHandle = new Float64Array(C).fill(-1);
    this.assigned = initialAssigned.slice();
    for (let c = 0; c < C; c++) this.probePhaseS[c] = phases.next();
    this.DETECT = sim.register('karmada/clusterNotReady', (c) => this.onDetect(c));
    this.RECOVER = sim.register('karmada/clusterReady', (c) => this.onRecover(c));
    this.EVICT = sim.register('karmada/evict', (arg) => this.onEvict(arg));
    this.PURGE = sim.register('karmada/purge', (arg) => this.onPurge(arg));
    cp.onChange((c, writable, nowS) => this.onApiChange(c, writable, nowS));
  }

  /**
   * The Karmada control plane itself went down (true) or came back: while it is down nothing is
   * detected, evicted or rescheduled. A shared dependency (faults.dependencies, kind karmada).
   */
  setControlPlaneDown(_down: boolean): void {}

  /** Whether Karmada currently considers the cluster Ready. */
  isReady(cluster: number): boolean {
    return this.ready[cluster] === 1;
  }

  private intervalS(): number {
    // One status interval fleet-wide (Karmada's --cluster-status-update-frequency); take the first policy's.
    return this.failover[0]?.clusterStatusIntervalS ?? 10;
  }

  private thresholdS(): number {
    return this.failover[0]?.failureThresholdS ?? 30;
  }

  /** First probe of cluster c at or after t. */
  private probeAtOrAfter(c: number, tS: number): number {
    const interval = this.intervalS();
    const phase = this.probePhaseS[c] * interval;
    return phase + Math.ceil((tS - phase) / interval) * interval;
  }

  private onApiChange(c: number, writable: boolean, nowS: number): void {
    if (!writable) {
      if (this.recoverHandle[c] >= 0) {
        this.sim.cancel(this.recoverHandle[c]);
        this.recoverHandle[c] = -1;
      }
      if (this.ready[c] && this.detectHandle[c] < 0) {
        this.detectHandle[c] = this.sim.at(this.probeAtOrAfter(c, nowS + this.thresholdS()), this.DETECT, c);
      }
    } else {
      if (this.detectHandle[c] >= 0) {
        this.sim.cancel(this.detectHandle[c]);
        this.detectHandle[c] = -1;
      }
      if (!this.ready[c] && this.recoverHandle[c] < 0) this.recoverHandle[c] = this.sim.at(this.probeAtOrAfter(c, nowS), this.RECOVER, c);
    }
  }

  private onDetect(c: number): void {
    this.detectHandle[c] = -1;
    if (this.cp.writable(c)) return;
    this.ready[c] = 0;
    this.observer.clusterNotReady?.(c, this.sim.now);
    const C = this.st.clusterCount;
    this.services.forEach((svc, s) => {
      const f = this.failover[s];
      if (!f.enabled || svc.scheduling.kind === 'duplicated' || this.assigned[s * C + c] === 0) return;
      this.sim.after(f.tolerationS, this.EVICT, s * C + c);
    });
  }

  private onRecover(c: number): void {
    this.recoverHandle[c] = -1;
    if (!this.cp.writable(c)) return;
    this.ready[c] = 1;
    // Karmada's scheduler retries bindings it could not schedule whenever a cluster changes: a
    // service whose failover found no valid placement gets one again now that this cluster is back.
    for (const s of [...this.unschedulable]) {
      const placement = this.place(s);
      if (placement.affinityIndex < 0 || placement.unscheduled > 0) continue;
      const C = this.st.clusterCount;
      for (let other = 0; other < C; other++) {
        if (!this.ready[other]) continue;
        if (placement.assigned[other] !== this.assigned[s * C + other]) {
          this.assigned[s * C + other] = placement.assigned[other];
          this.kube.setDesired(s, other, placement.assigned[other]);
        }
      }
      this.unschedulable.delete(s);
    }
  }

  /** Services whose last failover could not be scheduled (retried when a cluster returns). */
  private readonly unschedulable = new Set<number>();

  private place(s: number) {
    const fleet = this.st.fleet;
    const availability: Availability = { clusterUp: Uint8Array.from(this.ready), nodeUp: new Uint8Array(fleet.nodes.count).fill(1) };
    return placeService(fleet, this.services[s], availability, emptyCapacity(fleet, availability), 'spread');
  }

  private onEvict(arg: number): void {
    const C = this.st.clusterCount;
    const s = Math.floor(arg / C);
    const c = arg % C;
    if (this.ready[c] || this.assigned[arg] === 0) return; // recovered in time, or already moved
    const placement = this.place(s);
    // If the policy cannot be met without the failed cluster (a spread constraint, residency, an
    // affinity with no Ready cluster left), Karmada's scheduler fails and the binding keeps its
    // healthy clusters as they were: only the failed cluster's share is evicted.
    let before = 0;
    let after = 0;
    for (let other = 0; other < C; other++) {
      if (other === c || !this.ready[other]) continue;
      before += this.assigned[s * C + other];
      after += placement.assigned[other];
    }
    const scheduled = placement.affinityIndex >= 0 && after >= before;
    if (!scheduled) this.unschedulable.add(s);
    for (let other = 0; scheduled && other < C; other++) {
      if (other === c || !this.ready[other]) continue;
      const next = placement.assigned[other];
      if (next !== this.assigned[s * C + other]) {
        this.assigned[s * C + other] = next;
        this.kube.setDesired(s, other, next);
      }
    }
    this.assigned[arg] = 0;
    this.observer.failedOver?.(s, c, this.sim.now);
    const f = this.failover[s];
    if (f.purgeMode === 'Immediately') this.kube.setDesired(s, c, 0);
    else if (f.purgeMode === 'Graciously') this.sim.after(f.gracefulEvictionTimeoutS, this.PURGE, arg);
    // Never: the evicted cluster keeps its replicas; they serve again if it returns.
  }

  private onPurge(arg: number): void {
    const C = this.st.clusterCount;
    if (this.assigned[arg] === 0) this.kube.setDesired(Math.floor(arg / C), arg % C, 0);
  }
}
