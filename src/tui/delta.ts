import { signedMsInterval, signedPercentInterval, usd } from '../run/numberFormat.js';
import type { Interval, Results } from '../run/results.js';
import { pairedChange } from './diff.js';

/**
 * What the what-if changes against the scenario as loaded, per design: the monthly bill (difference
 * of the means: results keep no per-replication bill), availability and the all-users p99 (paired
 * by replication: both runs use the same seed).
 */
export interface DesignDelta {
  readonly design: string;
  /** Mean monthly cost: loaded → what-if, and the difference; null without cost in either run. */
  readonly cost: { readonly fromUsd: number; readonly toUsd: number; readonly deltaUsd: number } | null;
  readonly availability: Interval;
  /** null when either run had no traffic model. */
  readonly p99S: Interval | null;
}

export function whatIfDelta(loaded: Results, whatIf: Results): DesignDelta[] {
  return whatIf.designs.flatMap((d) => {
    const b = loaded.designs.find((x) => x.name === d.name);
    if (!b) return [];
    const from = b.cost?.monthlyUsd.mean ?? null;
    const to = d.cost?.monthlyUsd.mean ?? null;
    const cost = from !== null && to !== null ? { fromUsd: from, toUsd: to, deltaUsd: to - from } : null;
    const paired = loaded.scenario.seed === whatIf.scenario.seed;
    const unpaired = (a: number | null, c: number | null): Interval => ({ n: 0, mean: a !== null && c !== null ? c - a : null, halfWidth: null, lower: null, upper: null }) as Interval;
    const availability = paired ? pairedChange(loaded, whatIf, d.name, (x) => x.availability) : unpaired(b.availability.mean, d.availability.mean);
    const p99S = d.latency === null || b.latency === null ? null : paired ? pairedChange(loaded, whatIf, d.name, (x) => x.p99S) : unpaired(b.latency.overall.p99S.mean, d.latency.overall.p99S.mean);
    return [{ design: d.name, cost, availability, p99S }];
  });
}

/** "+$86.40/mo", "−$12.00/mo", "±$0.00/mo". */
export function signedUsd(x: number): string {
  const text = usd(Math.abs(x));
  return `${x > 0.005 ? '+' : x < -0.005 ? '−' : '±'}${text}/mo`;
}

/** One line per design: "replicated  $1,234.00 → $1,320.40 (+$86.40/mo) · avail −0.0120% · p99 +3.1 ms". */
export function deltaLine(d: DesignDelta): string {
  const cost = d.cost === null ? 'cost —' : `${usd(d.cost.fromUsd)} → ${usd(d.cost.toUsd)} (${signedUsd(d.cost.deltaUsd)})`;
  const p99 = d.p99S === null ? '' : ` · p99 ${signedMsInterval(d.p99S)}`;
  return `${cost} · avail ${signedPercentInterval(d.availability)}${p99}`;
}
