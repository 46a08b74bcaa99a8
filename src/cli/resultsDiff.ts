import jstatPkg from 'jstat';
import type { Interval, Results } from '../run/results.js';

const { jStat } = jstatPkg;

/**
 * `fleetsim diff A.json B.json`: what changed between two saved results, design by design. Pure
 * (no I/O): commands/diff.ts reads the files and prints. Δ is always B − A.
 */

/** How a change was judged: Welch's t-test on the per-replication values both files hold, or whether the 95% CIs overlap. */
export type Test = 'welch' | 'ci-overlap' | 'none';

export interface MetricDelta {
  /** The interval in A and in B (null when that file has no such figure). */
  readonly a: Interval | null;
  readonly b: Interval | null;
  /** B − A of the means; null when either is missing. */
  readonly delta: number | null;
  readonly test: Test;
  /** Welch: p < 0.05; ci-overlap: the intervals do not overlap; null when it cannot be judged (no interval). */
  readonly significant: boolean | null;
  /** Welch's two-sided p-value. */
  readonly pValue?: number;
}

export interface DesignDiff {
  readonly design: string;
  readonly costMonthlyUsd: MetricDelta;
  readonly availability: MetricDelta;
  readonly downtimeMinutesPerMonth: MetricDelta;
  readonly p99S: MetricDelta;
  readonly p99SByUserRegion: readonly ({ readonly userRegion: string } & MetricDelta)[];
}

export interface ResultsDiff {
  readonly a: FileSummary;
  readonly b: FileSummary;
  /** Differences of the inputs: another scenario (text), seed, horizon, replications. */
  readonly notes: readonly string[];
  readonly designs: readonly DesignDiff[];
  readonly onlyInA: readonly string[];
  readonly onlyInB: readonly string[];
}

export interface FileSummary {
  readonly file: string;
  readonly scenario: string;
  readonly scenarioSha256: string;
  readonly seed: string;
  readonly horizonS: number;
  readonly replications: number;
}

export class ResultsFileError extends Error {}

/** Check that a parsed JSON value is a results file (`fleetsim run -o json`, a report's results.json). */
export function asResults(value: unknown, file: string): Results {
  const v = value as Partial<Results> | null;
  if (v === null || typeof v !== 'object' || v.schema !== 'fleetsim/results') {
    const partial = (v as { schema?: unknown } | null)?.schema;
    const hint = typeof partial === 'string' && partial.includes('partial') ? ' (a shard: merge the shards first with "fleetsim merge")' : '';
    throw new ResultsFileError(`${file}: not a fleetsim results file${hint}\n  expected: the output of "fleetsim run --output json" or a report's results.json (schema "fleetsim/results")`);
  }
  if (v.schemaVersion !== 1) throw new ResultsFileError(`${file}: results schema version ${String(v.schemaVersion)}\n  expected: version 1 (this fleetsim reads version 1; re-run the scenario with it)`);
  if (!Array.isArray(v.designs) || v.scenario === undefined || v.run === undefined) throw new ResultsFileError(`${file}: a results file without designs, scenario or run\n  expected: a complete results file (was it cut short?)`);
  return v as Results;
}

export function diffResults(a: Results, b: Results, files: { a: string; b: string }): ResultsDiff {
  const summary = (r: Results, file: string): FileSummary => ({ file, scenario: r.scenario.name, scenarioSha256: r.scenario.sha256, seed: r.scenario.seed, horizonS: r.scenario.horizonS, replications: r.run.replications });
  const sa = summary(a, files.a);
  const sb = summary(b, files.b);
  const notes: string[] = [];
  if (sa.scenario !== sb.scenario) notes.push(`scenario: ${sa.scenario} → ${sb.scenario}`);
  else if (sa.scenarioSha256 !== sb.scenarioSha256) notes.push(`scenario ${sa.scenario}: the file changed (sha256 ${sa.scenarioSha256.slice(0, 12)} → ${sb.scenarioSha256.slice(0, 12)})`);
  if (sa.seed !== sb.seed) notes.push(`seed: ${sa.seed} → ${sb.seed} (different random faults: differences include sampling noise, judged by the intervals)`);
  if (sa.horizonS !== sb.horizonS) notes.push(`horizon: ${sa.horizonS / 86400} d → ${sb.horizonS / 86400} d`);
  if (sa.replications !== sb.replications) notes.push(`replications: ${sa.replications} → ${sb.replications}`);
  const namesB = new Set(b.designs.map((d) => d.name));
  const namesA = new Set(a.designs.map((d) => d.name));
  const perRepA = perReplication(a);
  const perRepB = perReplication(b);
  const designs = a.designs
    .filter((d) => namesB.has(d.name))
    .map((da): DesignDiff => {
      const db = b.designs.find((d) => d.name === da.name)!;
      const regions = (da.latency?.byUserRegion ?? []).map((l) => l.name).filter((n) => db.latency?.byUserRegion.some((l) => l.name === n));
      return {
        design: da.name,
        costMonthlyUsd: compare(da.cost?.monthlyUsd ?? null, db.cost?.monthlyUsd ?? null),
        availability: compare(da.availability, db.availability, perRepA?.get(da.name)?.availability, perRepB?.get(db.name)?.availability),
        downtimeMinutesPerMonth: compare(da.downtimeMinutesPerMonth, db.downtimeMinutesPerMonth),
        p99S: compare(da.latency?.overall.p99S ?? null, db.latency?.overall.p99S ?? null, perRepA?.get(da.name)?.p99S, perRepB?.get(db.name)?.p99S),
        p99SByUserRegion: regions.map((userRegion) => ({
          userRegion,
          ...compare(da.latency!.byUserRegion.find((l) => l.name === userRegion)!.p99S, db.latency!.byUserRegion.find((l) => l.name === userRegion)!.p99S),
        })),
      };
    });
  return { a: sa, b: sb, notes, designs, onlyInA: a.designs.filter((d) => !namesB.has(d.name)).map((d) => d.name), onlyInB: b.designs.filter((d) => !namesA.has(d.name)).map((d) => d.name) };
}

/**
 * Per design, the per-replication availability and p99 of the plain replications. Not when the
 * run stratified availability on rare outages: its interval is then not the plain mean of these
 * values, and a test on them would judge another estimator than the one printed.
 */
function perReplication(r: Results): Map<string, { availability: number[]; p99S: number[] }> | undefined {
  if (!Array.isArray(r.replications) || r.replications.length === 0) return undefined;
  if (r.run.rareFaults?.stratified) return undefined;
  const out = new Map<string, { availability: number[]; p99S: number[] }>();
  for (const rep of r.replications) {
    if (rep.replication < 0) continue; // drawn conditioned on a rare outage: not a plain replication
    for (const d of rep.designs) {
      let e = out.get(d.design);
      if (e === undefined) out.set(d.design, (e = { availability: [], p99S: [] }));
      e.availability.push(d.availability);
      if (d.p99S !== null) e.p99S.push(d.p99S);
    }
  }
  return out;
}

function compare(a: Interval | null, b: Interval | null, valuesA?: readonly number[], valuesB?: readonly number[]): MetricDelta {
  const delta = a?.mean != null && b?.mean != null ? b.mean - a.mean : null;
  if (delta === null) return { a, b, delta, test: 'none', significant: null };
  if (valuesA !== undefined && valuesB !== undefined && valuesA.length >= 2 && valuesB.length >= 2) {
    const p = welchP(valuesA, valuesB);
    if (p !== null) return { a, b, delta, test: 'welch', significant: p < 0.05, pValue: p };
  }
  if (a!.lower == null || a!.upper == null || b!.lower == null || b!.upper == null) return { a, b, delta, test: 'none', significant: null };
  const overlap = a!.lower <= b!.upper && b!.lower <= a!.upper;
  return { a, b, delta, test: 'ci-overlap', significant: !overlap };
}

/** Welch's two-sided t-test p-value; null when both samples have no spread (identical values: no test to make). */
export function welchP(x: readonly number[], y: readonly number[]): number | null {
  const m = (v: readonly number[]) => v.reduce((s, e) => s + e, 0) / v.length;
  const s2 = (v: readonly number[], mv: number) => v.reduce((s, e) => s + (e - mv) * (e - mv), 0) / (v.length - 1);
  const mx = m(x);
  const my = m(y);
  const vx = s2(x, mx) / x.length;
  const vy = s2(y, my) / y.length;
  const se2 = vx + vy;
  if (!(se2 > 0)) return mx === my ? null : 0;
  const t = (my - mx) / Math.sqrt(se2);
  const df = (se2 * se2) / ((vx * vx) / (x.length - 1) + (vy * vy) / (y.length - 1));
  return 2 * (1 - jStat.studentt.cdf(Math.abs(t), df));
}

/** A --fail-on rule: `availability:-0.01%` fails when availability drops by more than 0.01 points. */
export interface FailRule {
  readonly metric: 'availability' | 'cost' | 'p99' | 'downtime';
  /** The allowed change, in the metric's unit (ratio, USD a month, seconds, minutes a month): signed. */
  readonly threshold: number;
  readonly text: string;
}

const FAIL_METRICS: Record<string, FailRule['metric']> = { availability: 'availability', cost: 'cost', p99: 'p99', downtime: 'downtime' };

/**
 * Parse `metric:change`: availability:-0.01% (ratio points), cost:+100 or cost:+5% (USD a month, or
 * relative to A), p99:+20ms (or +10%), downtime:+5 (minutes a month). A negative threshold fails on a
 * drop below it, a positive one on a rise above it.
 */
export function parseFailOn(text: string): FailRule & { readonly relative: boolean } {
  const m = /^(\w+):([+-])(\d+(?:\.\d+)?)(%|ms|s|min)?$/.exec(text.trim());
  const metric = m ? FAIL_METRICS[m[1]] : undefined;
  if (!m || metric === undefined) throw new ResultsFileError(`--fail-on "${text}": expected metric:±change with metric availability, cost, p99 or downtime, e.g. availability:-0.01%, cost:+5%, p99:+20ms, downtime:+5`);
  const sign = m[2] === '-' ? -1 : 1;
  const n = Number(m[3]) * sign;
  const unit = m[4];
  if (metric === 'availability') {
    if (unit !== '%') throw new ResultsFileError(`--fail-on "${text}": availability changes are in percentage points, e.g. availability:-0.01%`);
    return { metric, threshold: n / 100, relative: false, text };
  }
  if (metric === 'p99') {
    if (unit === '%') return { metric, threshold: n / 100, relative: true, text };
    if (unit !== 'ms' && unit !== 's') throw new ResultsFileError(`--fail-on "${text}": p99 changes need a unit, e.g. p99:+20ms or p99:+10%`);
    return { metric, threshold: unit === 'ms' ? n / 1000 : n, relative: false, text };
  }
  if (unit === '%') return { metric, threshold: n / 100, relative: true, text };
  if (unit !== undefined && !(metric === 'downtime' && unit === 'min')) throw new ResultsFileError(`--fail-on "${text}": ${metric} changes are ${metric === 'cost' ? 'USD a month' : 'minutes a month'} or a percentage`);
  return { metric, threshold: n, relative: false, text };
}

/** The designs whose change crosses the rule (B − A beyond the threshold), with why. */
export function failures(diff: ResultsDiff, rule: FailRule & { readonly relative: boolean }): string[] {
  const out: string[] = [];
  for (const d of diff.designs) {
    const m = rule.metric === 'availability' ? d.availability : rule.metric === 'cost' ? d.costMonthlyUsd : rule.metric === 'p99' ? d.p99S : d.downtimeMinutesPerMonth;
    if (m.delta === null) continue;
    const change = rule.relative ? (m.a!.mean! !== 0 ? m.delta / Math.abs(m.a!.mean!) : m.delta === 0 ? 0 : Math.sign(m.delta) * Infinity) : m.delta;
    const crossed = rule.threshold < 0 ? change < rule.threshold : change > rule.threshold;
    if (crossed) out.push(`${d.design}: ${rule.metric} changed by ${formatChange(rule, change)} (limit ${rule.text})`);
  }
  return out;
}

function formatChange(rule: FailRule & { relative: boolean }, change: number): string {
  const sign = change >= 0 ? '+' : '−';
  const a = Math.abs(change);
  if (rule.relative) return `${sign}${(a * 100).toFixed(2)}%`;
  if (rule.metric === 'availability') return `${sign}${(a * 100).toFixed(4)}%`;
  if (rule.metric === 'p99') return `${sign}${(a * 1000).toFixed(1)} ms`;
  if (rule.metric === 'cost') return `${sign}$${a.toFixed(2)}`;
  return `${sign}${a.toFixed(1)} min`;
}
