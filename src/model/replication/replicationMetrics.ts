import { TimeWeighted } from '../../engine/stats/timeWeighted.js';
import type { LogHistogram } from '../../engine/stats/logHistogram.js';
import type { TrafficOutcomeWithMinutes } from '../traffic/accounting.js';
import type { BadMinutes } from '../traffic/sloMinutes.js';
import type { TrafficOutcome } from '../traffic/types.js';
import { attributeUserRecovery } from '../traffic/userRecovery.js';
import type { FaultRecorder } from '../runtime/faultRecords.js';
import type { ReplicationInput, ReplicationResult } from './replicationTypes.js';
import type { ReplicationWiring } from './replicationWiring.js';
import { burnSeries } from './burn.js';
import { faultWindows } from './faultWindows.js';
import type { TrafficCurve } from '../traffic/trafficTrace.js';

/**
 * What one replication measures, and the result built from it. Time-weighted accumulators follow
 * each service's ready ratio, zero-ready time and blackholed share, and each node pool's size; they
 * are read as differences from their areas at the end of warm-up (`scheduleWarmup`). The fault
 * recorder is fed from the controllers' observers and from capacity coming back. Optionally a
 * timeline samples every service's ready replicas.
 */
export class ReplicationMetrics {
  private readonly w: ReplicationWiring;
  private readonly recorder: FaultRecorder;
  private readonly warmupS: number;

  // Per node pool: size over time, peak since warm-up, area at warm-up.
  private readonly poolNodes: TimeWeighted[];
  private readonly poolPeak: Int32Array;
  private readonly poolNodesAtWarmup: Float64Array;

  // Per service: min(1, ready / required); 1 while nothing is ready; dead share of listed endpoints.
  private readonly readyRatio: TimeWeighted[];
  private readonly zeroReady: TimeWeighted[];
  private readonly blackhole: TimeWeighted[];
  /** Fewest ready replicas since warm-up. */
  private readonly minReady: Int32Array;
  private readonly areaAtWarmup: { ready: Float64Array; zero: Float64Array; blackhole: Float64Array };

  /** Ready replicas per service, and the traffic's success ratio, per timeline sample (when asked). */
  private timeline: number[][] | undefined;
  private readonly successTimeline: number[] = [];

  /**
   * Ready capacity (Σ min(ready, required) / Σ required over services) as a step function from t = 0,
   * logged at each change: the fault windows are read from it afterwards (nothing is scheduled for it).
   */
  private readonly capped: Float64Array;
  private cappedSum = 0;
  private requiredSum = 0;
  private readonly readyLogT: number[] = [];
  private readonly readyLogV: number[] = [];

  /** Hooks itself to the wiring: call before anything can change (before the fault replay is scheduled). */
  constructor(w: ReplicationWiring, recorder: FaultRecorder, warmupS: number) {
    this.w = w;
    this.recorder = recorder;
    this.warmupS = warmupS;
    const { fleet, st, required, kube, karmada, cp } = w;
    const S = w.services.length;
    this.poolNodes = fleet.nodePools.map((p) => new TimeWeighted(0, p.count));
    this.poolPeak = Int32Array.from(fleet.nodePools, (p) => p.count);
    this.poolNodesAtWarmup = new Float64Array(fleet.nodePools.length);
    kube.autoscaler.onNodeProvisioned = (node) => this.nodeProvisioned(node);
    // Scale-down and spot reclaims end a node's billing.
    kube.autoscaler.onNodeRemoved = (node) => this.nodeRemoved(node);
    this.readyRatio = w.services.map((_, s) => new TimeWeighted(0, ratio(st.serviceReady[s], required[s])));
    this.zeroReady = w.services.map((_, s) => new TimeWeighted(0, st.serviceReady[s] === 0 && required[s] > 0 ? 1 : 0));
    this.blackhole = w.services.map(() => new TimeWeighted(0, 0));
    this.minReady = Int32Array.from(st.serviceReady);
    this.areaAtWarmup = { ready: new Float64Array(S), zero: new Float64Array(S), blackhole: new Float64Array(S) };
    this.capped = Float64Array.from(w.services, (_, s) => Math.min(st.serviceReady[s], required[s]));
    for (let s = 0; s < S; s++) {
      this.cappedSum += this.capped[s];
      this.requiredSum += required[s];
    }
    this.readyLogT.push(0);
    this.readyLogV.push(this.capacityNow());
    // Chained after whoever set it (Karmada's application failover watches pod counts too).
    const previous = st.onGroupChange;
    st.onGroupChange = previous === null ? (s, c) => this.groupChanged(s, c) : (s, c) => {
      previous(s, c);
      this.groupChanged(s, c);
    };
    // An HPA changing a service's desired count changes what its readiness is judged against.
    w.hpa?.listeners.push((s) => this.requiredChanged(s));
    kube.lifecycle.observer = { nodeNotReady: (node, t) => recorder.nodeNotReady(node, t) };
    karmada.observer = {
      clusterNotReady: (c, t) => recorder.clusterNotReady(c, t),
      failedOver: (_s, c, t) => recorder.clusterFailedOver(c, t),
    };
    // Registered after the controllers' and Karmada's listeners, so it hears of a change last.
    cp.onChange((c, writable, t) => {
      if (writable) recorder.apiWritable(c, t);
    });
  }

  /** At `warmupS`, forget what was measured before it. */
  scheduleWarmup(warmupS: number): void {
    const sim = this.w.sim;
    const WARMUP = sim.register('metrics/warmup', () => this.endWarmup());
    sim.at(warmupS, WARMUP, 0);
  }

  /** Sample every `stepS` from time 0 to the horizon. */
  scheduleTimeline(stepS: number, horizonS: number): void {
    const { sim, st, traffic } = this.w;
    const rows: number[][] = [];
    this.timeline = rows;
    const success = this.successTimeline;
    const SAMPLE = sim.register('metrics/timeline', () => {
      rows.push(Array.from(st.serviceReady));
      if (traffic) success.push(traffic.currentSuccessRatio());
      if (sim.now + stepS <= horizonS) sim.after(stepS, SAMPLE, 0);
    });
    sim.at(0, SAMPLE, 0);
  }

  /** A (service, cluster) group's ready or lost count changed (RuntimeState.onGroupChange). */
  private groupChanged(s: number, c: number): void {
    const { sim, st, required, traffic } = this.w;
    const now = sim.now;
    const ready = st.serviceReady[s];
    this.readyRatio[s].update(now, ratio(ready, required[s]));
    this.zeroReady[s].update(now, ready === 0 && required[s] > 0 ? 1 : 0);
    const listed = ready + st.serviceLost[s];
    this.blackhole[s].update(now, listed > 0 ? st.serviceLost[s] / listed : 0);
    if (now >= this.warmupS && ready < this.minReady[s]) this.minReady[s] = ready;
    if (ready >= required[s] && this.recorder.hasOpen()) this.recorder.capacityRestored((x) => st.serviceReady[x] >= required[x], now);
    this.logCapacity(s, now);
    traffic?.groupChanged(s, c);
  }

  private capacityNow(): number {
    return this.requiredSum > 0 ? this.cappedSum / this.requiredSum : 1;
  }

  /** Service s's ready or required count changed at `now`: log the ready capacity when it moved. */
  private logCapacity(s: number, now: number, requiredChanged = false): void {
    const { st, required } = this.w;
    const capped = Math.min(st.serviceReady[s], required[s]);
    this.cappedSum += capped - this.capped[s];
    this.capped[s] = capped;
    if (requiredChanged) {
      let req = 0;
      for (let x = 0; x < required.length; x++) req += required[x];
      this.requiredSum = req;
    }
    const v = this.capacityNow();
    const n = this.readyLogV.length;
    if (this.readyLogV[n - 1] === v) return;
    if (this.readyLogT[n - 1] === now) this.readyLogV[n - 1] = v;
    else {
      this.readyLogT.push(now);
      this.readyLogV.push(v);
    }
  }

  private nodeProvisioned(node: number): void {
    const p = this.w.st.nodePool[node];
    const next = this.poolNodes[p].current + 1;
    this.poolNodes[p].update(this.w.sim.now, next);
    if (next > this.poolPeak[p]) this.poolPeak[p] = next;
  }

  private requiredChanged(s: number): void {
    const { sim, st, required } = this.w;
    const now = sim.now;
    this.readyRatio[s].update(now, ratio(st.serviceReady[s], required[s]));
    this.zeroReady[s].update(now, st.serviceReady[s] === 0 && required[s] > 0 ? 1 : 0);
    if (st.serviceReady[s] >= required[s] && this.recorder.hasOpen()) this.recorder.capacityRestored((x) => st.serviceReady[x] >= required[x], now);
    this.logCapacity(s, now, true);
  }

  private nodeRemoved(node: number): void {
    const p = this.w.st.nodePool[node];
    this.poolNodes[p].update(this.w.sim.now, this.poolNodes[p].current - 1);
  }

  private endWarmup(): void {
    const { sim, st, cp, fleet } = this.w;
    for (let s = 0; s < this.readyRatio.length; s++) {
      this.areaAtWarmup.ready[s] = this.readyRatio[s].area(sim.now);
      this.areaAtWarmup.zero[s] = this.zeroReady[s].area(sim.now);
      this.areaAtWarmup.blackhole[s] = this.blackhole[s].area(sim.now);
      this.minReady[s] = st.serviceReady[s];
    }
    cp.resetAccounting(sim.now);
    fleet.nodePools.forEach((_, p) => {
      this.poolNodesAtWarmup[p] = this.poolNodes[p].area(sim.now);
      this.poolPeak[p] = this.poolNodes[p].current;
    });
  }

  /** The replication's result, once the simulator has run to the horizon and the recorder has finished. */
  result(input: ReplicationInput): ReplicationResult {
    const { sim, fleet, cp, kube, etcd, required } = this.w;
    const { horizonS, warmupS } = input;
    const span = horizonS - warmupS;
    const traffic = this.trafficOutcome();
    if (traffic) attributeUserRecovery(this.recorder.records, traffic.badMinutes, horizonS);
    const faults = this.recorder.records.filter((r) => r.startS >= warmupS);
    const windows = faultWindows(faults, traffic?.curve ?? null, { tS: this.readyLogT, value: this.readyLogV }, horizonS);
    return {
      design: input.design.name,
      replication: input.replication,
      horizonS,
      warmupS,
      services: this.w.services.map((svc, s) => ({
        name: svc.name,
        requiredReplicas: required[s],
        readyRatio: (this.readyRatio[s].area(horizonS) - this.areaAtWarmup.ready[s]) / span,
        zeroReadyS: this.zeroReady[s].area(horizonS) - this.areaAtWarmup.zero[s],
        blackholeRatio: (this.blackhole[s].area(horizonS) - this.areaAtWarmup.blackhole[s]) / span,
        minReady: this.minReady[s],
      })),
      clusters: fleet.clusters.map((c) => ({ name: c.name, apiWritableRatio: cp.writableRatio(c.id, warmupS, horizonS) })),
      faults,
      autoscaledNodes: kube.autoscaler.autoscaledNodes,
      pools: fleet.nodePools.map((p, i) => ({
        cluster: fleet.clusters[p.clusterId].name,
        pool: p.name,
        nodeHours: (this.poolNodes[i].area(horizonS) - this.poolNodesAtWarmup[i]) / 3600,
        peakNodes: this.poolPeak[i],
      })),
      events: sim.eventsDispatched,
      etcdEpisodes: etcd.clusters.reduce((a, e) => a + (e?.episodes ?? 0), 0),
      ...(this.timeline ? { timeline: { stepS: input.timelineStepS!, ready: this.timeline } } : {}),
      ...(traffic ? { traffic: traffic.outcome } : {}),
      ...(this.w.datastores !== null ? { datastores: this.w.datastores.result() } : {}),
      faultWindows: windows,
      ...(traffic ? { burn: burnSeries(traffic.failedPerBucket, warmupS, horizonS) } : {}),
    };
  }

  /**
   * What users felt: the fluid model's outcome, with what the simulated requests saw in 'requests'
   * mode, and the fluid model's minutes outside the SLO (kept out of the outcome: they serve the fault records).
   */
  private trafficOutcome(): { readonly outcome: TrafficOutcome; readonly badMinutes: BadMinutes; readonly failedPerBucket: Float64Array; readonly curve: TrafficCurve } | undefined {
    const { traffic, requestLevel } = this.w;
    if (traffic === null) return undefined;
    // FluidTraffic.finish() is typed as the plain outcome; the ledger behind it adds the minutes.
    const { badMinutes, trace, ...fluid } = traffic.finish() as TrafficOutcomeWithMinutes;
    const { failedPerBucket, curve } = trace;
    const outcome: TrafficOutcome = { ...fluid, ...(this.timeline ? { successTimeline: this.successTimeline } : {}) };
    if (requestLevel === null) return { outcome, badMinutes, failedPerBucket, curve };
    const r = requestLevel.summary();
    const lat = (h: LogHistogram) => ({ p50S: h.quantile(0.5), p95S: h.quantile(0.95), p99S: h.quantile(0.99), meanS: Number.NaN, histogram: h.toJSON() });
    const measured: TrafficOutcome = {
      ...outcome,
      requests: r.requests,
      failedRequests: r.failedRequests,
      availability: r.availability,
      // The causes the request level measured, not the fluid model's estimate.
      failedBy: { ...r.failedBy },
      latency: lat(r.latency),
      // Minutes outside the SLO are judged by the fluid model (as the fault records' are): kept per region.
      byUserRegion: r.byUserRegion.map((u) => ({ ...sloFigures(outcome.byUserRegion.find((f) => f.name === u.name)), name: u.name, requests: u.requests, failedRequests: u.failedRequests, availability: u.availability, latency: lat(u.latency) })),
    };
    return { outcome: measured, badMinutes, failedPerBucket, curve };
  }
}

/** A fluid region's SLO figures (present with an SLO), to keep beside what the request level measured. */
function sloFigures(u: TrafficOutcome['byUserRegion'][number] | undefined): { minutesOutsideSlo?: number; errorBudgetUsedRatio?: number | null } {
  if (u === undefined || u.minutesOutsideSlo === undefined) return {};
  return { minutesOutsideSlo: u.minutesOutsideSlo, errorBudgetUsedRatio: u.errorBudgetUsedRatio ?? null };
}

function ratio(ready: number, required: number): number {
  return required > 0 ? Math.min(1, ready / required) : 1;
}
