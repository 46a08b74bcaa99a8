import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { RunInputError } from '../../run/context.js';
import { parseShard } from '../../run/shard.js';
import { parsePricedScenario } from '../../cost/index.js';
import { resolveScenarioArg } from '../scenarioSource.js';
import { requireFormat, structuredText } from '../structuredOutput.js';
import { asciiFrontier, defaultPlanWorkers, frontierSpec, planSize, preparePlan, PlanInputError, runPlanMeasured, runPlanShard, type PlanSpeed, type PlanPartial, type PlanReport, type PointRow } from '../../plan/index.js';
import type { Evaluator } from '../../plan/index.js';
import { progressBar } from '../../run/progress.js';
import { checkOutputFile, OutputPathError, writeFileAtomic } from '../../report/atomicFile.js';
import { ensureDir } from '../../report/outputDir.js';
import { EXIT_BAD_INPUT, EXIT_RUNTIME_ERROR, EXIT_SLO_NOT_MET, UserError } from '../exitCodes.js';
import { colorEnabled, table } from '../../report/terminalTable.js';
import { MAX_REPLICATIONS, checkHorizonAfterWarmup, parseHorizonFlag } from '../options.js';
import { renderErrors } from './check.js';
import { formatError } from '../../scenario/errors.js';
import { terminalSafeLine } from '../../report/terminalText.js';
import { planMarkdown } from '../../plan/markdown.js';
import type { PlanWarning } from '../../plan/edges.js';

interface PlanOptions {
  search?: string;
  workers?: number;
  maxReplications?: number;
  horizon?: string;
  output: string;
  chart?: string;
  catalog?: string;
  journal?: string;
  fresh: boolean;
  rows: number;
  shard?: string;
  force: boolean;
  /** Warnings (an optimum on the edge of a range) are errors: exit code 2 after printing. */
  strict?: boolean;
}

/** Exit code after Ctrl-C (128 + SIGINT), as shells report it. */
const EXIT_INTERRUPTED = 130;

/**
 * Bounds of the numeric flags: beyond them a plan would not finish (or not fit in memory) on any
 * machine, so they are refused up front rather than run for days. Replications per point are the
 * scenario's own limit (as plan.replications.max in the file), and --horizon is checked as run.horizon is.
 */
export const PLAN_LIMITS = { workers: 256, maxReplications: MAX_REPLICATIONS, rows: 1_000_000 } as const;

function atMost(flag: string, value: number | undefined, limit: number): void {
  if (value !== undefined && value > limit) throw new UserError(`${flag} must be at most ${limit.toLocaleString('en-US')}, got ${value.toLocaleString('en-US')}`);
}

/** `fleetsim plan FILE`: the cheapest configuration of the plan section that meets the SLO. */
export async function planAction(file: string, opts: PlanOptions, cmd: Command) {
  const output = requireFormat(opts.output, ['table', 'json', 'yaml', 'md'] as const);
  let shard;
  if (opts.shard !== undefined) {
    try {
      shard = parseShard(opts.shard);
    } catch (err) {
      if (err instanceof RunInputError) throw new UserError(err.message);
      throw err;
    }
    if (opts.search === 'adaptive') throw new UserError('--shard needs --search grid: the adaptive search picks each next point from other points\' results, so its work cannot be split across machines');
    if (cmd.getOptionValueSource('output') === 'cli' && opts.output !== 'json') throw new UserError('--shard prints a plan shard file: use --output json (or leave --output out)');
    if (opts.chart !== undefined) throw new UserError('--chart draws the merged plan: pass it to "fleetsim merge"');
  }
  if (opts.search !== undefined && !['grid', 'adaptive', 'auto'].includes(opts.search)) throw new UserError(`--search must be grid, adaptive or auto, got "${opts.search}"`);
  if (opts.maxReplications !== undefined && opts.maxReplications < 2) throw new UserError('--max-replications must be at least 2 (a confidence interval needs two)');
  atMost('--max-replications', opts.maxReplications, PLAN_LIMITS.maxReplications);
  atMost('--workers', opts.workers, PLAN_LIMITS.workers);
  atMost('--rows', opts.rows, PLAN_LIMITS.rows);
  let horizonS: number | undefined;
  if (opts.horizon !== undefined) horizonS = parseHorizonFlag(opts.horizon);
  // The chart's folder is checked before hours of simulation, not after.
  if (opts.chart !== undefined) checkChart(opts.chart, opts.force);
  const source = resolveScenarioArg(file);
  const loaded = parsePricedScenario(source.text, source.name);
  if (!loaded.ok) throw new UserError(renderErrors(loaded.errors).trimEnd());
  if (horizonS !== undefined) checkHorizonAfterWarmup(horizonS, opts.horizon!, loaded.scenario.run.warmupS);
  const text = source.text;
  let prepared;
  try {
    prepared = preparePlan(text, source.name, loaded.scenario, {
      ...(opts.catalog !== undefined ? { catalogPath: opts.catalog } : {}),
      ...(opts.search !== undefined ? { search: opts.search as 'grid' | 'adaptive' | 'auto' } : {}),
      ...(opts.maxReplications !== undefined ? { maxReplications: opts.maxReplications } : {}),
      ...(horizonS !== undefined ? { horizonS } : {}),
    });
  } catch (err) {
    if (err instanceof PlanInputError) throw new UserError(err.message);
    throw err;
  }
  // Shards get journals of their own, so shards run side by side in one folder do not write one file.
  const journalPath = opts.journal ?? join('.fleetsim', `plan-${loaded.scenario.name}${shard ? `-shard-${shard.index}-of-${shard.count}` : ''}.jsonl`);
  try {
    ensureDir(dirname(journalPath)); // one level at a time: a recursive mkdir never returns under /proc
  } catch (err) {
    if (err instanceof OutputPathError) throw new UserError(`--journal ${journalPath}: cannot create its folder (${err.message})`);
    throw err;
  }

  const bar = progressBar();
  let evaluator: Evaluator | undefined;
  const onSigint = () => {
    if (evaluator?.aborted) process.exit(EXIT_INTERRUPTED);
    evaluator?.abort();
    process.stderr.write('\nfleetsim: stopping after the jobs in flight (Ctrl-C again to quit now); finished points are kept\n');
  };
  process.on('SIGINT', onSigint);
  const run = {
    workers: opts.workers ?? defaultPlanWorkers(planSize(prepared, loaded.scenario)),
    journalPath,
    fresh: opts.fresh,
    ...(bar ? { onProgress: (d: number, t: number) => bar.update(d, t) } : {}),
    onEvaluator: (e: Evaluator) => (evaluator = e),
  };
  let result: { partial: PlanPartial } | { report: PlanReport };
  let speed: PlanSpeed | null = null;
  try {
    if (shard) result = { partial: await runPlanShard(prepared, loaded.scenario.name, shard, run) };
    else {
      const measured = await runPlanMeasured(prepared, loaded.scenario.name, run);
      result = { report: measured.report };
      speed = measured.speed;
    }
  } catch (err) {
    if (err instanceof PlanInputError) throw new UserError(err.message);
    throw err;
  } finally {
    bar?.stop();
    process.off('SIGINT', onSigint);
  }
  // Throughput on stderr (it varies run to run; stdout and the files stay byte-for-byte reproducible).
  if (speed !== null) process.stderr.write(`fleetsim plan: ${speed.pointsPerSecond.toFixed(1)} points/s (${speed.wallS.toFixed(1)} s ${speed.workers === 0 ? 'in one thread' : `on ${speed.workers} worker${speed.workers === 1 ? '' : 's'}`})\n`);
  if ('partial' in result) {
    process.stdout.write(JSON.stringify(result.partial) + '\n');
    if (result.partial.interrupted) process.exitCode = EXIT_INTERRUPTED;
    return;
  }
  await printPlan(result.report, { output, rows: opts.rows, journalPath, force: opts.force, strict: opts.strict === true, ...(opts.chart !== undefined ? { chart: opts.chart } : {}) });
}

/** Refuse a chart path that cannot be written (missing folder, a folder, an existing file without --force): exit 2. */
export function checkChart(path: string, force: boolean): void {
  try {
    checkOutputFile(path, { force });
  } catch (err) {
    if (err instanceof OutputPathError) throw new UserError(`--chart ${err.message}`);
    throw err;
  }
}

/**
 * Print a plan report, then write its chart; set the exit code: 130 interrupted, 2 warnings under
 * --strict, 3 nothing meets the SLO. The results are printed first, so a chart that cannot be
 * written (the folder went away during a long plan, a full disk) loses nothing: it is reported and
 * the exit code is 1. Shared with `fleetsim merge`.
 */
export async function printPlan(report: PlanReport, how: { output: 'table' | 'json' | 'yaml' | 'md'; rows: number; journalPath: string; chart?: string; force: boolean; strict?: boolean }): Promise<void> {
  process.stdout.write(
    how.output === 'table' ? renderPlan(report, how.rows, how.journalPath) : how.output === 'md' ? planMarkdown(report, how.rows) : structuredText(report, how.output),
  );
  // The answer is on stdout in every format; with --strict, stderr says why the exit code is 2.
  const strictFailed = how.strict === true && report.warnings.length > 0;
  if (strictFailed) process.stderr.write(`${report.warnings.map(warningLine).join('\n')}\n${report.warnings.length} warning${report.warnings.length === 1 ? '' : 's'}, errors with --strict\n`);
  if (report.interrupted) process.exitCode = EXIT_INTERRUPTED;
  else if (strictFailed) process.exitCode = EXIT_BAD_INPUT;
  else if (report.optimum === null) process.exitCode = EXIT_SLO_NOT_MET;
  if (how.chart === undefined) return;
  try {
    const spec = frontierSpec(report);
    // vega and vega-lite (a third of a second to load) only for an SVG chart.
    const text = how.chart.endsWith('.json') ? JSON.stringify(spec, null, 2) + '\n' : await (await import('../../report/render.js')).renderSvg(spec);
    writeFileAtomic(how.chart, text, { force: how.force });
  } catch (err) {
    process.stderr.write(`fleetsim: the plan is printed above, but its chart was not written: ${err instanceof OutputPathError ? err.message : `${how.chart}: ${(err as Error).message}`}\n`);
    process.exitCode = EXIT_RUNTIME_ERROR;
  }
}

const pct = (x: number | null, d = 3) => (x === null ? '–' : `${(x * 100).toFixed(d)}%`);
const usd = (x: number | null) => (x === null ? '–' : `$${Math.round(x).toLocaleString('en-US')}`);
/** A Student-t interval of a ratio can stick out past 0 or 1; a probability cannot. */
const clamp01 = (x: number | null) => (x === null ? null : Math.min(1, Math.max(0, x)));
const signedUsd = (x: number | null) => {
  if (x === null) return '';
  const r = Math.round(x);
  return r === 0 ? '+$0' : `${r > 0 ? '+' : '−'}$${Math.abs(r).toLocaleString('en-US')}`;
};

/** `file:line:col: warning: path: message hint: …`, as check prints its warnings; terminal-safe (names come from the file). */
export function warningLine(w: PlanWarning): string {
  return terminalSafeLine(formatError({ ...w, expected: undefined }));
}

function describe(p: PointRow): string {
  return [...Object.entries(p.values).map(([k, v]) => `${k}=${v}`), p.design].join(' ');
}

/** The terminal answer: the optimum, the candidates and how each misses, the frontier chart. */
export function renderPlan(r: PlanReport, rows: number, journalPath: string): string {
  const bold = (s: string) => (colorEnabled(process.stdout) ? `\u001b[1m${s}\u001b[22m` : s);
  const out: string[] = [];
  out.push(
    `${r.scenario}: ${r.strategy} search over ${r.spacePoints} points (${r.knobs.map((k) => `${k.name} × ${k.values.length}`).join(', ')}${r.knobs.length > 0 ? ', ' : ''}${r.designs.length} design${r.designs.length === 1 ? '' : 's'}); ` +
      `${r.evaluatedPoints} evaluated, ${r.jobsRun} replications run${r.jobsReused > 0 ? `, ${r.jobsReused} reused from the journal` : ''}`,
  );
  out.push(`SLO: availability ≥ ${pct(r.slo.availabilityRatio, 3)}${r.slo.latency.map((l) => `, p${l.percentile}${l.userRegion ? ` ${l.userRegion}` : ''} ≤ ${(l.maxS * 1000).toFixed(0)} ms`).join('')}, judged on the 95% confidence interval; prices: ${r.catalogVersion}`);
  out.push('');
  if (r.interrupted) out.push(bold(`Interrupted: partial results below; run again to resume (journal ${journalPath}).`));
  if (r.optimum !== null) {
    const o = r.optimum;
    out.push(bold(`Cheapest configuration meeting the SLO: ${describe(o)}`));
    out.push(`  ${usd(o.monthlyUsd.mean)} per month${o.perMillionRequestsUsd !== null ? ` (${'$' + o.perMillionRequestsUsd.toFixed(2)} per million requests)` : ''}; availability ${pct(o.availability.mean)} [${pct(clamp01(o.availability.lower))}, ${pct(clamp01(o.availability.upper))}] over ${o.replications} replications`);
    if (o.byCategory) out.push(`  ${Object.entries(o.byCategory).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${usd(v)}`).join(', ')}`);
  } else if (!r.interrupted) {
    out.push(bold('No configuration meets the SLO at 95% confidence.'));
  }
  for (const w of r.warnings) out.push(warningLine(w));
  out.push('');
  const shown = r.points.slice(0, rows);
  out.push(
    table(
      ['configuration', 'reps', 'USD/month', 'vs optimum', 'availability (95% CI)', '$/extra nine', 'status', 'misses by'],
      shown.map((p) => [
        `${describe(p)}${p.onFrontier ? ' *' : ''}`,
        String(p.replications),
        usd(p.monthlyUsd.mean),
        r.optimum !== null && p.id === r.optimum.id ? 'optimum' : signedUsd(p.extraUsdVsOptimum),
        p.availability.mean === null ? '–' : `${pct(p.availability.mean)} ± ${pct(p.availability.halfWidth)}`,
        p.usdPerNineVsOptimum === null ? '' : usd(p.usdPerNineVsOptimum),
        p.status,
        p.misses.join('; '),
      ]),
    ),
  );
  if (r.points.length > shown.length) out.push(`… ${r.points.length - shown.length} more (--rows, or --output json)`);
  out.push('* on the cost–availability frontier', '');
  out.push(asciiFrontier(r));
  return out.join('\n') + '\n';
}
