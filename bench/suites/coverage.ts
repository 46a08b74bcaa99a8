import { readFileSync } from 'node:fs';
import path from 'node:path';
import jstatPkg from 'jstat';
import { parseDocument } from 'yaml';
import { prepareRun } from '../../src/run/context.js';
import { interval } from '../../src/run/intervals.js';
import { ReplicationPool } from '../../src/run/replicationPool.js';
import { CONFIDENCE_LEVEL, type Interval } from '../../src/run/results.js';
import { stratifiedInterval } from '../../src/run/stratified.js';
import { noRareOutageProbability } from '../../src/model/faults/rareOutages.js';
import { RARE_STRATUM_REPLICATIONS } from '../../src/run/rareStratum.js';
import type { BenchOptions, Row, Suite, SuiteResult } from '../types.js';

// types/jstat.d.ts types only what src/ uses; the beta quantile is there at run time.
const beta = (jstatPkg.jStat as unknown as { beta: { inv(p: number, a: number, b: number): number } }).beta;

/**
 * Issue 18, "a rare-event check": how often does the 95% availability interval of a 10-replication
 * run cover the true availability when the dominant fault (a region outage, 0.05 per region-year)
 * happens once in decades? The default scenario reduced to its segmented design (the one a region
 * outage stops: for the others region outages are not the dominant fault), same faults and seed
 * derivation. G groups of 10 plain replications (group g: replications 10g…10g+9, independent
 * streams like independent seeds) and, per group, the rare-stratum replications the run would add
 * (up to MAX_RARE_STRATUM − plain replications with a rare outage; group g draws −(g·MAX+1)…).
 * The reference is the stratified estimate over every replication of the pool (plain mean beside it).
 * Coverage: the share of groups whose interval, computed as fleetsim computes it (plain Student-t
 * before; stratified, with the rare stratum filled to M replications, after), contains the reference.
 */
const DESIGN = 'segmented';
const GROUP = 10;
/** The rare-stratum sizes M evaluated (fleetsim runs with RARE_STRATUM_REPLICATIONS). */
const STRATUM_SIZES = [2, 3, 4, 5];
const MAX_RARE_STRATUM = Math.max(...STRATUM_SIZES);

/** Clopper–Pearson 95% interval of a binomial proportion. */
function clopperPearson(k: number, n: number): [number, number] {
  const lo = k === 0 ? 0 : beta.inv(0.025, k, n - k + 1);
  const hi = k === n ? 1 : beta.inv(0.975, k + 1, n - k);
  return [lo, hi];
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const ppm = (x: number | null) => (x === null ? '-' : ((1 - x) * 1e6).toFixed(1));

function covers(i: Interval, truth: number): boolean {
  return i.lower !== null && i.upper !== null && i.lower <= truth && truth <= i.upper;
}

/** The default scenario with only the segmented design. */
function scenarioText(repoRoot: string): string {
  const doc = parseDocument(readFileSync(path.join(repoRoot, 'scenarios', 'default.yaml'), 'utf8'));
  const js = doc.toJS() as { designs: { name: string }[]; plan?: unknown };
  js.designs = js.designs.filter((d) => d.name === DESIGN);
  delete js.plan;
  return JSON.stringify(js);
}

export const coverageSuite: Suite = {
  name: 'coverage',
  description: 'issue 18: coverage of the 95% availability interval at 10 replications when region outages are rare (opt-in: minutes)',
  optIn: true,
  async run(options: BenchOptions): Promise<SuiteResult> {
    const groups = options.quick ? 20 : 200;
    const text = scenarioText(options.repoRoot);
    const overrides = { replications: groups * GROUP };
    const ctx = prepareRun(text, 'default-segmented.yaml', overrides);
    const expected = ctx.info.rareOutagesPerReplication;
    if (expected === undefined) throw new Error('the default scenario has no rare region outages any more: the suite measures nothing');
    const p0 = noRareOutageProbability(expected);
    const workers = 2;
    const pool = new ReplicationPool({ workers: workers - 1, helpHere: true });
    pool.prepare(ctx, null);
    const started = performance.now();
    try {
      options.log(`${groups * GROUP} plain replications of ${DESIGN} on ${workers} workers`);
      const plain = await pool.run(Array.from({ length: groups * GROUP }, (_, r) => r), (d) => d % 200 === 0 && options.log(`${d} plain done`));
      const rareOf = (g: number) => plain.slice(g * GROUP, (g + 1) * GROUP).filter((s) => (s.rareOutages ?? 0) > 0).length;
      const wanted: number[] = [];
      for (let g = 0; g < groups; g++) for (let j = 0; j < MAX_RARE_STRATUM - rareOf(g); j++) wanted.push(-(g * MAX_RARE_STRATUM + j + 1));
      options.log(`${wanted.length} rare-stratum replications`);
      const rare = await pool.run(wanted, (d) => d % 200 === 0 && options.log(`${d} rare-stratum done`));
      const rareByIndex = new Map(rare.map((s) => [s.replication, s.designs[0].availability]));
      const seconds = (performance.now() - started) / 1000;

      const values = plain.map((s) => s.designs[0].availability);
      const flags = plain.map((s) => (s.rareOutages ?? 0) > 0);
      const pooled = stratifiedInterval({ values, rare: flags, conditioned: rare.map((s) => s.designs[0].availability), noneProbability: p0 }, CONFIDENCE_LEVEL)!;
      const plainPooled = interval(values);
      const truth = pooled.interval.mean!;

      const estimators: { name: string; ci: (g: number) => Interval }[] = [
        { name: 'plain Student-t (before)', ci: (g) => interval(values.slice(g * GROUP, (g + 1) * GROUP)) },
        ...STRATUM_SIZES.map((m) => ({
          name: `stratified, rare stratum filled to ${m}${m === RARE_STRATUM_REPLICATIONS ? ' (fleetsim)' : ''}`,
          ci: (g: number) => {
            const extra = Array.from({ length: Math.max(0, m - rareOf(g)) }, (_, j) => rareByIndex.get(-(g * MAX_RARE_STRATUM + j + 1))!);
            const e = stratifiedInterval({ values: values.slice(g * GROUP, (g + 1) * GROUP), rare: flags.slice(g * GROUP, (g + 1) * GROUP), conditioned: extra, noneProbability: p0 }, CONFIDENCE_LEVEL);
            return e === null ? interval(values.slice(g * GROUP, (g + 1) * GROUP)) : e.interval;
          },
        })),
      ];
      const rows: Row[] = estimators.map(({ name, ci }) => {
        const cis = Array.from({ length: groups }, (_, g) => ci(g));
        const k = cis.filter((c) => covers(c, truth)).length;
        const [lo, hi] = clopperPearson(k, groups);
        const hws = cis.map((c) => c.halfWidth ?? Number.NaN).sort((a, b) => a - b);
        const low = cis.filter((c) => c.upper !== null && c.upper < truth).length;
        return {
          estimator: name,
          covered: `${k}/${groups}`,
          coverage: pct(k / groups),
          'binomial 95% CI': `${pct(lo)}–${pct(hi)}`,
          'missed high': groups - k - low,
          'missed low': low,
          'median half-width (ppm)': (hws[Math.floor(groups / 2)] * 1e6).toFixed(1),
          'extra replications / run': name.startsWith('plain') ? 0 : Number((cis.reduce((a, c) => a + c.n, 0) / groups - GROUP).toFixed(2)),
        };
      });
      const noneGroups = Array.from({ length: groups }, (_, g) => rareOf(g)).filter((k) => k === 0).length;
      return {
        rows,
        figures: {
          design: DESIGN,
          groups,
          'replications per group': GROUP,
          'expected region outages per replication': Number(expected.toFixed(4)),
          'groups without a region outage': `${noneGroups}/${groups} (${pct(noneGroups / groups)}; exp(−10·${expected.toFixed(2)}) = ${pct(Math.exp(-GROUP * expected))})`,
          'reference unavailability (ppm, stratified over the pool)': `${ppm(truth)} ± ${((pooled.interval.halfWidth ?? 0) * 1e6).toFixed(2)}`,
          'plain mean over the pool (ppm)': `${ppm(plainPooled.mean)} ± ${((plainPooled.halfWidth ?? 0) * 1e6).toFixed(2)}`,
          'replications simulated': plain.length + rare.length,
          'simulation seconds': Number(seconds.toFixed(1)),
        },
        notes: [
          'Each group stands for one 10-replication run with its own seed (independent streams); its rare-stratum replications are drawn conditioned on at least one region outage, as `fleetsim run` adds them.',
          'Reference: the stratified mean of all plain and rare-stratum replications of the pool; its own half-width is printed beside it.',
        ],
      };
    } finally {
      await pool.close();
    }
  },
};
