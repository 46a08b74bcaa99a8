import { availableParallelism } from 'node:os';
import { prepareRun, type RunContext, type RunOverrides } from './context.js';
import { ReplicationPool } from './replicationPool.js';
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
  /** Worker threads; 0 runs in this thread. Default: the number of cores. */
  readonly workers?: number;
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
}

export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * Simulate the scenario's replications (a shard's slice of them, or as many as the stopping rule
 * needs). The showcase fault is picked from the first `replications` fault schedules before any
 * simulation, so every worker and shard agrees on it.
 */
export async function runScenario(req: RunRequest): Promise<RunOutcome> {
  const overrides = req.overrides ?? {};
  if (req.shard && req.stopping) throw new RangeError('sequential stopping needs every replication in one place: it cannot be combined with shards');
  const ctx = prepareRun(req.text, req.fileName, overrides);
  const initial = ctx.scenario.run.replications;
  const showcase = chooseShowcase(ctx, initial);
  const plain = req.shard ? shardReplications(initial, req.shard) : range(0, initial);
  // Rare-stratum replications (docs/run.md, "Rare faults"): known before anything runs, so they go
  // with the first batch; with sequential stopping they are settled once the count is final.
  const rare = req.stopping ? [] : rareStratumReplications(ctx, initial);
  const first = [...plain, ...(req.shard ? shardRareStratum(rare, req.shard) : rare)];
  const cap = req.stopping ? Math.max(initial, req.stopping.maxReplications) : initial;
  const workers = Math.max(0, Math.min(req.workers ?? defaultWorkers(), cap));
  const pool = new ReplicationPool(ctx, { text: req.text, fileName: req.fileName, overrides, showcase }, workers);
  try {
    let total = first.length;
    let base = 0;
    const progress = (done: number) => req.onProgress?.(base + done, total);
    req.onProgress?.(0, total);
    const summaries = await pool.run(first, progress);
    if (!req.stopping) return { ctx, summaries, replications: initial, stopping: null };

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
    };
  } finally {
    await pool.close();
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}
