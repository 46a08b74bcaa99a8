import { meanBill } from '../cost/delta.js';
import { summarizeCosts } from '../cost/summary.js';
import type { FaultKind } from '../model/faults/schedule.js';
import { affine, histogramQuantile, interval, intervalOfPresent, mergeHistograms, pairedInterval, spread } from './intervals.js';
import {
  CONFIDENCE_LEVEL,
  MONTH_MINUTES,
  RESULTS_SCHEMA,
  RESULTS_SCHEMA_VERSION,
  type Comparison,
  type DesignResult,
  type AsyncQueueResult,
  type FaultKindResult,
  type Interval,
  type LatencyBreakdownResult,
  type LatencyResult,
  type OverloadResult,
  type RareFaultsResult,
  type Results,
  type UserRegionAvailability,
} from './results.js';
import { errorBudgetBurn } from './burnAggregate.js';
import { faultTimelinesOf } from './faultTimelines.js';
import { noRareOutageProbability } from '../model/faults/rareOutages.js';
import { stratifiedInterval } from './stratified.js';
import { judgeRegionSlo, judgeSlo, verdictOf, type PairedDifference } from './verdict.js';
import { DEFAULT_MINUTE_AVAILABILITY } from '../model/traffic/sloMinutes.js';
import { feltRecoveryS } from './summarize.js';
import type { AsyncQueueSummary } from '../model/traffic/asyncQueues.js';
import type { HopLatency, LatencyBreakdown } from '../model/traffic/latencyBreakdown.js';
import type { OverloadSummary } from '../model/traffic/overload.js';
import { originsOf } from './byOrigin.js';
import { datastoresOverReplications } from './datastoreResults.js';
import type { DesignReplicationSummary, FaultSummary, LatencySample, ReplicationSummary, ScenarioInfo, TrafficSummary, UserRecoveryResult } from './types.js';

export const FLEETSIM_VERSION = '0.1.0';

export interface AggregateInput {
  readonly info: ScenarioInfo;
  /** Replications 0…n−1, each exactly once (any order: they are sorted here). */
  readonly summaries: readonly ReplicationSummary[];
  readonly stopping: Results['run']['stopping'];
  readonly createdAt: string;
}

const FAULT_KIND_ORDER: readonly FaultKind[] = ['dependency', 'region', 'cluster', 'badChange', 'brownout', 'certificate', 'zone', 'link', 'controlPlane', 'upgrade', 'nodeLaunches', 'etcdLeader', 'etcdMember', 'node', 'spotInterruption'];

export const COST_NOTE = 'These results carry no cost (they were made before the cost model existed): cost columns are empty and cost charts are left out.';

/**
 * Replication summaries → results. Everything is computed in replication order, so the float sums
 * are the same whether the summaries came from one process, a pool or merged shards.
 */
export function aggregate(input: AggregateInput): Results {
  const { info } = input;
  // Rare-stratum replications (negative indices, −1, −2, …) feed only the stratified availability.
  const reps = input.summaries.filter((r) => r.replication >= 0).sort((a, b) => a.replication - b.replication);
  const conditioned = input.summaries.filter((r) => r.replication < 0).sort((a, b) => b.replication - a.replication);
  conditioned.forEach((r, j) => {
    if (r.replication !== -(j + 1)) throw new RangeError(`rare-stratum replications must be −1…−${conditioned.length} each once; found ${r.replication} at position ${j}`);
    if (r.designs.length !== info.designs.length) throw new RangeError(`replication ${r.replication} has ${r.designs.length} designs, the scenario ${info.designs.length}`);
  });
  reps.forEach((r, i) => {
    if (r.replication !== i) throw new RangeError(`replications must be 0…${reps.length - 1} each once; found ${r.replication} at position ${i}`);
    if (r.designs.length !== info.designs.length) throw new RangeError(`replication ${i} has ${r.designs.length} designs, the scenario ${info.designs.length}`);
  });
  if (reps.length === 0) throw new RangeError('no replications to aggregate');

  const per = (d: number) => reps.map((r) => r.designs[d]);
  const rare = rareStrataOf(info, reps, conditioned);
  const availabilityOf = (d: number) => rare.interval(per(d).map((x) => x.availability), conditioned.map((r) => r.designs[d].availability));
  const availabilityDifference = (i: number, j: number) =>
    rare.interval(
      reps.map((r) => r.designs[i].availability - r.designs[j].availability),
      conditioned.map((r) => r.designs[i].availability - r.designs[j].availability),
    );
  const designs: DesignResult[] = info.designs.map((d, i) => designResult(info, d, per(i), reps, availabilityOf(i)));
  const baseline = 0;
  const comparisons: Comparison[] = designs.slice(1).map((_, k) => {
    const i = k + 1;
    const a = per(i);
    const b = per(baseline);
    const hasTraffic = a.every((x) => x.traffic !== null) && b.every((x) => x.traffic !== null);
    return {
      baseline: info.designs[baseline].name,
      design: info.designs[i].name,
      availability: availabilityDifference(i, baseline),
      readyCapacity: pairedInterval(a.map((x) => x.readyCapacity), b.map((x) => x.readyCapacity)),
      p99S: hasTraffic ? pairedInterval(a.map((x) => x.traffic!.latency.p99S), b.map((x) => x.traffic!.latency.p99S)) : null,
      sloViolationMinutes: hasTraffic ? pairedInterval(a.map((x) => x.traffic!.sloViolationMinutes), b.map((x) => x.traffic!.sloViolationMinutes)) : null,
      monthlyUsd: a.every((x) => x.cost !== undefined) && b.every((x) => x.cost !== undefined) ? pairedInterval(a.map((x) => x.cost!.totalUsd), b.map((x) => x.cost!.totalUsd)) : null,
      byUserRegion: hasTraffic ? pairedByUserRegion(info, a.map((x) => x.traffic!), b.map((x) => x.traffic!)) : null,
      minutesOutsideSlo: hasTraffic && info.slo ? pairedInterval(a.map((x) => x.traffic!.minutesOutsideSlo ?? null), b.map((x) => x.traffic!.minutesOutsideSlo ?? null)) : null,
    };
  });
  // Every pair of designs, paired by replication: the verdict claims a difference only where these show one.
  const pairs: PairedDifference[] = [];
  info.designs.forEach((_, i) =>
    info.designs.forEach((__, j) => {
      if (j <= i) return;
      const a = per(i);
      const b = per(j);
      const costs = a.every((x) => x.cost !== undefined) && b.every((x) => x.cost !== undefined);
      pairs.push({
        design: info.designs[i].name,
        baseline: info.designs[j].name,
        availability: availabilityDifference(i, j),
        monthlyUsd: costs ? pairedInterval(a.map((x) => x.cost!.totalUsd), b.map((x) => x.cost!.totalUsd)) : null,
      });
    }),
  );
  const showcase = reps.find((r) => r.showcase !== null)?.showcase ?? null;
  const costNote = designs.every((d) => d.cost === null) ? COST_NOTE : null;
  return {
    schema: RESULTS_SCHEMA,
    schemaVersion: RESULTS_SCHEMA_VERSION,
    fleetsimVersion: FLEETSIM_VERSION,
    createdAt: input.createdAt,
    scenario: info,
    run: { replications: reps.length, confidenceLevel: CONFIDENCE_LEVEL, stopping: input.stopping, ...(rare.result !== undefined ? { rareFaults: rare.result } : {}) },
    designs,
    comparisons,
    verdict: verdictOf(info, designs, comparisons, reps.length, pairs, { count: conditioned.length, used: rare.result?.stratified === true }),
    costNote,
    showcase,
    faultTimelines: faultTimelinesOf(reps, info.designs.map((d) => d.name)),
    replications: reps.map((r) => ({
      replication: r.replication,
      ...(r.rareOutages !== undefined ? { rareOutages: r.rareOutages } : {}),
      designs: r.designs.map((d) => ({ design: d.design, availability: d.availability, readyCapacity: d.readyCapacity, p99S: d.traffic?.latency.p99S ?? null })),
    })),
  };
}

function latencyResult(name: string, samples: readonly LatencySample[]): LatencyResult {
  const merged = mergeHistograms(samples.map((s) => s.histogram));
  const state = merged ? merged.toJSON() : null;
  return {
    name,
    p50S: intervalOfPresent(samples.map((s) => s.p50S)),
    p95S: intervalOfPresent(samples.map((s) => s.p95S)),
    p99S: intervalOfPresent(samples.map((s) => s.p99S)),
    pooled: { p50S: histogramQuantile(state, 0.5), p95S: histogramQuantile(state, 0.95), p99S: histogramQuantile(state, 0.99) },
    histogram: state,
  };
}

/** Cost over replications (null when the summaries carry none: results written before fleetsim had a cost model). */
function costResult(xs: readonly DesignReplicationSummary[]): DesignResult['cost'] {
  if (xs.length === 0 || xs.some((x) => x.cost === undefined)) return null;
  const bills = xs.map((x) => x.cost!);
  const s = summarizeCosts(bills);
  const notes = [...new Set(bills.flatMap((b) => b.notes))];
  // Mean lines (matched across replications): what the verdict explains a cost difference with.
  return { ...s, lines: meanBill(bills).lines, notes };
}

/**
 * Availability stratified on rare region outages (stratified.ts) when the scenario has them and
 * every replication says how many it drew; else, and when a stratum has fewer than two
 * replications, the plain Student-t interval.
 */
function rareStrataOf(
  info: ScenarioInfo,
  reps: readonly ReplicationSummary[],
  conditioned: readonly ReplicationSummary[],
): { interval: (plain: readonly number[], rare: readonly number[]) => Interval; result?: RareFaultsResult } {
  const expected = info.rareOutagesPerReplication;
  const counts = reps.map((r) => r.rareOutages);
  if (expected === undefined || counts.some((k) => k === undefined)) {
    if (conditioned.length > 0) throw new RangeError('rare-stratum replications given for a scenario without rare faults');
    return { interval: (plain) => interval(plain) };
  }
  const noneProbability = noRareOutageProbability(expected);
  const flags = counts.map((k) => k! > 0);
  const stratified = (plain: readonly number[], rare: readonly number[]) =>
    stratifiedInterval({ values: plain, rare: flags, conditioned: rare, noneProbability }, CONFIDENCE_LEVEL);
  const probe = stratified(reps.map(() => 0), conditioned.map(() => 0));
  const none = flags.filter((f) => !f).length;
  const result: RareFaultsResult = {
    kind: 'region',
    expectedPerReplication: expected,
    noneProbability,
    stratified: probe !== null,
    strata: { none, some: reps.length - none + conditioned.length },
    conditioned: conditioned.map((r) => ({ replication: r.replication, rareOutages: r.rareOutages ?? 0, designs: r.designs.map((d) => ({ design: d.design, availability: d.availability })) })),
  };
  return { interval: (plain, rare) => (probe === null ? interval(plain) : stratified(plain, rare)!.interval), result };
}

function designResult(
  info: ScenarioInfo,
  d: ScenarioInfo['designs'][number],
  xs: readonly DesignReplicationSummary[],
  reps: readonly ReplicationSummary[],
  availability: Interval,
): DesignResult {
  xs.forEach((x, r) => {
    if (x.design !== d.name) throw new RangeError(`replication ${r}: expected design "${d.name}", found "${x.design}"`);
  });
  const traffic = xs.every((x) => x.traffic !== null) ? xs.map((x) => x.traffic!) : null;
  const result: Omit<DesignResult, 'slo'> = {
    name: d.name,
    description: d.description,
    usedClusters: xs[0].cost?.clusters ?? null,
    availability,
    availabilitySource: traffic ? 'traffic' : 'capacity',
    downtimeMinutesPerMonth: affine(availability, MONTH_MINUTES, -MONTH_MINUTES),
    readyCapacity: interval(xs.map((x) => x.readyCapacity)),
    latency: traffic ? latencyOverReplications(info, traffic) : null,
    traffic: traffic
      ? {
          ...trafficOverReplications(traffic),
          byUserRegion: userRegionsOverReplications(info, traffic),
          errorBudgetBurn: errorBudgetBurn(traffic, info.slo?.availabilityRatio ?? null),
          minutesOutsideSlo: info.slo ? intervalOfPresent(traffic.map((t) => t.minutesOutsideSlo ?? null)) : null,
        }
      : null,
    apiWritable: info.clusters.map((c, k) => ({ cluster: c, ratio: interval(xs.map((x) => x.apiWritableRatio[k])) })),
    recovery: recoveryOverReplications(info, xs, reps, traffic !== null),
    cost: costResult(xs),
  };
  const byOrigin = originsOf(xs, reps);
  const breakdown = traffic ? latencyBreakdownOverReplications(traffic) : undefined;
  // Present only for scenarios with datastores (their summaries carry them), so other results keep their form.
  const datastores = datastoresOverReplications(xs.map((x) => x.datastores), info.horizonS - info.warmupS);
  const flows = xs[0].dataFlows;
  return {
    ...result,
    slo: info.slo ? judgeSlo(info.slo, availability, traffic, info.horizonS - info.warmupS) : null,
    ...(byOrigin !== undefined ? { byOrigin } : {}),
    ...(breakdown !== undefined ? { latencyBreakdown: breakdown } : {}),
    ...(datastores !== undefined ? { datastores } : {}),
    ...(flows !== undefined && flows.length > 0 ? { dataFlows: flows } : {}),
  };
}

/** A user region's summary in a replication (null: the replication has none by that name). */
function regionOf(t: TrafficSummary, name: string): TrafficSummary['byUserRegion'][number] | null {
  return t.byUserRegion.find((b) => b.name === name) ?? null;
}

/**
 * Per user region: its requests and the share served, over replications (a replication without the
 * region is left out); with an SLO, the region judged on its own requests: minutes outside the SLO,
 * error budget used (replications in which it had requests) and the SLO's checks.
 */
function userRegionsOverReplications(info: ScenarioInfo, traffic: readonly TrafficSummary[]): UserRegionAvailability[] {
  const windowS = info.horizonS - info.warmupS;
  return info.userRegions.map((name) => {
    const xs = traffic.map((t) => regionOf(t, name));
    const availability = intervalOfPresent(xs.map((x) => x?.availability ?? null));
    const slo = info.slo;
    return {
      name,
      requests: intervalOfPresent(xs.map((x) => x?.requests ?? null)),
      availability,
      downtimeMinutesPerMonth: affine(availability, MONTH_MINUTES, -MONTH_MINUTES),
      minutesOutsideSlo: slo ? intervalOfPresent(xs.map((x) => x?.minutesOutsideSlo ?? null)) : null,
      errorBudgetUsedRatio: slo ? intervalOfPresent(xs.map((x) => x?.errorBudgetUsedRatio ?? null)) : null,
      slo: slo ? judgeRegionSlo(slo, name, availability, traffic, windowS) : null,
    };
  });
}

/** Per user region: design − baseline availability and p99, paired by replication (common random numbers). */
function pairedByUserRegion(info: ScenarioInfo, a: readonly TrafficSummary[], b: readonly TrafficSummary[]): NonNullable<Comparison['byUserRegion']> {
  return info.userRegions.map((name) => {
    const ra = a.map((t) => regionOf(t, name));
    const rb = b.map((t) => regionOf(t, name));
    return {
      name,
      availability: pairedInterval(ra.map((x) => x?.availability ?? null), rb.map((x) => x?.availability ?? null)),
      p99S: pairedInterval(ra.map((x) => x?.latency.p99S ?? null), rb.map((x) => x?.latency.p99S ?? null)),
      minutesOutsideSlo: info.slo ? pairedInterval(ra.map((x) => x?.minutesOutsideSlo ?? null), rb.map((x) => x?.minutesOutsideSlo ?? null)) : null,
      errorBudgetUsedRatio: info.slo ? pairedInterval(ra.map((x) => x?.errorBudgetUsedRatio ?? null), rb.map((x) => x?.errorBudgetUsedRatio ?? null)) : null,
    };
  });
}

function latencyOverReplications(info: ScenarioInfo, traffic: readonly TrafficSummary[]): NonNullable<DesignResult['latency']> {
  return {
    overall: latencyResult('all', traffic.map((t) => t.latency)),
    byUserRegion: info.userRegions.map((u) =>
      latencyResult(
        u,
        traffic.map((t) => t.byUserRegion.find((b) => b.name === u)?.latency ?? { p50S: null, p95S: null, p99S: null, meanS: null, histogram: null }),
      ),
    ),
  };
}

function trafficOverReplications(traffic: readonly TrafficSummary[]): NonNullable<DesignResult['traffic']> {
  const meanOf = (f: (t: TrafficSummary) => number) => traffic.reduce((a, t) => a + f(t), 0) / traffic.length;
  const clusters = traffic[0].clusters.map((c) => c.cluster);
  // Present only where the summaries carry them, so results without them keep their form.
  const timeouts = traffic.some((t) => t.failedBy.timeout !== undefined);
  const queues = traffic.some((t) => t.asyncQueues !== undefined) ? asyncQueuesOverReplications(traffic) : undefined;
  const overloads = traffic.filter((t) => t.overload !== undefined).map((t) => t.overload!);
  return {
    requests: interval(traffic.map((t) => t.requests)),
    failedRequests: interval(traffic.map((t) => t.failedRequests)),
    failedBy: {
      unroutable: meanOf((t) => t.failedBy.unroutable),
      deadEndpoint: meanOf((t) => t.failedBy.deadEndpoint),
      shed: meanOf((t) => t.failedBy.shed),
      noReplica: meanOf((t) => t.failedBy.noReplica),
      impaired: meanOf((t) => t.failedBy.impaired),
      ...(timeouts ? { timeout: meanOf((t) => t.failedBy.timeout ?? 0) } : {}),
    },
    sloViolationMinutes: interval(traffic.map((t) => t.sloViolationMinutes)),
    errorBudgetUsedRatio: interval(traffic.map((t) => t.errorBudgetUsedRatio)),
    residencyViolations: interval(traffic.map((t) => t.residencyViolations)),
    bytes: {
      interZoneBytes: interval(traffic.map((t) => t.bytes.interZoneBytes)),
      interRegionBytes: interval(traffic.map((t) => t.bytes.interRegionBytes)),
      internetEgressBytes: interval(traffic.map((t) => t.bytes.internetEgressBytes)),
    },
    peakUtilization: clusters.map((name) => {
      const values = traffic.map((t) => t.clusters.find((c) => c.cluster === name)?.peakUtilization ?? 0);
      return { cluster: name, max: Math.max(...values), mean: interval(values) };
    }),
    ...(queues !== undefined ? { asyncQueues: queues } : {}),
    ...(overloads.length > 0 ? { overload: intervalsOf(overloads, Object.keys(overloads[0]) as (keyof OverloadSummary)[]) as OverloadResult } : {}),
  };
}

/** Per key, an Interval of the number under it over `xs` (0 where missing); string fields are taken from the first. */
function intervalsOf<T extends object>(xs: readonly T[], keys: readonly (keyof T)[]): Record<string, Interval | string> {
  const out: Record<string, Interval | string> = {};
  for (const k of keys) {
    const first = xs[0][k];
    out[k as string] = typeof first === 'number' ? interval(xs.map((x) => ((x[k] as unknown as number | undefined) ?? 0))) : (first as unknown as string);
  }
  return out;
}

/** Every queue (edge, caller cluster) any replication reported, in order of first appearance; a replication without it counts 0. */
function asyncQueuesOverReplications(traffic: readonly TrafficSummary[]): AsyncQueueResult[] {
  const keyOf = (q: AsyncQueueSummary) => `${q.edge}\u0000${q.cluster}`;
  const order: AsyncQueueSummary[] = [];
  const seen = new Set<string>();
  for (const t of traffic) {
    for (const q of t.asyncQueues ?? []) {
      if (seen.has(keyOf(q))) continue;
      seen.add(keyOf(q));
      order.push(q);
    }
  }
  return order.map((first) => {
    const perReplication = traffic.map((t) => t.asyncQueues?.find((q) => keyOf(q) === keyOf(first)) ?? zeroed(first));
    return intervalsOf(perReplication, Object.keys(first) as (keyof AsyncQueueSummary)[]) as AsyncQueueResult;
  });
}

/** The same names with every number 0 (a replication in which the thing did not occur). */
function zeroed<T extends object>(x: T): T {
  return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, typeof v === 'number' ? 0 : v])) as T;
}

/**
 * Per hop (the services any replication's requests entered, in the order they first appear), each
 * part over the replications that have a breakdown (a hop a replication's requests never entered
 * counts 0 there); undefined when none has one.
 */
function latencyBreakdownOverReplications(traffic: readonly TrafficSummary[]): LatencyBreakdownResult | undefined {
  const withBreakdown = traffic.filter((t) => t.latencyBreakdown !== undefined).map((t) => t.latencyBreakdown!);
  if (withBreakdown.length === 0) return undefined;
  const over = (pick: (b: LatencyBreakdown) => readonly HopLatency[]): LatencyBreakdownResult['mean'] => {
    const services: string[] = [];
    for (const b of withBreakdown) for (const h of pick(b)) if (!services.includes(h.service)) services.push(h.service);
    return services.map((service) => {
      const hops = withBreakdown.map((b) => pick(b).find((h) => h.service === service) ?? { service, networkMs: 0, queueingMs: 0, serviceMs: 0, retriesMs: 0 });
      return {
        service,
        networkMs: interval(hops.map((h) => h.networkMs)),
        queueingMs: interval(hops.map((h) => h.queueingMs)),
        serviceMs: interval(hops.map((h) => h.serviceMs)),
        retriesMs: interval(hops.map((h) => h.retriesMs)),
      };
    });
  };
  return { mean: over((b) => b.mean), p99: over((b) => b.p99) };
}

/** Faults pooled over replications, in replication order: counts and spreads per kind, and the worst recovery (to full capacity, and as users felt it). */
function recoveryOverReplications(
  info: ScenarioInfo,
  xs: readonly DesignReplicationSummary[],
  reps: readonly ReplicationSummary[],
  traffic: boolean,
): DesignResult['recovery'] & { readonly users: UserRecoveryResult | null } {
  const all = xs.flatMap((x, r) => x.faults.map((f) => ({ f, r })));
  const byKind: FaultKindResult[] = [];
  for (const kind of FAULT_KIND_ORDER) {
    const fs = all.filter((a) => a.f.kind === kind).map((a) => a.f);
    if (fs.length === 0) continue;
    const present = (v: (number | null)[]) => v.filter((x): x is number => x !== null);
    byKind.push({
      kind,
      count: fs.length,
      censored: fs.filter((f) => f.censored).length,
      detection: spread(present(fs.map((f) => f.detectionS))),
      failover: spread(present(fs.map((f) => f.failoverS))),
      recovery: spread(present(fs.map((f) => f.recoveryS))),
    });
  }
  let worst: { s: number; kind: FaultKind; target: string; replication: number } | null = null;
  // "Recovery" that matters to users: faults that took serving pods away (a control-plane outage
  // "recovers" when the provider restores it, which no design changes).
  for (const { f, r } of all) {
    if (f.podsLost > 0 && f.recoveryS !== null && (worst === null || f.recoveryS > worst.s)) worst = { s: f.recoveryS, kind: f.kind, target: f.target, replication: reps[r].replication };
  }
  return {
    faults: all.length,
    censored: all.filter((a) => a.f.censored).length,
    worstRecoveryS: worst?.s ?? null,
    worstFault: worst ? { kind: worst.kind, target: worst.target, replication: worst.replication } : null,
    byKind,
    users: traffic ? usersRecovery(info, all, reps) : null,
  };
}

/** Recovery as users felt it, pooled like the capacity figures; every fault counts (a partition takes no pods but users feel it). */
function usersRecovery(info: ScenarioInfo, all: readonly { readonly f: FaultSummary; readonly r: number }[], reps: readonly ReplicationSummary[]): UserRecoveryResult {
  const noticed = (f: FaultSummary) => f.usersHitS !== null;
  const present = (v: (number | null)[]) => v.filter((x): x is number => x !== null);
  const byKind: UserRecoveryResult['byKind'][number][] = [];
  for (const kind of FAULT_KIND_ORDER) {
    const fs = all.filter((a) => a.f.kind === kind).map((a) => a.f);
    if (fs.length === 0) continue;
    byKind.push({
      kind,
      count: fs.length,
      noticed: fs.filter(noticed).length,
      censored: fs.filter((f) => f.usersCensored).length,
      felt: spread(present(fs.map(feltRecoveryS))),
      usersBack: spread(present(fs.map((f) => f.usersBackS))),
    });
  }
  let worst: { s: number; f: FaultSummary; replication: number } | null = null;
  for (const { f, r } of all) {
    const felt = feltRecoveryS(f);
    if (felt !== null && felt > 0 && (worst === null || felt > worst.s)) worst = { s: felt, f, replication: reps[r].replication };
  }
  return {
    criterion: { source: info.slo ? 'slo' : 'default', availabilityRatio: info.slo?.availabilityRatio ?? DEFAULT_MINUTE_AVAILABILITY, latencyTargets: info.slo?.latency.length ?? 0 },
    faults: all.length,
    noticed: all.filter((a) => noticed(a.f)).length,
    censored: all.filter((a) => a.f.usersCensored).length,
    worstS: worst?.s ?? null,
    worstFault: worst ? { kind: worst.f.kind, target: worst.f.target, replication: worst.replication } : null,
    byKind,
  };
}
