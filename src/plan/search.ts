import type { Sample } from './evaluate.js';
import type { Evaluator, Job, JobResult } from './evaluator.js';
import type { Space } from './space.js';
import { pointStats, type PointStats } from './stats.js';

export type Strategy = 'grid' | 'adaptive';

export interface SearchOptions {
  /** Results already computed (a journal from an interrupted plan), by jobKey. */
  readonly known?: ReadonlyMap<string, JobResult>;
  /** Each newly computed result, as it arrives (to journal it). */
  readonly onResult?: (key: string, result: JobResult) => void;
  /** Jobs done and jobs planned so far (the plan grows as the search learns). */
  readonly onProgress?: (done: number, total: number) => void;
  /** grid only: evaluate just these point ids (a shard's slice); the optimum is then among them. */
  readonly points?: readonly number[];
}

/** A point's raw results: its samples in replication order, or why its config is invalid. */
export interface PointResults {
  readonly samples: readonly Sample[];
  readonly invalid: string | null;
}

export interface SearchOutcome {
  readonly strategy: Strategy;
  /** Evaluated points' statistics, by point id. */
  readonly stats: ReadonlyMap<number, PointStats>;
  /** Cheapest point that meets the SLO at 95% confidence; null if none. */
  readonly optimum: number | null;
  readonly jobsRun: number;
  readonly jobsReused: number;
  /** Stopped early (abort): `stats` holds what finished. */
  readonly interrupted: boolean;
  /** What each evaluated point's statistics were computed from (plan shards carry these to the merge). */
  readonly results: ReadonlyMap<number, PointResults>;
}

export const jobKey = (configKey: string, design: string, replication: number) => `${configKey}|${design}|${replication}`;

class Interrupted extends Error {}

/**
 * Finds the cheapest point meeting the SLO at 95% confidence.
 *
 * grid: every point at the maximum replications. adaptive: (1) along the first monotone knob,
 * bisection for the smallest value that meets the SLO, per combination of the other knobs and
 * design; (2) a race among those boundary points (every point if no knob is monotone): replications
 * double from the minimum, points that surely miss drop out, and so do points dearer than the
 * cheapest one known to meet; (3) the winner is confirmed at the maximum replications.
 * Every decision depends only on results, which depend only on (config, design, replication): the
 * same answer for any worker count.
 */
export async function search(space: Space, evaluator: Evaluator, strategy: Strategy, opts: SearchOptions = {}): Promise<SearchOutcome> {
  const spec = space.spec;
  const samples = new Map<number, Sample[]>();
  const invalid = new Map<number, string>();
  const stats = new Map<number, PointStats>();
  let done = 0;
  let total = 0;
  let jobsRun = 0;
  let jobsReused = 0;

  const restat = (id: number) => stats.set(id, pointStats(samples.get(id) ?? [], invalid.get(id) ?? null, spec.slo));
  const count = (id: number) => (invalid.has(id) ? Number.POSITIVE_INFINITY : (samples.get(id)?.length ?? 0));
  /**
   * Bring each point up to `reps` replications (0 … reps−1), all points in one parallel batch.
   * Results (journaled or fresh) land in a slot per replication and are appended in replication
   * order up to the first hole: a journal with gaps, in any order, gives the samples an
   * uninterrupted run would have, and a hole left by an abort is filled on the next call.
   */
  const ensure = async (ids: readonly number[], reps: number) => {
    const jobs: Job[] = [];
    const owners: { id: number; slot: number }[] = [];
    const slots = new Map<number, (JobResult | undefined)[]>();
    for (const id of ids) {
      if (invalid.has(id) || slots.has(id)) continue;
      const p = space.point(id);
      const cfg = space.config(p.config);
      const from = count(id);
      const pending: (JobResult | undefined)[] = [];
      slots.set(id, pending);
      for (let r = from; r < reps; r++) {
        const known = opts.known?.get(jobKey(cfg.key, p.design, r));
        if (known !== undefined) {
          pending.push(known);
          jobsReused++;
          // An invalid config is invalid for every replication: nothing after it is needed.
          if ('invalid' in known) break;
          continue;
        }
        pending.push(undefined);
        jobs.push({ configKey: cfg.key, text: cfg.text, design: p.design, replication: r });
        owners.push({ id, slot: r - from });
      }
    }
    total += jobs.length;
    opts.onProgress?.(done, total);
    const results = await evaluator.run(jobs, (i, r) => {
      done++;
      jobsRun++;
      opts.onResult?.(jobKey(jobs[i].configKey, jobs[i].design, jobs[i].replication), r);
      opts.onProgress?.(done, total);
    });
    results.forEach((r, i) => {
      if (r !== undefined) slots.get(owners[i].id)![owners[i].slot] = r;
    });
    for (const [id, pending] of slots) {
      for (const r of pending) {
        if (r === undefined) break;
        if ('invalid' in r) {
          invalid.set(id, r.invalid);
          break;
        }
        const list = samples.get(id) ?? [];
        list.push(r.sample);
        samples.set(id, list);
      }
    }
    for (const id of ids) restat(id);
    if (evaluator.aborted) throw new Interrupted();
  };

  const min = spec.minReplications;
  const max = spec.maxReplications;
  const status = (id: number) => stats.get(id)!.status;
  const cost = (id: number) => stats.get(id)!.monthlyUsd.mean ?? Number.POSITIVE_INFINITY;
  const all = Array.from({ length: space.pointCount }, (_, i) => i);
  let optimum: number | null = null;
  if (opts.points !== undefined) {
    if (strategy !== 'grid') throw new RangeError('a slice of the points can only be searched on the grid');
    if (new Set(opts.points).size !== opts.points.length || opts.points.some((id) => !Number.isInteger(id) || id < 0 || id >= space.pointCount)) throw new RangeError(`points must be distinct ids in 0…${space.pointCount - 1}`);
  }
  const results = () => new Map([...stats.keys()].map((id): [number, PointResults] => [id, { samples: samples.get(id) ?? [], invalid: invalid.get(id) ?? null }]));

  try {
    if (strategy === 'grid') {
      const ids = opts.points ?? all;
      await ensure(ids, max);
      optimum = cheapestMet(ids, stats);
    } else {
      const candidates = await bisect(space, ensure, status, min, max);
      optimum = await race(candidates, ensure, status, cost, min, max);
    }
  } catch (err) {
    if (!(err instanceof Interrupted)) throw err;
    return { strategy, stats, optimum: cheapestMet([...stats.keys()], stats, max), jobsRun, jobsReused, interrupted: true, results: results() };
  }
  return { strategy, stats, optimum, jobsRun, jobsReused, interrupted: false, results: results() };
}

type Ensure = (ids: readonly number[], reps: number) => Promise<void>;
type StatusOf = (id: number) => PointStats['status'];

/**
 * Cheapest met point. Costs within 0.5% of each other are a tie, broken by higher mean availability,
 * then lower id (the same rule as `fleetsim run`'s verdict). With `minN`, only points with that many
 * replications count.
 */
export function cheapestMet(ids: readonly number[], stats: ReadonlyMap<number, PointStats>, minN = 0): number | null {
  let best: number | null = null;
  for (const id of ids) {
    const s = stats.get(id);
    if (s === undefined || s.status !== 'met' || s.n < minN) continue;
    if (best === null) {
      best = id;
      continue;
    }
    const b = stats.get(best)!;
    const cost = s.monthlyUsd.mean!;
    const bestCost = b.monthlyUsd.mean!;
    const tie = Math.abs(cost - bestCost) <= 0.005 * Math.max(bestCost, 1);
    if ((!tie && cost < bestCost) || (tie && (s.availability.mean ?? 0) > (b.availability.mean ?? 0))) best = id;
  }
  return best;
}

/** Adds replications (doubling) to undecided points until each is met or not; uncertain at `max` counts as not met. */
async function decide(ids: readonly number[], ensure: Ensure, status: StatusOf, min: number, max: number): Promise<Map<number, boolean>> {
  const out = new Map<number, boolean>();
  let pending = [...ids];
  for (let r = min; pending.length > 0; r = Math.min(max, r * 2)) {
    await ensure(pending, r);
    const still: number[] = [];
    for (const id of pending) {
      const s = status(id);
      if (s === 'met') out.set(id, true);
      else if (s === 'uncertain' && r < max) still.push(id);
      else out.set(id, false);
    }
    pending = still;
  }
  return out;
}

/**
 * Along the first monotone knob (more of it: no less available), the smallest value that meets the
 * SLO, for every combination of the other knobs and design; all lines advance together so each
 * round is one parallel batch. Without a monotone knob every point is a candidate.
 */
async function bisect(space: Space, ensure: Ensure, status: StatusOf, min: number, max: number): Promise<number[]> {
  const m = space.knobs.findIndex((k) => k.monotone);
  const all = Array.from({ length: space.pointCount }, (_, i) => i);
  if (m < 0) return all;
  const L = space.knobs[m].values.length;
  // Lines: the points of one (other knobs, design) combination, in increasing value of knob m.
  const lines = new Map<string, number[]>();
  for (const id of all) {
    const p = space.point(id);
    const idx = space.valueIndices(p.config);
    const key = `${idx.filter((_, k) => k !== m).join(',')}|${p.design}`;
    const line = lines.get(key) ?? new Array<number>(L);
    line[idx[m]] = id;
    lines.set(key, line);
  }
  const state = [...lines.values()].map((ids) => ({ ids, lo: 0, hi: L }));
  for (;;) {
    const active = state.filter((s) => s.lo < s.hi);
    if (active.length === 0) break;
    const mids = active.map((s) => s.ids[(s.lo + s.hi) >> 1]);
    const verdict = await decide(mids, ensure, status, min, max);
    active.forEach((s, i) => {
      const mid = (s.lo + s.hi) >> 1;
      if (verdict.get(mids[i])) s.hi = mid;
      else s.lo = mid + 1;
    });
  }
  return state.filter((s) => s.lo < L).map((s) => s.ids[s.lo]);
}

/** Race the candidates for the cheapest that meets the SLO; confirm the winner at `max`. */
async function race(candidates: readonly number[], ensure: Ensure, status: StatusOf, cost: (id: number) => number, min: number, max: number): Promise<number | null> {
  let active = [...candidates];
  let r = min;
  for (let round = 0; round < 64 && active.length > 0; round++) {
    await ensure(active, r);
    active = active.filter((id) => status(id) === 'met' || (status(id) === 'uncertain' && r < max));
    const met = active.filter((id) => status(id) === 'met');
    const best = met.length > 0 ? met.reduce((a, b) => (cost(b) < cost(a) || (cost(b) === cost(a) && b < a) ? b : a)) : null;
    if (best !== null) active = active.filter((id) => id === best || cost(id) < cost(best));
    const unsure = active.filter((id) => status(id) === 'uncertain');
    if (unsure.length === 0) {
      if (best === null) return null;
      await ensure([best], max);
      if (status(best) === 'met') return best;
      // Lost it at full replications: the race goes on without (or with, if still uncertain) it.
      r = max;
      continue;
    }
    r = Math.min(max, r * 2);
  }
  return null;
}
