import { fleetLines } from '../../report/fleets.js';
import { originTextLines } from '../../report/origins.js';
import { stateTextLines } from '../../report/stateTables.js';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { stringify as toYaml } from 'yaml';
import { parsePricedScenario } from '../../cost/index.js';
import { resolveScenarioArg } from '../scenarioSource.js';
import { aggregate } from '../../run/aggregate.js';
import { RunInputError, resolveWithOverrides, type RunOverrides } from '../../run/context.js';
import { progressBar } from '../../run/progress.js';
import type { Results } from '../../run/results.js';
import { runScenario } from '../../run/runner.js';
import { parseShard, partialResults } from '../../run/shard.js';
import { parseTargetCi } from '../../run/stopping.js';
import { humanDuration } from '../../run/numberFormat.js';
import { comparisonTable } from '../../report/comparison.js';
import { summaryMarkdown } from '../../report/markdown.js';
import { resultsJson, writeReport } from '../../report/write.js';
import { OutputPathError } from '../../report/atomicFile.js';
import { checkReportDir } from '../../report/outputDir.js';
import { colorEnabled, table } from '../../report/terminalTable.js';
import { terminalSafe } from '../../report/terminalText.js';
import { EXIT_RUNTIME_ERROR, EXIT_SLO_NOT_MET, UserError } from '../exitCodes.js';
import { checkHorizonAfterWarmup, parseHorizonFlag, type OutputFormat } from '../options.js';
import { renderErrors } from './check.js';
import { runWarningsText } from '../runWarnings.js';

export type { OutputFormat } from '../options.js';

interface RunOptions {
  replications?: number;
  seed?: string;
  horizon?: string;
  workers?: number;
  output: string;
  reportDir: string;
  report: boolean;
  targetCi?: string;
  maxReplications: number;
  shard?: string;
  gate?: string | boolean;
}

/** `fleetsim run FILE`: simulate every design, print the comparison and the verdict, write the report. */
export async function runAction(file: string, opts: RunOptions, cmd: Command) {
  // The definition's -o parser (outputFormat.ts) refused anything else before the action ran.
  const output = opts.output as OutputFormat;
  // A path, a bundled scenario's name or - (stdin): the same text is parsed, simulated and embedded in the report.
  const source = resolveScenarioArg(file);
  // With the pricing checks: a price the catalog lacks is reported here at file:line:col, like any other error.
  const loaded = parsePricedScenario(source.text, source.name);
  if (!loaded.ok) throw new UserError(renderErrors(loaded.errors).trimEnd());
  const text = source.text;
  const overrides: { -readonly [K in keyof RunOverrides]: RunOverrides[K] } = {};
  if (opts.seed !== undefined) overrides.seed = opts.seed;
  if (opts.replications !== undefined) overrides.replications = opts.replications;
  if (opts.horizon !== undefined) {
    overrides.horizonS = parseHorizonFlag(opts.horizon);
    checkHorizonAfterWarmup(overrides.horizonS, opts.horizon, loaded.scenario.run.warmupS);
  }
  const shard = opts.shard !== undefined ? userInput(() => parseShard(opts.shard!)) : undefined;
  const target = opts.targetCi !== undefined ? userInput(() => parseTargetCi(opts.targetCi!)) : undefined;
  if (shard && target) throw new UserError('--target-ci cannot be combined with --shard: stopping needs every replication in one place');
  if (shard && cmd.getOptionValueSource('output') === 'cli' && output !== 'json') throw new UserError('--shard prints a partial results file: use --output json (or leave --output out)');
  if (shard && opts.gate !== undefined) throw new UserError('--gate applies to the merged result: pass it to "fleetsim merge"');
  if (opts.gate !== undefined && loaded.scenario.run.slo === undefined) throw new UserError(`--gate needs an SLO: ${file} has no run.slo`);
  if (typeof opts.gate === 'string' && !loaded.scenario.designs.some((d) => d.name === opts.gate)) {
    throw new UserError(`--gate: no design "${opts.gate}" in ${file}; designs: ${loaded.scenario.designs.map((d) => d.name).join(', ')}`);
  }
  // Before the simulation: an hour of work must not end in "cannot write the report".
  if (opts.report && !shard) checkReportDirFlag(opts.reportDir);
  const workers = opts.workers !== undefined ? clampWorkers(opts.workers) : undefined; // after the checks: a note only for a run that happens
  // What check would warn about, before an hour of simulation (docs/run.md, Warnings).
  // Resolved (and sized) once, with the overrides: for the warnings and then for the run.
  const resolved = resolveWithOverrides(loaded.scenario, overrides);
  const warnings = runWarningsText(loaded.scenario, loaded.warnings, text, overrides.horizonS, resolved);
  if (warnings !== '') process.stderr.write(warnings);

  const bar = progressBar();
  let outcome;
  try {
    outcome = await userInputAsync(() =>
      runScenario({
        text,
        fileName: source.name,
        validated: loaded.scenario,
        overrides,
        // When it could not be resolved, the runner fails again with the same error, after the warnings.
        ...(resolved instanceof RunInputError ? {} : { resolved }),
        ...(workers !== undefined ? { workers } : {}),
        ...(shard ? { shard } : {}),
        ...(target ? { stopping: { ...target, maxReplications: opts.maxReplications } } : {}),
        ...(bar ? { onProgress: (d: number, t: number) => bar.update(d, t) } : {}),
      }),
    );
  } finally {
    bar?.stop();
  }
  if (shard) {
    process.stdout.write(JSON.stringify(partialResults(outcome.ctx.info, outcome.replications, shard, outcome.summaries)) + '\n');
    return;
  }
  const results = aggregate({ info: outcome.ctx.info, summaries: outcome.summaries, stopping: outcome.stopping, createdAt: new Date().toISOString() });
  await finish(results, { output, report: opts.report, reportDir: opts.reportDir, gate: opts.gate, scenarioText: text });
}

/** Run-input problems are the user's to fix: exit code 2, no stack trace. */
function userInput<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof RunInputError) throw new UserError(err.message);
    throw err;
  }
}
async function userInputAsync<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    if (err instanceof RunInputError) throw new UserError(err.message);
    throw err;
  }
}

export interface FinishOptions {
  readonly output: OutputFormat;
  readonly report: boolean;
  readonly reportDir: string;
  readonly gate: string | boolean | undefined;
  /** The scenario as the user wrote it: the report embeds it and draws the fleet map and placement from it. */
  readonly scenarioText?: string;
}

/**
 * Shared by run and merge: print the chosen output, write the report, apply the SLO gate. The
 * results are printed first: a report that cannot be written (disk full, folder removed during the
 * run) costs the report, not the answer, and exits 1 with one line saying why.
 */
export async function finish(results: Results, o: FinishOptions): Promise<void> {
  const gateDesign = typeof o.gate === 'string' ? o.gate : undefined;
  if (gateDesign !== undefined && !results.designs.some((d) => d.name === gateDesign)) {
    throw new UserError(`--gate: no design "${gateDesign}"; designs: ${results.designs.map((d) => d.name).join(', ')}`);
  }
  if (o.gate !== undefined && results.scenario.slo === null) throw new UserError('--gate needs an SLO: the scenario has no run.slo');
  if (o.report) checkReportDirFlag(o.reportDir);
  switch (o.output) {
    case 'json':
      process.stdout.write(resultsJson(results));
      break;
    case 'yaml':
      process.stdout.write(toYaml(results, { lineWidth: 0 }));
      break;
    case 'md':
      process.stdout.write(summaryMarkdown(results));
      break;
    case 'table':
      process.stdout.write(renderText(results));
      break;
  }
  let reportFailed = false;
  if (o.report) {
    try {
      const folder = await writeReport(results, o.reportDir, o.scenarioText !== undefined ? { scenarioText: o.scenarioText } : {});
      (o.output === 'table' ? process.stdout : process.stderr).write(`Report: ${terminalSafe(folder)}/index.html\n`);
    } catch (err) {
      reportFailed = true;
      const why = err instanceof OutputPathError ? err.message : `${(err as NodeJS.ErrnoException).code ?? 'error'}: ${(err as Error).message}`;
      process.stderr.write(`fleetsim: the results are above, but no report was written under ${terminalSafe(o.reportDir)}: ${terminalSafe(why).split('\n')[0]}\n`);
      process.exitCode = EXIT_RUNTIME_ERROR;
    }
  }
  if (o.gate !== undefined) {
    const judged = gateDesign !== undefined ? results.designs.filter((d) => d.name === gateDesign) : results.designs;
    const passed = judged.some((d) => d.slo?.status === 'met');
    if (!passed) {
      const what = gateDesign !== undefined ? `${gateDesign} is ${judged[0].slo?.status ?? 'unknown'} on the SLO` : 'no design meets the SLO with 95% confidence';
      process.stderr.write(`fleetsim: SLO gate failed: ${terminalSafe(what)}\n`);
      // A failed write is the louder problem: CI must not read "SLO not met" when the run broke.
      if (!reportFailed) process.exitCode = EXIT_SLO_NOT_MET;
    }
  }
}

/** --report-dir, checked before any work: a file, an unwritable folder or /proc is the user's to fix (exit 2). */
export function checkReportDirFlag(dir: string): void {
  // "" would mean the current folder: almost surely an unset shell variable, not a wish.
  if (dir.trim() === '') throw new UserError('--report-dir is empty: give a folder, or --no-report');
  try {
    checkReportDir(dir);
  } catch (err) {
    if (err instanceof OutputPathError) throw new UserError(`--report-dir ${err.message}`);
    throw err;
  }
}

/** More than twice the cores is clamped, with a note on stderr (see MAX_WORKERS_FLAG). */
export function clampWorkers(requested: number, cores = availableParallelism()): number {
  const cap = Math.max(2, 2 * cores);
  if (requested <= cap) return requested;
  process.stderr.write(`fleetsim: --workers ${requested} is more than twice the ${cores} cores; using ${cap}\n`);
  return cap;
}

/**
 * The terminal answer: what was run, the comparison table, the verdict, the footnotes. Made
 * terminal-safe as a whole (scenario names and descriptions reach it), then made bold.
 */
export function renderText(r: Results): string {
  const bold = (s: string) => (colorEnabled(process.stdout) ? `\u001b[1m${s}\u001b[22m` : s);
  const safe = terminalSafe;
  const t = comparisonTable(r);
  const out: string[] = [];
  out.push(safe(`${r.scenario.name}: ${r.designs.length} designs, ${r.run.replications} replications × ${humanDuration(r.scenario.horizonS - r.scenario.warmupS)}, seed ${r.scenario.seed}`));
  out.push('', table(t.header, t.rows), '');
  const fleets = fleetLines(r);
  if (fleets.length > 0) out.push(...fleets.map(safe), '');
  out.push(...originTextLines(r));
  out.push(...stateTextLines(r));
  out.push(bold(safe(`Verdict: ${r.verdict.headline}`)));
  for (const reason of r.verdict.reasons) out.push(safe(`  - ${reason}`));
  if (t.footnotes.length > 0) out.push('');
  t.footnotes.forEach((f, i) => out.push(safe(`[${i + 1}] ${f}`)));
  return out.join('\n') + '\n';
}
