import type { FaultKind } from '../faults/schedule.js';
import type { FaultRecord } from '../runtime/faultRecords.js';
import { windowTotals, type TrafficCurve } from '../traffic/trafficTrace.js';

/**
 * Per fault of a replication, what users and capacity did while it lasted, read off the
 * replication itself (not a replay): the share of requests served and the mean ready capacity
 * over [start, end), and for the most severe faults a timeline around them. The numbers of a
 * fault's timeline therefore agree with its row in the fault tables (same replication, same run).
 */
export interface FaultWindowOutcome {
  /** Share of requests served while the fault was active; null without traffic or without requests. */
  readonly servedRatio: number | null;
  /** Ready replicas over required (each service capped), time-averaged while the fault was active. */
  readyCapacity: number;
  /** Only for the TIMELINE_FAULTS most severe faults of the replication (see `severityOrder`). */
  readonly timeline?: FaultTimeline;
}

export interface FaultTimeline {
  /** Absolute seconds of the first step's start; steps are stepS long. */
  readonly windowStartS: number;
  readonly stepS: number;
  /** Per step: share of requests served (null: no requests, or no traffic model). */
  readonly successRatio: readonly (number | null)[];
  /** Per step: ready capacity, time-averaged. */
  readonly readyCapacity: readonly number[];
}

/** Faults per replication and design that get a timeline: enough for a picker, few enough for results.json. */
export const TIMELINE_FAULTS = 8;
/** Steps per fault timeline. */
export const TIMELINE_STEPS = 48;

/** How much a kind of fault tends to matter, for choosing which get a timeline (design-independent). */
const KIND_RANK: Readonly<Record<FaultKind, number>> = {
  dependency: 7.5, region: 7, cluster: 6, badChange: 5.7, brownout: 5.6, certificate: 5.5, zone: 5, link: 4,
  controlPlane: 3, upgrade: 2.5, etcdLeader: 2, etcdMember: 1, node: 0, nodeLaunches: -1, spotInterruption: -2,
};

/**
 * Scripted faults first (the user asked about them), then by kind, then longer first, then earlier:
 * only the fault's own description, so every design of a replication ranks the faults they share alike.
 */
export function severityOrder(a: Pick<FaultRecord, 'source' | 'kind' | 'startS' | 'endS'>, b: Pick<FaultRecord, 'source' | 'kind' | 'startS' | 'endS'>): number {
  const sa = a.source === 'scripted' ? 1 : 0;
  const sb = b.source === 'scripted' ? 1 : 0;
  if (sa !== sb) return sb - sa;
  if (KIND_RANK[a.kind] !== KIND_RANK[b.kind]) return KIND_RANK[b.kind] - KIND_RANK[a.kind];
  const da = a.endS - a.startS;
  const db = b.endS - b.startS;
  if (da !== db) return db - da;
  return a.startS - b.startS;
}

/** Ready capacity as a step function: value[i] holds from tS[i] until tS[i + 1]. */
export interface StepSeries {
  readonly tS: readonly number[];
  readonly value: readonly number[];
}

/** Time-average of a step series over [fromS, toS) (its value at fromS when the span is empty). */
export function stepAverage(s: StepSeries, fromS: number, toS: number): number {
  const n = s.tS.length;
  if (n === 0) return 1;
  // Last change at or before fromS.
  let lo = 0;
  let hi = n;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (s.tS[mid] <= fromS) lo = mid;
    else hi = mid;
  }
  if (!(toS > fromS)) return s.value[lo];
  let area = 0;
  let t = fromS;
  for (let i = lo; i < n && t < toS; i++) {
    const next = i + 1 < n ? Math.min(toS, s.tS[i + 1]) : toS;
    if (next > t) area += s.value[i] * (next - t);
    t = Math.max(t, next);
  }
  return area / (toS - fromS);
}

/** Six decimals: the ratios' noise is far larger, and results.json stays small. */
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

function served(curve: TrafficCurve | null, fromS: number, toS: number): number | null {
  if (curve === null || !(toS > fromS)) return null;
  const w = windowTotals(curve, fromS, toS);
  return w.requests > 0 ? Math.min(1, Math.max(0, 1 - w.failed / w.requests)) : null;
}

/** The window a fault's timeline shows: some time before it, more after (recovery outlasts the fault). */
export function timelineWindow(startS: number, endS: number, horizonS: number): { readonly fromS: number; readonly toS: number } {
  const durationS = Math.max(0, endS - startS);
  return { fromS: Math.max(0, startS - Math.max(600, 0.1 * durationS)), toS: Math.min(horizonS, Math.max(startS, endS) + Math.max(1800, 0.5 * durationS)) };
}

/**
 * The records that get a timeline: by severity, but every kind before a second fault of any kind
 * (the worst of each kind first, then the second worst of each, ...), so the picker shows the
 * replication's variety rather than a dozen faults of its most severe kind.
 */
export function timelineFaults(records: readonly Pick<FaultRecord, 'source' | 'kind' | 'startS' | 'endS'>[], limit = TIMELINE_FAULTS): number[] {
  const ranked = records.map((_, i) => i).sort((i, j) => severityOrder(records[i], records[j]) || i - j);
  const seenOfKind = new Map<FaultKind, number>();
  const round = ranked.map((i) => {
    const n = seenOfKind.get(records[i].kind) ?? 0;
    seenOfKind.set(records[i].kind, n + 1);
    return n;
  });
  // Stable: within a round the severity order holds.
  return ranked.map((i, p) => ({ i, round: round[p], p })).sort((a, b) => a.round - b.round || a.p - b.p).slice(0, limit).map((x) => x.i);
}

/** One entry per record, in the records' order. */
export function faultWindows(records: readonly FaultRecord[], curve: TrafficCurve | null, ready: StepSeries, horizonS: number): FaultWindowOutcome[] {
  const withTimeline = new Set(timelineFaults(records));
  return records.map((f, i) => {
    const endS = Math.min(horizonS, f.endS);
    const out: FaultWindowOutcome = { servedRatio: served(curve, f.startS, endS), readyCapacity: round6(stepAverage(ready, f.startS, endS)) };
    if (!withTimeline.has(i)) return out;
    const w = timelineWindow(f.startS, f.endS, horizonS);
    const stepS = (w.toS - w.fromS) / TIMELINE_STEPS;
    const successRatio: (number | null)[] = [];
    const readyCapacity: number[] = [];
    for (let k = 0; k < TIMELINE_STEPS; k++) {
      const a = w.fromS + k * stepS;
      const b = k === TIMELINE_STEPS - 1 ? w.toS : a + stepS;
      const ok = served(curve, a, b);
      successRatio.push(ok === null ? null : round6(ok));
      readyCapacity.push(round6(stepAverage(ready, a, b)));
    }
    return { ...out, timeline: { windowStartS: w.fromS, stepS, successRatio, readyCapacity } };
  });
}
