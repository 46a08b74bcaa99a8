import type { LogHistogramState } from '../engine/stats/logHistogram.js';
import type { ReplicationResult } from '../model/replication/replication.js';
import type { FaultWindowOutcome } from '../model/replication/faultWindows.js';
import type { LatencySummary, TrafficOutcome } from '../model/traffic/types.js';
import type { RetriesSpec, RetryPolicySpec } from '../scenario/specs/retries.js';
import type { DesignResult } from './results.js';
import { datastoreSummary } from './datastoreSummary.js';
import type { DesignReplicationSummary, FaultSummary, LatencySample, TrafficSummary, UserRecoveryResult } from './types.js';

/** NaN and ±Infinity have no JSON form; "did not happen" is null everywhere in results. */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/**
 * Availability when the traffic model is absent: per service, the share of requests that would
 * fail is at most (time with no ready replica) + (share of listed endpoints that are dead); a
 * request needs every service. Ignores queueing and routing, so it is a capacity proxy only.
 */
export function capacityAvailability(r: ReplicationResult): number {
  const spanS = r.horizonS - r.warmupS;
  let ok = 1;
  for (const s of r.services) ok *= 1 - Math.min(1, s.zeroReadyS / spanS + s.blackholeRatio);
  return ok;
}

/** Ready replicas over required, time-averaged, weighted by each service's required replicas. */
export function readyCapacity(r: ReplicationResult): number {
  let num = 0;
  let den = 0;
  for (const s of r.services) {
    num += s.requiredReplicas * s.readyRatio;
    den += s.requiredReplicas;
  }
  return den > 0 ? num / den : 1;
}

function histogramOrNull(h: LogHistogramState): LogHistogramState | null {
  const weight = h.zeroWeight + h.buckets.reduce((a, [, w]) => a + w, 0);
  if (!(weight > 0)) return null;
  return { ...h, buckets: h.buckets.map(([i, w]) => [i, w]) };
}

function latencySample(l: LatencySummary): LatencySample {
  return { p50S: finiteOrNull(l.p50S), p95S: finiteOrNull(l.p95S), p99S: finiteOrNull(l.p99S), meanS: finiteOrNull(l.meanS), histogram: histogramOrNull(l.histogram) };
}

/** What a run's summaries carry beyond the fields every run has (each only when it applies, so that results without it keep their form). */
export interface SummaryOptions {
  /** Some design of the scenario has a timeout (per try or overall): failedBy carries `timeout`. */
  readonly timeouts: boolean;
}

const NO_OPTIONS: SummaryOptions = { timeouts: false };

function trafficSummary(t: TrafficOutcome, options: SummaryOptions, burn: ReplicationResult['burn']): TrafficSummary {
  const failedBy = { unroutable: t.failedBy.unroutable, deadEndpoint: t.failedBy.deadEndpoint, shed: t.failedBy.shed, noReplica: t.failedBy.noReplica, impaired: t.failedBy.impaired };
  return {
    requests: t.requests,
    failedRequests: t.failedRequests,
    failedBy: options.timeouts ? { ...failedBy, timeout: t.failedBy.timeout } : failedBy,
    sloViolationMinutes: t.sloViolationMinutes,
    errorBudgetUsedRatio: t.errorBudgetUsedRatio,
    residencyViolations: t.residencyViolations,
    latency: latencySample(t.latency),
    ...(t.minutesOutsideSlo !== undefined ? { minutesOutsideSlo: t.minutesOutsideSlo } : {}),
    byUserRegion: t.byUserRegion.map((u) => ({
      name: u.name,
      requests: u.requests,
      failedRequests: u.failedRequests,
      availability: finiteOrNull(u.availability),
      latency: latencySample(u.latency),
      ...(u.minutesOutsideSlo !== undefined ? { minutesOutsideSlo: u.minutesOutsideSlo, errorBudgetUsedRatio: finiteOrNull(u.errorBudgetUsedRatio ?? Number.NaN) } : {}),
    })),
    bytes: { interZoneBytes: t.bytes.interZoneBytes, interRegionBytes: t.bytes.interRegionBytes, internetEgressBytes: t.bytes.internetEgressBytes },
    clusters: t.clusters.map((c) => ({ cluster: c.cluster, peakUtilization: c.peakUtilization, requestsServed: c.requestsServed, logBytes: c.logBytes })),
    // The model sets these only for designs that have them (async calls, a queueing shedding policy, the breakdown asked for).
    ...(t.asyncQueues !== undefined ? { asyncQueues: t.asyncQueues.map((q) => ({ ...q })) } : {}),
    ...(t.overload !== undefined ? { overload: { ...t.overload } } : {}),
    ...(t.latencyBreakdown !== undefined ? { latencyBreakdown: { mean: t.latencyBreakdown.mean.map((h) => ({ ...h })), p99: t.latencyBreakdown.p99.map((h) => ({ ...h })) } } : {}),
    ...(burn !== undefined ? { burn: { stepS: burn.stepS, endS: [...burn.endS], failed: [...burn.failed] } } : {}),
  };
}

/** Whether a design's retry policies (the hops', their per-service overrides, the users') have a timeout. */
export function hasTimeoutPolicy(traffic: { readonly retries: RetriesSpec | undefined; readonly clientRetries: RetryPolicySpec | undefined }): boolean {
  const timed = (p: RetryPolicySpec | undefined) => p !== undefined && (p.perTryTimeoutS !== undefined || p.timeoutS !== undefined);
  return timed(traffic.retries) || (traffic.retries?.services.some((o) => timed(o.policy)) ?? false) || timed(traffic.clientRetries);
}

function faultSummary(f: ReplicationResult['faults'][number], traffic: boolean, w: FaultWindowOutcome | undefined): FaultSummary {
  const since = (t: number) => finiteOrNull(t - f.startS);
  const users = traffic
    ? { usersHitS: since(f.usersHitS), usersBackS: f.usersCensored ? null : since(f.usersBackS), usersOutS: finiteOrNull(f.usersOutS), usersCensored: f.usersCensored }
    : { usersHitS: null, usersBackS: null, usersOutS: null, usersCensored: false };
  return {
    kind: f.kind,
    source: f.source,
    // Only when there is one: summaries (and shard files) of faults without an origin keep their form.
    ...(f.origin !== undefined ? { origin: f.origin } : {}),
    target: f.target,
    startS: f.startS,
    detectionS: since(f.detectedS),
    failoverS: since(f.failedOverS),
    recoveryS: f.censored ? null : since(f.recoveredS),
    censored: f.censored,
    podsLost: f.podsLost,
    ...users,
    endS: finiteOrNull(f.endS),
    ...(w !== undefined ? { servedRatio: w.servedRatio === null ? null : finiteOrNull(w.servedRatio), readyCapacity: w.readyCapacity } : {}),
    ...(w?.timeline !== undefined ? { timeline: { ...w.timeline, successRatio: [...w.timeline.successRatio], readyCapacity: [...w.timeline.readyCapacity] } } : {}),
  };
}

/** The JSON-safe essentials of one design's replication. */
export function summarizeDesign(r: ReplicationResult, options: SummaryOptions = NO_OPTIONS): DesignReplicationSummary {
  const outcome = trafficOf(r);
  const traffic = outcome ? trafficSummary(outcome, options, r.burn) : null;
  return {
    design: r.design,
    availability: outcome ? outcome.availability : capacityAvailability(r),
    readyCapacity: readyCapacity(r),
    services: r.services.map((s) => ({ name: s.name, readyRatio: s.readyRatio, zeroReadyS: s.zeroReadyS, blackholeRatio: s.blackholeRatio, minReady: s.minReady })),
    apiWritableRatio: r.clusters.map((c) => c.apiWritableRatio),
    traffic,
    faults: r.faults.map((f, i) => faultSummary(f, outcome !== undefined, r.faultWindows?.[i])),
    autoscaledNodes: r.autoscaledNodes,
    ...(r.datastores !== undefined && r.datastores.length > 0 ? { datastores: r.datastores.map(datastoreSummary) } : {}),
  };
}

/** The traffic outcome, when the model produced one (the field is optional in ReplicationResult). */
export function trafficOf(r: ReplicationResult): TrafficOutcome | undefined {
  return (r as ReplicationResult & { readonly traffic?: TrafficOutcome }).traffic;
}

/**
 * Recovery as users felt it: the time they spent outside the SLO because of the fault (its bad
 * minutes; a relapse counts, the good minutes before it do not); 0 when they never noticed, null
 * when censored or unknown. Results made before usersOutS: first bad minute until back.
 */
export function feltRecoveryS(f: FaultSummary): number | null {
  if (f.usersBackS === null) return null;
  if (f.usersHitS === null) return 0;
  return f.usersOutS ?? f.usersBackS - f.usersHitS;
}

/** A design's recovery as users felt it (null without the traffic model, or in results made before fleetsim measured it). */
export function userRecoveryOf(d: DesignResult): UserRecoveryResult | null {
  return d.recovery.users ?? null;
}
