import { availableParallelism } from 'node:os';
import type { Scenario } from '../scenario/index.js';
import { applyOverrides, resolveRun, runContextOf, validateRun, type RunContext, type RunOverrides } from './context.js';
import type { ResolvedScenario } from './resolveScenario.js';
import { ReplicationPool, type PoolLayout } from './replicationPool.js';
import type { Results } from './results.js';
import { shardReplications, type Shard } from './shard.js';
import { rareStratumReplications, shardRareStratum } from './rareStratum.js';
import { chooseShowcase } from './showcase.js';
import { halfWidths, nextCheckpoint, type StoppingRule } from './stopping.js';
import type { ReplicationSummary } from './types.js';

export interface RunRequest {
  readonly text: string;
  readonly fileName: string;
  /**
   * The scenario `text` validates to, with the pricing checks (parsePricedScenario), when the caller
   * has already parsed it (the CLI does, to report errors and warnings first): then it is not parsed
   * and validated a second time (~70 ms of the main job).
   */
  readonly validated?: Scenario;
  readonly overrides?: RunOverrides;
  /**
   * `validated` with `overrides` applied, resolved (resolveWithOverrides), when the caller has
   * resolved it already (the CLI does, for its warnings): then it is not resolved and sized again,
   * and `validated` and `overrides` are not read (the caller keeps the three consistent).
   */
  readonly resolved?: ResolvedScenario;
  /** Worker threads; 0 runs in this thread. Default: chosen by autoLayout from the run's size. */
  readonly workers?: number;
  /** The whole layout, over `workers` (tests and benchmarks compare layouts). */
  readonly layout?: PoolLayout;
  readonly shard?: Shard;
  readonly stopping?: StoppingRule;
  /** Called after every replication: done so far, and the current planned total. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface RunOutcome {
  readonly ctx: RunContext;
  /** In replication order, then the rare-stratum replications (−1, −2, …) when the scenario has rare faults. */
  readonly summaries: ReplicationSummary[];
  /** Replications of the whole run (with shards: of all shards together). */
  readonly replications: number;
  readonly stopping: Results['run']['stopping'];
  /** The pool the replications ran on (the worker threads, and whether this thread simulated too). */
  readonly layout: PoolLayout;
}

export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * CPU seconds of simulation per event of the scenario's estimate (scenario/budget.ts), measured on
 * the default scenario: 1.7 M estimated events, about 2.5 s of one core since quiet days are
 * repeated rather than evaluated (2026-12; it was ~6 s before). A rough scale (the estimate counts
 * fault and traffic-change events, not the work per event, and a fleet with events every day
 * repeats no day); it only has to tell a run of a second from one of many.
 */
export const CPU_S_PER_ESTIMATED_EVENT = 1.5e-6;

/**
 * What a thread costs before it simulates at a warm thread's speed: starting it, loading the
 * simulator's modules (~0.2 CPU s bundled), receiving the scenario, a cold JIT, and cold caches of
 * latency estimates and hop spectra (a thread's first replications run 3–5× slower than its later
 * ones). Measured on the default scenario (2026-12, 2 cores): with one worker beside this thread the
 * simulation took 5.3 CPU s against 2.0 s in one thread, the excess all in each thread's first few
 * jobs (job times logged per thread).
 */
export const WORKER_START_CPU_S = 1.2;

/**
 * A thread is worth adding only with at least this many times its start-up of work to do: the main
 * job on 2 cores (3.2–4.2 s pooled against 2.6–3.0 s alone; ~1.1 start-ups per thread) and 30
 * replications (pool and one thread alike, ~3.2 start-ups per thread) lost or tied, 80 replications
 * (~8.5 per thread) won by ~5% (wall, alternating runs, `fleetsim run scenarios/default.yaml
 * --replications N --no-report` with and without `--workers 0`).
 */
export const MIN_START_UPS_PER_THREAD = 4;

/** Fewer (replication, design) jobs than this run in this thread: too few to spread evenly. */
export const MIN_POOLED_JOBS = 8;

/**
 * The pool a run gets without --workers: as many threads as its estimated CPU time (estimated
 * events × CPU_S_PER_ESTIMATED_EVENT) gives MIN_START_UPS_PER_THREAD × WORKER_START_CPU_S each, at
 * most one per core and one per job:
 * - one thread (this one, no worker) when that is one, or with fewer than MIN_POOLED_JOBS
 *   (replication, design) jobs: the workers' start-up would eat what they save;
 * - otherwise that many threads but one as workers, and this thread simulates too: it has loaded
 *   the simulator and prepared the scenario already, so it starts at once while the workers start
 *   on the other cores.
 * `--workers N` is obeyed as given (N worker threads, this thread only coordinating; 0: this
 * thread alone). The results are the same bits whatever the layout (test/run/determinism.test.ts).
 */
export function autoLayout(run: { readonly jobs: number; readonly estimatedCpuS: number }, cores = availableParallelism()): PoolLayout {
  const threads = Math.min(cores, run.jobs, Math.floor(run.estimatedCpuS / (MIN_START_UPS_PER_THREAD * WORKER_START_CPU_S)));
  if (threads < 2 || run.jobs < MIN_POOLED_JOBS) return { workers: 0, helpHere: false };
  return { workers: threads - 1, helpHere: true };
}

/** The size autoLayout judges a run by: its (replication, design) jobs and estimated CPU seconds. */
export function runSize(scenario: Scenario, replications: number): { jobs: number; estimatedCpuS: number } {
  const share = replications / scenario.run.replications;
  return { jobs: replications * scenario.designs.length, estimatedCpuS: scenario.run.estimatedEvents * share * CPU_S_PER_ESTIMATED_EVENT };
}

/**
 * Simulate the scenario's replications (a shard's slice of them, or as many as the stopping rule
 * needs). The worker threads are started as soon as the run's size is known and load their modules
 * while this thread resolves the scenario (unless the caller gave it resolved); they then receive it
 * once, prepared. The showcase fault
 * is picked from the first `replications` fault schedules before any simulation, so every worker
 * and shard agrees on it.
 */
export async function runScenario(req: RunRequest): Promise<RunOutcome> {
  const overrides = req.overrides ?? {};
  if (req.shard && req.stopping) throw new RangeError('sequential stopping needs every replication in one place: it cannot be combined with shards');
  const scenario = req.resolved !== undefined ? req.resolved.scenario : req.validated !== undefined ? applyOverrides(req.validated, overrides) : validateRun(req.text, req.fileName, overrides);
  const initial = scenario.run.replications;
  const plain = req.shard ? shardReplications(initial, req.shard) : range(0, initial);
  const cap = req.stopping ? Math.max(initial, req.stopping.maxReplications) : initial;
  const layout: PoolLayout =
    req.layout !== undefined
      ? req.layout
      : req.workers !== undefined
      ? { workers: Math.max(0, Math.min(req.workers, cap * scenario.designs.length)), helpHere: false }
      : autoLayout(runSize(scenario, plain.length));
  const pool = new ReplicationPool(layout);
  try {
    const ctx = req.resolved !== undefined ? runContextOf(req.resolved, req.text) : resolveRun(scenario, req.text);
    pool.prepare(ctx, chooseShowcase(ctx, initial));
    // Rare-stratum replications (docs/run.md, "Rare faults"): known before anything runs, so they go
    // with the first batch; with sequential stopping they are settled once the count is final.
    const rare = req.stopping ? [] : rareStratumReplications(ctx, initial);
    const first = [...plain, ...(req.shard ? shardRareStratum(rare, req.shard) : rare)];
    let total = first.length;
    let base = 0;
    const progress = (done: number) => req.onProgress?.(base + done, total);
    req.onProgress?.(0, total);
    const summaries = await pool.run(first, progress);
    if (!req.stopping) return { ctx, summaries, replications: initial, stopping: null, layout };

    const rule = req.stopping;
    let met = false;
    for (;;) {
      // The rule reads the plain replications (the rare stratum is added after it is met).
      const worst = Math.max(...halfWidths(rule.metric, summaries));
      met = worst <= rule.targetHalfWidth;
      if (met || summaries.length >= cap) break;
      const next = nextCheckpoint(summaries.length, worst, rule.targetHalfWidth, cap);
      base = summaries.length;
      total = next;
      summaries.push(...(await pool.run(range(summaries.length, next), progress)));
    }
    const plainCount = summaries.length;
    const extra = rareStratumReplications(ctx, plainCount);
    if (extra.length > 0) {
      base = plainCount;
      total = plainCount + extra.length;
      summaries.push(...(await pool.run(extra, progress)));
    }
    return {
      ctx,
      summaries,
      replications: plainCount,
      stopping: { metric: rule.metric, targetHalfWidth: rule.targetHalfWidth, maxReplications: cap, met },
      layout,
    };
  } finally {
    await pool.close();
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}
