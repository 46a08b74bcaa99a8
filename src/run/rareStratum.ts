import { rareOutages, type ResolvedScenario } from './pipeline.js';

/**
 * How many replications with at least one rare outage (docs/run.md, "Rare faults") a run needs for
 * the stratified interval: its variance in that stratum comes from them, and with few the Student-t
 * interval has few degrees of freedom (it is wide, as it should be, but honest). 5: the smallest
 * size whose measured coverage is consistent with 95% (bench/README.md, "Rare-event coverage").
 */
export const RARE_STRATUM_REPLICATIONS = 5;

/** Rare-stratum replications to add when `plainWithRare` of the plain replications already had a rare outage. */
export function rareStratumCount(plainWithRare: number): number {
  return Math.max(0, RARE_STRATUM_REPLICATIONS - plainWithRare);
}

/** The indices of `count` rare-stratum replications: −1, −2, … (their random streams differ from every plain replication's). */
export function rareStratumIndices(count: number): number[] {
  return Array.from({ length: count }, (_, j) => -(j + 1));
}

/**
 * The rare-stratum replications a run of `replications` plain ones adds: none without rare faults.
 * A function of the scenario, seed and replication count alone (fault schedules only, nothing
 * simulated), so every shard and worker count agrees on it.
 */
export function rareStratumReplications(p: ResolvedScenario, replications: number): number[] {
  if (rareOutages(p, 0) === undefined) return [];
  let withRare = 0;
  for (let r = 0; r < replications; r++) if ((rareOutages(p, r) ?? 0) > 0) withRare++;
  return rareStratumIndices(rareStratumCount(withRare));
}

/** A shard's share of the rare-stratum replications: the j-th (index −1−j) goes to shard j mod count. */
export function shardRareStratum(indices: readonly number[], shard: { readonly index: number; readonly count: number }): number[] {
  return indices.filter((r) => (-r - 1) % shard.count === shard.index);
}
