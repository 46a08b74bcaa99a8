import { availableParallelism } from 'node:os';
import type { Scenario } from '../scenario/index.js';
import { resolveRun, validateRun, type RunContext, type RunOverrides } from './context.js';
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
  readonly overrides?: RunOverrides;
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
 * What a worker costs before it simulates anything: starting a thread, loading the simulator's
 * modules, receiving the scenario, and a cold JIT (about 0.5 s of one core here). A pool can save
 * at most the part of the run the other cores take over, so a run must be several times this
 * long before spreading it pays.
 */
export const WORKER_START_CPU_S = 0.5;

/** Fewer (replication, design) jobs than this run in this thread: too few to spread evenly. */
export const MIN_POOLED_JOBS = 8;

/**
 * The pool a run gets without --workers:
 * - in this thread alone (no worker) when there is one core, fewer than MIN_POOLED_JOBS
 *   (replication, design) jobs, or an estimated CPU time (estimated events × CPU_S_PER_ESTIMATED_EVENT)
 *   under 2 × WORKER_START_CPU_S: the workers' start-up would eat what they save;
 * - otherwise one worker per core but one, and this thread simulates too: it has loaded the
 *   simulator and prepared the scenario already, so it starts at once while the workers start
 *   on the other cores.
 * `--workers N` is obeyed as given (N worker threads, this thread only coordinating; 0: this
 * thread alone). The results are the same bits whatever the layout (test/run/determinism.test.ts).
 */
export function autoLayout(run: { readonly jobs: number; readonly estimatedCpuS: number }, cores = availableParallelism()): PoolLayout {
  if (cores < 2 || run.jobs < MIN_POOLED_JOBS || run.estimatedCpuS < 2 * WORKER_START_CPU_S) return { workers: 0, helpHere: false };
  return { workers: Math.min(cores - 1, run.jobs - 1), helpHere: true };
}

/** The size autoLayout judges a run by: its (replication, design) jobs and estimated CPU seconds. */
export function runSize(scenario: Scenario, replications: number): { jobs: number; estimatedCpuS: number } {
  const share = replications / scenario.run.replications;
  return { jobs: replications * scenario.designs.length, estimatedCpuS: scenario.run.estimatedEvents * share * CPU_S_PER_ESTIMATED_EVENT };
}

/**
 * Simulate the scenario's replications (a shard's slice of them, or as many as the stopping rule
 * needs). The worker threads are started as soon as the run's size is known and load their modules
 * while this thread resolves the scenario; they then receive it once, prepared. The showcase fault
 * is picked from the first `replications` fault schedules before any simulation, so every worker
 * and shard agrees on it.
 */
export async function runScenario(req: RunRequest): Promise<RunOutcome> {
  const overrides = req.overrides ?? {};
  if (req.shard && req.stopping) throw new RangeError('sequential stopping needs every replication in one place: it cannot be combined with shards');
  const scenario = validateRun(req.text, req.fileName, overrides);
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
    const ctx = resolveRun(scenario, req.text);
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
