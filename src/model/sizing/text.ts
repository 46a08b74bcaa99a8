import { formatDuration } from '../../scenario/units.js';
import { utilizationCap, type PoolSize } from './poolSizing.js';

// How sizing's numbers read in its explanations (check and run print them).

export const rate = (perS: number): string => `${Number(perS.toPrecision(4))} req/s`;
export const ms = (s: number): string => `${Number((s * 1000).toPrecision(3))} ms`;
export const pct = (r: number): string => `${Number((r * 100).toPrecision(3))}%`;
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
/** A failure case's label as a circumstance: "everything up", "region eu-west-1 lost". */
export const when = (failure: string): string => (failure === 'none' ? 'everything up' : `${failure} lost`);
/** Demand is constant over each hour of the day: name the hour, or the instant (a spike's start, or a day past the first). */
export const hourOf = (tS: number): string => (tS < 86_400 && tS % 3600 === 0 ? `${String(tS / 3600).padStart(2, '0')}:00 UTC` : `t=${formatDuration(tS)}`);

export interface NeedFacts {
  readonly service: string;
  readonly cluster: string;
  readonly failure: string;
  readonly peakPerS: number;
  readonly peakAtS: number;
  readonly headroomRatio: number;
  readonly concurrency: number;
}

/** One pool need in a line: the pods, the peak and when, and the constraint that set them. */
export function needText(f: NeedFacts, size: PoolSize): string {
  const at = `${f.service} in ${f.cluster}: ${plural(size.pods, 'pod')}`;
  if (size.constraint === 'minimum' && f.peakPerS === 0) return `${at} — no load reaches it (${when(f.failure)}): the minimum per cluster`;
  if (size.constraint === 'minimum') return `${at} — the minimum per cluster; peak ${rate(f.peakPerS)} at ${hourOf(f.peakAtS)} with ${when(f.failure)} needs fewer (${plural(size.servers, 'server')}, ${f.concurrency} per pod)`;
  const load = `peak ${rate(f.peakPerS)} at ${hourOf(f.peakAtS)} with ${when(f.failure)}`;
  const servers = `${plural(size.servers, 'server')} (${f.concurrency} per pod)`;
  if (size.constraint === 'latency' && size.budget) {
    const b = size.budget;
    const why = `the ${ms(b.targetS)} target less RTT, service and calls of users ${b.userRegion}, over ${Number(b.visitsPerRequest.toPrecision(3))} pool visits`;
    return `${at} — ${load}; Erlang-C p${b.percentile} wait ${ms(size.waitS)} ≤ ${ms(b.budgetS)} (${why}) needs ${servers}; utilization ${pct(size.utilization)}`;
  }
  const wait = size.budget ? `; p${size.budget.percentile} wait ${ms(size.waitS)} within ${ms(size.budget.budgetS)}` : '';
  return `${at} — ${load}; utilization ${pct(size.utilization)} ≤ ${pct(utilizationCap(f.headroomRatio))} (headroom ${pct(f.headroomRatio)}) needs ${servers}${wait}`;
}
