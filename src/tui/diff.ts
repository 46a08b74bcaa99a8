import { affine, pairedInterval } from '../run/intervals.js';
import { humanDuration, minutesInterval, signedMsInterval, signedPercentInterval } from '../run/numberFormat.js';
import { MONTH_MINUTES, type Interval, type Results } from '../run/results.js';

/**
 * The change from the previous run to this one, per design. Both runs use the same seed, so
 * replication r of each saw the same random draws wherever the what-if did not change the fleet:
 * the differences are paired by replication (common random numbers), as `run` pairs designs.
 */
export interface RunDiff {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Why the change is not paired, when it is not. */
  readonly note: string | null;
}

function perReplication(r: Results, design: string, pick: (x: Results['replications'][number]['designs'][number]) => number | null): (number | null)[] {
  return r.replications.map((rep) => {
    const d = rep.designs.find((x) => x.design === design);
    return d ? pick(d) : null;
  });
}

/** Paired over the replications both runs have (same indices, same seed). */
export function pairedChange(prev: Results, cur: Results, design: string, pick: (x: Results['replications'][number]['designs'][number]) => number | null): Interval {
  const n = Math.min(prev.replications.length, cur.replications.length);
  const a = perReplication(cur, design, pick).slice(0, n);
  const b = perReplication(prev, design, pick).slice(0, n);
  return pairedInterval(a, b);
}

const signedMinutes = (i: Interval) => {
  if (i.mean === null) return '—';
  const text = minutesInterval(i);
  return i.mean > 0 ? `+${text}` : text.replace(/^-/, '−');
};

function signedDuration(a: number | null, b: number | null): string {
  if (a === null || b === null) return '—';
  const d = a - b;
  if (d === 0) return '0';
  return `${d > 0 ? '+' : '−'}${humanDuration(Math.abs(d))}`;
}

export function diffRuns(prev: Results, cur: Results): RunDiff {
  const sameSeed = prev.scenario.seed === cur.scenario.seed;
  const designs = cur.designs.map((d) => d.name).filter((n) => prev.designs.some((p) => p.name === n));
  const rows: string[][] = [];
  if (sameSeed) {
    const avail = designs.map((n) => pairedChange(prev, cur, n, (x) => x.availability));
    rows.push(['Δ availability', ...avail.map(signedPercentInterval)]);
    rows.push(['Δ downtime per month', ...avail.map((i) => signedMinutes(affine(i, 0, -MONTH_MINUTES)))]);
    rows.push(['Δ ready capacity', ...designs.map((n) => signedPercentInterval(pairedChange(prev, cur, n, (x) => x.readyCapacity)))]);
    if (cur.designs.every((d) => d.latency !== null) && prev.designs.every((d) => d.latency !== null)) {
      rows.push(['Δ p99 (all users)', ...designs.map((n) => signedMsInterval(pairedChange(prev, cur, n, (x) => x.p99S)))]);
    }
  }
  const worst = (r: Results, n: string) => r.designs.find((d) => d.name === n)?.recovery.worstRecoveryS ?? null;
  rows.push(['Δ worst recovery', ...designs.map((n) => signedDuration(worst(cur, n), worst(prev, n)))]);
  const note = sameSeed ? null : `the seed changed (${prev.scenario.seed} → ${cur.scenario.seed}): changes are not paired, only the worst recovery is compared`;
  return { header: ['vs previous run', ...designs], rows, note };
}
