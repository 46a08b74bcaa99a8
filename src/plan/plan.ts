import { createHash } from 'node:crypto';
import { LineCounter, parseDocument } from 'yaml';
import { costSetup, type CostSetup } from '../cost/index.js';
import { formatError, formatPath, SourceLocator, type ScenarioError } from '../scenario/errors.js';
import type { Scenario } from '../scenario/types.js';
import { knobEdgeSources } from './edges.js';
import { PlanInputError } from './errors.js';
import { PoolEvaluator, type Evaluator, type EvaluatorInit, type JobResult } from './evaluator.js';
import { JournalWriter, readJournal } from './journal.js';
import { buildReport, type PlanReport } from './report.js';
import { search, type SearchOutcome, type Strategy } from './search.js';
import { planPartial, shardPoints, type PlanPartial } from './shard.js';
import type { Shard } from '../run/shard.js';
import { autoLayout, CPU_S_PER_ESTIMATED_EVENT } from '../run/runner.js';
import { Space } from './space.js';
import type { PreparedPlan } from './prepared.js';
import { parsePlan, type PlanSpec } from './spec.js';

export { PlanInputError } from './errors.js';
export type { PreparedPlan } from './prepared.js';

/** Validate the plan section (errors with file:line:col) and the prices; build the space. */
export function preparePlan(text: string, fileName: string, scenario: Scenario, over: { catalogPath?: string; search?: PlanSpec['search']; maxReplications?: number; horizonS?: number } = {}): PreparedPlan {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true });
  const locator = new SourceLocator(doc, lineCounter);
  const baseDoc = Object.fromEntries(Object.entries(doc.toJS({ maxAliasCount: 1000 }) as Record<string, unknown>).filter(([k]) => !k.startsWith('x-')));
  const parsed = parsePlan(scenario.plan, baseDoc, { designs: scenario.designs.map((d) => d.name), slo: scenario.run.slo });
  if (!parsed.ok) {
    const errors = parsed.problems.map((p): ScenarioError => {
      const pos = locator.locate(p.path, p.at ?? 'value');
      return { severity: 'error', file: fileName, line: pos.line, col: pos.col, path: formatPath(p.path), message: p.message, expected: p.expected, hint: p.hint };
    });
    throw new PlanInputError(errors.map(formatError).join('\n'));
  }
  let spec = parsed.spec;
  if (over.search !== undefined) spec = { ...spec, search: over.search };
  if (over.maxReplications !== undefined) spec = { ...spec, maxReplications: over.maxReplications, minReplications: Math.min(spec.minReplications, over.maxReplications) };
  if (over.horizonS !== undefined) spec = { ...spec, horizonS: over.horizonS };
  let cost: CostSetup;
  try {
    cost = costSetup(scenario, over.catalogPath);
  } catch (err) {
    throw new PlanInputError((err as Error).message);
  }
  const init: EvaluatorInit = { fileName, cost: { catalog: cost.catalog.toData(), usage: cost.usage }, latency: spec.slo.latency };
  const costSha = createHash('sha256').update(JSON.stringify(init.cost)).digest('hex').slice(0, 16);
  const scenarioSha256 = createHash('sha256').update(text).digest('hex');
  const edgeSources = knobEdgeSources(spec.knobs, fileName, locator);
  return { space: new Space(baseDoc, spec), spec, cost, init, costSha, scenarioSha256, edgeSources };
}

/**
 * The size a plan's worker count is judged by (run/runner.ts autoLayout): its (point, replication)
 * jobs and their estimated CPU seconds. The grid runs every point at replications.max; the
 * adaptive search at least replications.min at the points it keeps (counted as every point: it is
 * only told apart from a short plan). A point simulates one design at the plan's horizon: the
 * scenario's estimated events per replication and design, scaled by that horizon (the estimate is
 * about linear in it).
 */
export function planSize(p: PreparedPlan, scenario: Scenario): { jobs: number; estimatedCpuS: number } {
  const grid = chooseStrategy(p.spec, p.space.pointCount) === 'grid';
  const jobs = p.space.pointCount * (grid ? p.spec.maxReplications : p.spec.minReplications);
  const run = scenario.run;
  const perJobEvents = run.estimatedEvents / Math.max(1, run.replications * scenario.designs.length);
  const horizonShare = (p.spec.horizonS ?? run.horizonS) / run.horizonS;
  return { jobs, estimatedCpuS: jobs * perJobEvents * horizonShare * CPU_S_PER_ESTIMATED_EVENT };
}

/**
 * Worker threads for a plan without --workers: as many as autoLayout gives a run of its size (each
 * thread starts cold, so a short plan runs in this thread), at most 64. The plan's own thread only
 * coordinates, so the threads autoLayout counts are all workers.
 */
export function defaultPlanWorkers(size: { jobs: number; estimatedCpuS: number }, cores?: number): number {
  // autoLayout's threads are its workers and this thread (helpHere); here all of them are workers.
  const { workers } = autoLayout(size, cores);
  return workers === 0 ? 0 : Math.min(64, workers + 1);
}

export function chooseStrategy(spec: PlanSpec, pointCount: number): Strategy {
  if (spec.search === 'auto') return pointCount <= spec.gridLimit ? 'grid' : 'adaptive';
  return spec.search;
}

export interface PlanRun {
  /** 0: in this thread. */
  readonly workers: number;
  /** Where finished jobs are kept for resuming; null: nowhere. */
  readonly journalPath: string | null;
  readonly fresh?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
  /** Receives the evaluator, so the caller can abort it (Ctrl-C). */
  readonly onEvaluator?: (e: Evaluator) => void;
}

export async function runPlan(p: PreparedPlan, scenarioName: string, run: PlanRun): Promise<PlanReport> {
  return (await runPlanMeasured(p, scenarioName, run)).report;
}

/**
 * How fast a plan ran. Kept out of the report: the report is the plan's answer, byte for byte the
 * same on every run and equal to a merge of shards (test/golden/plan.test.ts, test/plan/shard.test.ts);
 * a wall-clock figure is not.
 */
export interface PlanSpeed {
  /** Wall-clock seconds of the search (preparing the plan and printing excluded). */
  readonly wallS: number;
  /** Worker threads (0: the main thread evaluated alone). */
  readonly workers: number;
  /** Points evaluated (those reused from the journal included) per second. */
  readonly pointsPerSecond: number;
  /** Replications run per second (jobsRun / wallS). */
  readonly jobsPerSecond: number;
}

export function planSpeed(outcome: Pick<SearchOutcome, 'stats' | 'jobsRun'>, wallS: number, workers: number): PlanSpeed {
  const per = (n: number) => (wallS > 0 ? n / wallS : 0);
  return { wallS, workers, pointsPerSecond: per(outcome.stats.size), jobsPerSecond: per(outcome.jobsRun) };
}

/** runPlan, with how fast it went (for the printed summary and the benchmark). */
export async function runPlanMeasured(p: PreparedPlan, scenarioName: string, run: PlanRun): Promise<{ report: PlanReport; speed: PlanSpeed }> {
  const startMs = performance.now();
  let workers = 0;
  const outcome = await runSearch(p, chooseStrategy(p.spec, p.space.pointCount), { ...run, onEvaluator: (e) => ((workers = e.workers), run.onEvaluator?.(e)) });
  const speed = planSpeed(outcome, (performance.now() - startMs) / 1000, workers);
  return { report: buildReport(p.space, outcome, { scenario: scenarioName, catalogVersion: p.cost.catalog.version, edgeSources: p.edgeSources }), speed };
}

/**
 * One shard of a grid plan: the points p with p mod n = i, each at the grid's replications, as a
 * partial for `fleetsim merge`. The adaptive search is refused: each of its steps depends on other
 * points' results, so its work cannot be split ahead of time.
 */
export async function runPlanShard(p: PreparedPlan, scenarioName: string, shard: Shard, run: PlanRun): Promise<PlanPartial> {
  if (p.spec.search === 'adaptive') {
    throw new PlanInputError('--shard needs the grid search, and the adaptive search was asked for (--search or plan.search): its every step depends on other points\' results, so its work cannot be split across machines. Use --search grid (every point at replications.max).');
  }
  const outcome = await runSearch(p, 'grid', run, shardPoints(p.space.pointCount, shard));
  return planPartial(p, scenarioName, shard, outcome);
}

async function runSearch(p: PreparedPlan, strategy: Strategy, run: PlanRun, points?: readonly number[]): Promise<SearchOutcome> {
  // The journal first: if it cannot be read or written, no worker thread has been started to keep
  // the process alive after the error.
  let known: Map<string, JobResult>;
  let writer: JournalWriter | null;
  try {
    known = run.journalPath !== null && !run.fresh ? readJournal(run.journalPath, p.costSha) : new Map();
    writer = run.journalPath !== null ? new JournalWriter(run.journalPath, p.costSha, run.fresh ?? false) : null;
  } catch (err) {
    throw new PlanInputError(`--journal ${run.journalPath}: cannot be read or written (${(err as Error).message}); give another path with --journal, or --fresh`);
  }
  const evaluator: Evaluator = new PoolEvaluator(p.init, run.workers);
  try {
    run.onEvaluator?.(evaluator);
    return await search(p.space, evaluator, strategy, {
      known,
      ...(writer !== null ? { onResult: (k: string, r: JobResult) => writer.append(k, r) } : {}),
      ...(run.onProgress ? { onProgress: run.onProgress } : {}),
      ...(points !== undefined ? { points } : {}),
    });
  } finally {
    await evaluator.close();
  }
}
