import type { RandomStream } from '../../engine/rng.js';
import type { Simulator } from '../../engine/simulator.js';
import type { HpaSpec } from '../../scenario/types.js';
import type { ControlPlaneState } from './controlPlane.js';
import { HpaHistory, metricReplicas, type HpaPodCounts } from './hpaAlgorithm.js';
import type { ReplicaSetController } from './replicaSets.js';
import { POD_DOWN, POD_LOST, POD_PENDING, POD_READY, POD_STARTING, type RuntimeState } from './state.js';

/** Mean CPU utilization of a service's ready pods in a cluster (busy share of their requests), 0…1. */
export type UtilizationReader = (service: number, cluster: number) => number;

/** The syncs of one cluster that share a period: one event serves every HPA in it. */
interface SyncTick {
  readonly cluster: number;
  readonly periodS: number;
  readonly phaseS: number;
  /** Services whose HPA syncs on this tick. */
  readonly services: readonly number[];
  /** Index of the next sync (it falls at phase + count × period: no float drift). */
  count: number;
  /** Asleep: its last sync left every HPA settled, and nothing they read has changed since. */
  asleep: boolean;
}

/**
 * The HorizontalPodAutoscaler controller of every cluster: one HPA per (autoscaled service,
 * cluster), as Karmada propagates an HPA to each member cluster, each acting on the service's pods
 * in its own cluster only. Every sync period it reads the pods' CPU utilization from the load model,
 * asks `metricReplicas` for a count, passes it through the stabilization windows and the scale-up
 * rate limit (`HpaHistory`), and sets the ReplicaSet's desired count; new pods are scheduled and
 * started, surplus ones deleted, by the other controllers as for any change of desired count.
 *
 * An HPA does nothing while its workload has 0 replicas in its cluster (Kubernetes: scaling is
 * disabled when the target is at 0 and minReplicas is not), so a cluster the design does not place
 * the service in stays empty, and one Karmada moves replicas into is autoscaled from then on. Nothing
 * syncs while the cluster's API is not writable (neither the scale nor the metrics API answers).
 *
 * The HPAs of a cluster that share a sync period sync together, at a phase drawn once per cluster
 * and period from `kube/<cluster>/hpaPhases`. An HPA is settled when its last sync changed nothing,
 * found every pod Ready and remembers nothing but the proposal it made (see `sync`): a sync with the
 * same inputs (utilization, pod counts, current count) would change nothing again, so it only notes
 * that it ran (`recordUnchanged`). When every HPA of a tick is settled (or disabled at 0
 * replicas) and the API is writable, the tick sleeps: no event until the traffic model says the
 * cluster's utilization may have changed (`wake`, from FluidTraffic.onUtilizationChange: pods
 * turning Ready or lost change it too) or someone else sets a desired count in the cluster
 * (ReplicaSetController.onDesiredSet, e.g. Karmada). It then resumes at its next sync instant, its
 * settled HPAs remembering their proposal at the last sync it skipped, as if it had run. So a
 * steady fleet costs nothing between changes.
 */
export class HorizontalPodAutoscalers {
  private readonly sim: Simulator;
  private readonly st: RuntimeState;
  private readonly cp: ControlPlaneState;
  private readonly replicaSets: ReplicaSetController;
  private readonly utilization: UtilizationReader;
  private readonly horizonS: number;
  /** Per service: its HPA spec, undefined when the service has fixed replicas. */
  private readonly specs: readonly (HpaSpec | undefined)[];
  /** Per group (service × clusters + cluster): the HPA's memory; null for services without one. */
  private readonly history: (HpaHistory | null)[];
  /**
   * Per group: the utilization the last sync read when it left the HPA settled (see `sync`); NaN
   * otherwise.
   */
  private readonly settledUtilization: Float64Array;
  /** Per group: the replica count it was settled at, and the proposal it kept making. */
  private readonly settledReplicas: Int32Array;
  private readonly settledProposal: Int32Array;
  private readonly ticks: SyncTick[] = [];
  /** Per cluster: its ticks. */
  private readonly ticksOf: number[][];
  private readonly SYNC: number;
  /**
   * Called after an HPA changed a desired count, in the order added (the wiring keeps the required
   * replicas; the metrics may follow).
   */
  readonly listeners: Array<(service: number, cluster: number) => void> = [];

  constructor(
    sim: Simulator,
    st: RuntimeState,
    cp: ControlPlaneState,
    replicaSets: ReplicaSetController,
    io: { readonly specs: readonly (HpaSpec | undefined)[]; readonly utilization: UtilizationReader; readonly phaseStreams: readonly RandomStream[]; readonly horizonS: number },
  ) {
    this.sim = sim;
    this.st = st;
    this.cp = cp;
    this.replicaSets = replicaSets;
    this.utilization = io.utilization;
    this.horizonS = io.horizonS;
    this.specs = io.specs;
    const C = st.clusterCount;
    this.history = new Array(st.serviceCount * C).fill(null);
    this.settledUtilization = new Float64Array(st.serviceCount * C).fill(Number.NaN);
    this.settledReplicas = new Int32Array(st.serviceCount * C);
    this.settledProposal = new Int32Array(st.serviceCount * C);
    this.SYNC = sim.register('kube/hpaSync', (tick) => this.onTick(tick));
    const periods = [...new Set(io.specs.flatMap((h) => (h ? [h.syncPeriodS] : [])))];
    this.ticksOf = [];
    for (let c = 0; c < C; c++) {
      this.ticksOf.push([]);
      for (const periodS of periods) {
        const services = io.specs.flatMap((h, s) => (h?.syncPeriodS === periodS ? [s] : []));
        for (const s of services) this.history[st.group(s, c)] = new HpaHistory();
        const phaseS = io.phaseStreams[c].next() * periodS;
        const tick: SyncTick = { cluster: c, periodS, phaseS, services, count: 0, asleep: false };
        this.ticksOf[c].push(this.ticks.length);
        this.ticks.push(tick);
        if (phaseS < this.horizonS) sim.at(phaseS, this.SYNC, this.ticks.length - 1);
      }
    }
    for (let s = 0; s < st.serviceCount; s++) if (io.specs[s] !== undefined) st.hpaManaged[s] = 1;
    replicaSets.onDesiredSet = (_s, c) => this.wake(c);
  }

  /**
   * What an HPA of cluster `cluster` reads may have changed: its sleeping ticks resume at their next
   * sync instant (now included), their settled HPAs having recorded their proposal at the last sync
   * they skipped.
   */
  wake(cluster: number): void {
    const nowS = this.sim.now;
    for (const t of this.ticksOf[cluster]) {
      const tick = this.ticks[t];
      if (!tick.asleep) continue;
      tick.asleep = false;
      let next = Math.max(tick.count, Math.ceil((nowS - tick.phaseS) / tick.periodS));
      if (tick.phaseS + next * tick.periodS < nowS) next++;
      if (next > tick.count) {
        const skippedS = tick.phaseS + (next - 1) * tick.periodS;
        for (const s of tick.services) {
          const g = this.st.group(s, cluster);
          if (!Number.isNaN(this.settledUtilization[g])) this.history[g]!.recordUnchanged(skippedS, this.settledProposal[g]);
        }
      }
      tick.count = next;
      const atS = tick.phaseS + next * tick.periodS;
      if (atS < this.horizonS) this.sim.at(atS, this.SYNC, t);
    }
  }

  private onTick(t: number): void {
    const tick = this.ticks[t];
    tick.count++;
    let settled = false;
    if (this.cp.writable(tick.cluster)) {
      settled = true;
      for (const s of tick.services) if (!this.sync(s, tick.cluster)) settled = false;
    }
    if (settled) {
      tick.asleep = true;
      return;
    }
    const nextS = tick.phaseS + tick.count * tick.periodS;
    if (nextS < this.horizonS) this.sim.at(nextS, this.SYNC, t);
  }

  /**
   * One HPA's reconcile (`reconcileAutoscaler`). True when it is settled, or disabled at 0 replicas:
   * nothing to do until an input changes. Settled: every pod Ready, the count unchanged, and either
   * every recommendation remembered equal to this sync's proposal (the same inputs then give the
   * same proposal, both windows hold only it, and the count stays: a fixed point), or the proposal
   * equal to the count (see `quickToSettle`).
   */
  private sync(service: number, cluster: number): boolean {
    const st = this.st;
    const g = st.group(service, cluster);
    const spec = this.specs[service]!;
    const history = this.history[g]!;
    const current = st.desired[g];
    if (current === 0) return true; // scaling disabled (minReplicas is at least 1)
    const nowS = this.sim.now;
    history.start(nowS, current);
    let desired: number;
    if (current > spec.maxReplicas) desired = spec.maxReplicas;
    else if (current < spec.minReplicas) desired = spec.minReplicas;
    else {
      const utilization = this.utilization(service, cluster);
      const allReady = st.ready[g] === current && st.existing[g] === current;
      if (allReady && utilization === this.settledUtilization[g] && current === this.settledReplicas[g]) {
        history.recordUnchanged(nowS, this.settledProposal[g]);
        return true;
      }
      this.settledUtilization[g] = Number.NaN;
      const proposed = metricReplicas(current, utilization, this.podCounts(g), spec.targetUtilizationRatio, spec.toleranceRatio);
      if (proposed < 0) return false; // no ready pod has a sample: the metric is unavailable
      desired = history.limit(nowS, current, history.stabilize(nowS, current, proposed, spec), spec);
      if (allReady && desired === current && (quickToSettle(proposed, current, spec) || history.allRecommendationsAre(proposed))) {
        this.settledUtilization[g] = utilization;
        this.settledReplicas[g] = current;
        this.settledProposal[g] = proposed;
        return true;
      }
    }
    if (desired === current) return false;
    history.recordScale(nowS, current, desired, spec);
    this.settledUtilization[g] = Number.NaN;
    this.replicaSets.setDesired(service, cluster, desired);
    for (const l of this.listeners) l(service, cluster);
    return false;
  }

  /** Ready pods have a CPU sample; pending and starting ones are unready; lost and down ones miss their sample. */
  private podCounts(g: number): HpaPodCounts {
    const st = this.st;
    let ready = 0;
    let unready = 0;
    let missing = 0;
    for (let p = st.groupFirstPod[g]; p >= 0; p = st.podNextInGroup[p]) {
      const state = st.podState[p];
      if (state === POD_READY) ready++;
      else if (state === POD_PENDING || state === POD_STARTING) unready++;
      else if (state === POD_LOST || state === POD_DOWN) missing++;
    }
    return { ready, unready, missing };
  }
}

/**
 * A proposal equal to the current count settles the HPA whatever else it remembers, when the
 * scale-up window is 0 (the default): the scale-down window then always holds a recommendation
 * equal to the count (the newest), so the count stays; and once inputs change, an older remembered
 * recommendation can only matter while a newer one at least as high as the count is in the window
 * too, so forgetting the older ones (`recordUnchanged`) changes no later result. With a scale-up
 * window an older, lower recommendation could hold back a later scale-up: wait for the memory to
 * be uniform then.
 */
function quickToSettle(proposed: number, current: number, spec: HpaSpec): boolean {
  return proposed === current && spec.scaleUpStabilizationS === 0;
}
