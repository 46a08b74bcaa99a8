import type { Simulator } from '../../engine/simulator.js';
import type { RandomStream } from '../../engine/rng.js';
import { resolveKarmada } from '../../scenario/karmada.js';
import type { FailoverSpec, KarmadaSpec } from '../../scenario/types.js';
import { emptyCapacity, type Availability } from '../placement/capacity.js';
import type { CompiledService } from '../placement/compile.js';
import { placeService } from '../placement/placeService.js';
import type { ControlPlaneState } from './controlPlane.js';
import { ApplicationHealth } from './karmadaApplicationHealth.js';
import type { KubeControllers } from './kubeControllers.js';
import type { RuntimeState } from './state.js';

export interface KarmadaObserver {
  clusterNotReady?(cluster: number, nowS: number): void;
  /** Service `service`'s replicas on `cluster` were rescheduled onto other clusters (cluster failover). */
  failedOver?(service: number, cluster: number, nowS: number): void;
  /** Application failover moved `service`'s replicas off `cluster`, where they were unhealthy. */
  applicationFailedOver?(service: number, cluster: number, nowS: number): void;
}

/** How the old replicas of a moved (service, cluster) are removed. */
interface Purge {
  readonly mode: 'now' | 'after' | 'never';
  readonly afterS: number;
}

/**
 * Karmada's cluster and application failover (docs/karmada.md).
 *
 * Cluster failover: the Karmada control plane probes each member cluster's API every status
 * interval; a cluster failing for the failure threshold is marked NotReady. When the version's
 * semantics make NoExecute taints and act on them (KarmadaSpec.clusterFailover: the Failover gate,
 * and from 1.14 a NoExecute ClusterTaintPolicy and --enable-no-execute-taint-eviction), the cluster is
 * tainted `taintDelayS` later (≤ 1.13: --failover-eviction-timeout) and a divided service's replicas
 * on it are evicted after the policy's toleration and re-divided among the clusters still Ready.
 * Duplicated services are not moved (every selected cluster already runs the full count).
 *
 * Application failover (placement failover.application): a service whose workload in a Ready
 * cluster stays unhealthy for decisionConditions.tolerationSeconds is evicted from that cluster and
 * re-divided among the others, by the same machinery. Healthy is the resource interpreter's rule for
 * a Deployment: every desired replica available (here: ready, or still listed ready by the API).
 *
 * Replicas are not moved back when a cluster returns: Karmada does not rebalance by itself.
 * The Karmada control plane is a shared dependency (setControlPlaneDown): while it is down nothing
 * is detected, evicted or rescheduled; when it returns it re-probes every cluster and carries out
 * what fell due meanwhile.
 */
export class KarmadaFailover {
  private readonly sim: Simulator;
  private readonly st: RuntimeState;
  private readonly kube: KubeControllers;
  private readonly cp: ControlPlaneState;
  private readonly services: readonly CompiledService[];
  private readonly failover: readonly FailoverSpec[];
  private readonly karmada: KarmadaSpec;
  observer: KarmadaObserver = {};

  private readonly ready: Uint8Array;
  private readonly probePhaseS: Float64Array;
  private readonly detectHandle: Float64Array;
  private readonly recoverHandle: Float64Array;
  /** Karmada's assignment: replicas per (service, cluster). */
  private readonly assigned: Int32Array;
  /** 1 while a (service, cluster) is in an eviction task (moved off, old replicas not yet purged): the scheduler skips it. */
  private readonly evicting: Uint8Array;
  private readonly health: ApplicationHealth | null;
  private readonly DETECT: number;
  private readonly RECOVER: number;
  private readonly EVICT: number;
  private readonly PURGE: number;

  /** Whether the Karmada control plane itself is down. */
  private controlPlaneDown = false;
  /** Evictions and purges that fell due while the Karmada control plane was down (event args). */
  private readonly overdue: number[] = [];

  constructor(
    sim: Simulator,
    st: RuntimeState,
    kube: KubeControllers,
    cp: ControlPlaneState,
    services: readonly CompiledService[],
    failover: readonly FailoverSpec[],
    initialAssigned: Int32Array,
    phases: RandomStream,
    karmada: KarmadaSpec = resolveKarmada(undefined),
  ) {
    this.sim = sim;
    this.st = st;
    this.kube = kube;
    this.cp = cp;
    this.services = services;
    this.failover = failover;
    this.karmada = karmada;
    const C = st.clusterCount;
    this.ready = new Uint8Array(C).fill(1);
    this.probePhaseS = new Float64Array(C);
    this.detectHandle = new Float64Array(C).fill(-1);
    this.recoverHandle = new Float64Array(C).fill(-1);
    this.assigned = initialAssigned.slice();
    this.evicting = new Uint8Array(services.length * C);
    for (let c = 0; c < C; c++) this.probePhaseS[c] = phases.next();
    this.DETECT = sim.register('karmada/clusterNotReady', (c) => this.onDetect(c));
    this.RECOVER = sim.register('karmada/clusterReady', (c) => this.onRecover(c));
    // One eviction event for both failovers: arg < G is a cluster eviction of group arg, arg ≥ G an
    // application eviction of group arg − G (G = services × clusters).
    this.EVICT = sim.register('karmada/evict', (arg) => this.onEvict(arg));
    this.PURGE = sim.register('karmada/purge', (arg) => this.onPurge(arg));
    cp.onChange((c, writable, nowS) => this.onApiChange(c, writable, nowS));
    const watched = karmada.applicationFailover ? failover.map((f, s) => f.application !== undefined && services[s].scheduling.kind !== 'duplicated') : [];
    this.health = watched.some(Boolean)
      ? new ApplicationHealth(sim, st, failover, watched, {
          observable: (s, c) => this.observable(s, c),
          schedule: (g, delayS) => this.sim.after(delayS, this.EVICT, this.groups() + g),
        })
      : null;
    if (this.health !== null) {
      // Chained after whoever set it; ReplicationMetrics must chain too (it hears of a change last).
      const previous = st.onGroupChange;
      st.onGroupChange = (s, c) => {
        previous?.(s, c);
        this.groupChanged(s, c);
      };
    }
  }

  /**
   * The Karmada control plane itself went down (true) or came back: while it is down nothing is
   * detected, evicted or rescheduled. A shared dependency (faults.dependencies, kind karmada). When
   * it returns it re-probes: a cluster whose API is down is marked NotReady after a fresh failure
   * threshold (its probes stopped with the control plane), one whose API is back is Ready at its next
   * probe; evictions and purges that fell due meanwhile happen at once (taints and eviction tasks are
   * stored in Karmada's etcd, so their deadlines survive), except for clusters whose API is back.
   */
  setControlPlaneDown(down: boolean): void {
    if (down === this.controlPlaneDown) return;
    this.controlPlaneDown = down;
    const C = this.st.clusterCount;
    const now = this.sim.now;
    if (down) {
      for (let c = 0; c < C; c++) {
        this.cancelDetect(c);
        this.cancelRecover(c);
      }
      return; // application tolerations run on: their ends wait for the return (onEvict)
    }
    for (let c = 0; c < C; c++) {
      const writable = this.cp.writable(c);
      if (this.ready[c] && !writable) this.detectHandle[c] = this.sim.at(this.probeAtOrAfter(c, now + this.thresholdS()), this.DETECT, c);
      else if (!this.ready[c] && writable) this.recoverHandle[c] = this.sim.at(this.probeAtOrAfter(c, now), this.RECOVER, c);
    }
    // Health first, so that an application eviction called off by a healthy workload is dropped.
    this.health?.reobserveAll();
    // A cluster whose API is back is Ready again at its next probe, before the taint manager acts.
    const G = this.groups();
    for (const arg of this.overdue.splice(0)) {
      if (arg < 0) this.purgeNow(-arg - 1);
      else if (arg >= G || !this.cp.writable(arg % C)) this.evict(arg);
    }
  }

  /** Whether Karmada currently considers the cluster Ready. */
  isReady(cluster: number): boolean {
    return this.ready[cluster] === 1;
  }

  /** Replicas Karmada currently assigns to (service, cluster). */
  assignedTo(service: number, cluster: number): number {
    return this.assigned[service * this.st.clusterCount + cluster];
  }

  /** A (service, cluster) group's ready or lost count changed (RuntimeState.onGroupChange). */
  groupChanged(service: number, cluster: number): void {
    this.health?.observe(service, cluster);
  }

  private groups(): number {
    return this.services.length * this.st.clusterCount;
  }

  /** Karmada sees a workload's status only from a cluster it reaches, while its own control plane is up. */
  private observable(s: number, c: number): boolean {
    const g = s * this.st.clusterCount + c;
    return !this.controlPlaneDown && this.ready[c] === 1 && this.cp.writable(c) && this.assigned[g] > 0 && !this.evicting[g];
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

  private cancelDetect(c: number): void {
    if (this.detectHandle[c] >= 0) {
      this.sim.cancel(this.detectHandle[c]);
      this.detectHandle[c] = -1;
    }
  }

  private cancelRecover(c: number): void {
    if (this.recoverHandle[c] >= 0) {
      this.sim.cancel(this.recoverHandle[c]);
      this.recoverHandle[c] = -1;
    }
  }

  private onApiChange(c: number, writable: boolean, nowS: number): void {
    if (this.controlPlaneDown) return; // no probes: the return re-probes every cluster
    if (!writable) {
      this.cancelRecover(c);
      if (this.ready[c] && this.detectHandle[c] < 0) {
        this.detectHandle[c] = this.sim.at(this.probeAtOrAfter(c, nowS + this.thresholdS()), this.DETECT, c);
      }
    } else {
      this.cancelDetect(c);
      if (!this.ready[c] && this.recoverHandle[c] < 0) this.recoverHandle[c] = this.sim.at(this.probeAtOrAfter(c, nowS), this.RECOVER, c);
    }
    this.health?.reobserveCluster(c);
  }

  private onDetect(c: number): void {
    this.detectHandle[c] = -1;
    if (this.cp.writable(c)) return;
    this.ready[c] = 0;
    this.observer.clusterNotReady?.(c, this.sim.now);
    this.health?.reobserveCluster(c);
    if (!this.karmada.clusterFailover) return; // no NoExecute taint, or nothing acts on it
    const C = this.st.clusterCount;
    this.services.forEach((svc, s) => {
      const f = this.failover[s];
      if (!f.enabled || svc.scheduling.kind === 'duplicated' || this.assigned[s * C + c] === 0) return;
      this.sim.after(this.karmada.taintDelayS + f.tolerationS, this.EVICT, s * C + c);
    });
  }

  private onRecover(c: number): void {
    this.recoverHandle[c] = -1;
    if (!this.cp.writable(c)) return;
    this.ready[c] = 1;
    // Karmada's scheduler retries bindings it could not schedule whenever a cluster changes: a
    // service whose failover found no valid placement gets one again now that this cluster is back.
    for (const s of [...this.unschedulable]) {
      const placement = this.place(s, -1);
      if (placement.affinityIndex < 0 || placement.unscheduled > 0) continue;
      const C = this.st.clusterCount;
      for (let other = 0; other < C; other++) {
        if (!this.ready[other] || this.evicting[s * C + other]) continue;
        if (placement.assigned[other] !== this.assigned[s * C + other]) {
          this.assigned[s * C + other] = placement.assigned[other];
          this.kube.setDesired(s, other, placement.assigned[other]);
        }
      }
      this.unschedulable.delete(s);
    }
    this.health?.reobserveCluster(c);
  }

  /** Services whose last failover could not be scheduled (retried when a cluster returns). */
  private readonly unschedulable = new Set<number>();

  /** Karmada's scheduler for service s over the Ready clusters, without `excluded` and the clusters s is being evicted from. */
  private place(s: number, excluded: number) {
    const fleet = this.st.fleet;
    const C = this.st.clusterCount;
    const clusterUp = Uint8Array.from(this.ready);
    for (let c = 0; c < C; c++) if (c === excluded || this.evicting[s * C + c]) clusterUp[c] = 0;
    const availability: Availability = { clusterUp, nodeUp: new Uint8Array(fleet.nodes.count).fill(1) };
    return placeService(fleet, this.services[s], availability, emptyCapacity(fleet, availability), 'spread');
  }

  private onEvict(arg: number): void {
    const G = this.groups();
    if (arg >= G) this.health?.fired(arg - G);
    if (this.controlPlaneDown) {
      this.overdue.push(arg);
      return;
    }
    this.evict(arg);
  }

  /** Carry out a cluster eviction (arg < G) or an application eviction (arg ≥ G) that fell due. */
  private evict(arg: number): void {
    const G = this.groups();
    const C = this.st.clusterCount;
    if (arg >= G) {
      const g = arg - G;
      // Still due (no healthy observation since), and still assigned where it was.
      if (!this.health!.take(g) || this.assigned[g] === 0 || this.evicting[g]) return;
      const app = this.failover[Math.floor(g / C)].application!;
      const purge: Purge = app.purgeMode === 'Directly' ? { mode: 'now', afterS: 0 } : app.purgeMode === 'Gracefully' ? { mode: 'after', afterS: app.gracePeriodS } : { mode: 'never', afterS: 0 };
      this.move(g, purge, true);
      this.observer.applicationFailedOver?.(Math.floor(g / C), g % C, this.sim.now);
      this.purge(g, purge);
      return;
    }
    const c = arg % C;
    if (this.ready[c] || this.assigned[arg] === 0) return; // recovered in time, or already moved
    const f = this.failover[Math.floor(arg / C)];
    const purge: Purge = f.purgeMode === 'Immediately' ? { mode: 'now', afterS: 0 } : f.purgeMode === 'Graciously' ? { mode: 'after', afterS: f.gracefulEvictionTimeoutS } : { mode: 'never', afterS: 0 };
    this.move(arg, purge, false);
    this.observer.failedOver?.(Math.floor(arg / C), c, this.sim.now);
    this.purge(arg, purge);
  }

  /**
   * Move group g's replicas off its cluster: re-divide the service among the other Ready clusters.
   * If the policy cannot be met without that cluster (a spread constraint, residency, an affinity
   * with no Ready cluster left), Karmada's scheduler fails and the binding keeps its other clusters
   * as they were: only the evicted cluster's share goes.
   */
  private move(g: number, purge: Purge, application: boolean): void {
    const C = this.st.clusterCount;
    const s = Math.floor(g / C);
    const c = g % C;
    // An eviction task keeps the cluster out of the service's scheduling until the purge. The legacy
    // model (KarmadaSpec.version 'legacy') had no eviction tasks for cluster failover: kept as it was.
    this.evicting[g] = purge.mode !== 'now' && (application || this.karmada.version !== 'legacy') ? 1 : 0;
    const placement = this.place(s, c);
    let before = 0;
    let after = 0;
    for (let other = 0; other < C; other++) {
      if (other === c || !this.ready[other] || this.evicting[s * C + other]) continue;
      before += this.assigned[s * C + other];
      after += placement.assigned[other];
    }
    const scheduled = placement.affinityIndex >= 0 && after >= before;
    if (!scheduled) this.unschedulable.add(s);
    for (let other = 0; scheduled && other < C; other++) {
      if (other === c || !this.ready[other] || this.evicting[s * C + other]) continue;
      const next = placement.assigned[other];
      if (next !== this.assigned[s * C + other]) {
        this.assigned[s * C + other] = next;
        this.kube.setDesired(s, other, next);
      }
    }
    this.assigned[g] = 0;
    if (this.health !== null) {
      this.health.forget(g);
      // More replicas asked of the other clusters: unhealthy there until they are ready.
      for (let other = 0; other < C; other++) if (other !== c) this.health.observe(s, other);
    }
  }

  private purge(g: number, purge: Purge): void {
    const C = this.st.clusterCount;
    if (purge.mode === 'now') this.kube.setDesired(Math.floor(g / C), g % C, 0);
    else if (purge.mode === 'after') this.sim.after(purge.afterS, this.PURGE, g);
    // never: the evicted cluster keeps its replicas; they serve again if it returns.
  }

  private onPurge(g: number): void {
    if (this.controlPlaneDown) {
      this.overdue.push(-g - 1);
      return;
    }
    this.purgeNow(g);
  }

  private purgeNow(g: number): void {
    this.evicting[g] = 0;
    if (this.assigned[g] === 0) this.kube.setDesired(Math.floor(g / this.st.clusterCount), g % this.st.clusterCount, 0);
  }
}
