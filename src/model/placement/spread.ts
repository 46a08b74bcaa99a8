import type { Fleet } from '../fleet/types.js';
import type { CompiledSpread } from './compile.js';
import type { SpreadField } from './types.js';

/** The groups a cluster belongs to for one field; a cluster spanning zones is in each of its zones. */
export function groupsOf(fleet: Fleet, clusterId: number, by: SpreadField): readonly (string | number)[] {
  const c = fleet.clusters[clusterId];
  switch (by) {
    case 'cluster':
      return [clusterId];
    case 'region':
      return [c.regionId];
    case 'provider':
      return [c.provider];
    case 'zone':
      return c.zoneIds;
  }
}

export type SpreadResult = { readonly ok: true; readonly selected: number[] } | { readonly ok: false; readonly reason: string };

/**
 * Picks clusters from `ranked` (best first) so that, for every constraint, the selection covers
 * between minGroups and maxGroups groups. Pass 1 takes, in rank order, clusters that bring a new group
 * to a constraint still below its minimum; pass 2 adds the remaining clusters in rank order while no
 * maximum is exceeded. Without constraints every candidate is selected. Greedy: it can miss an exotic
 * combination that a search would find, but never returns a selection that breaks a constraint.
 */
export function selectBySpread(fleet: Fleet, ranked: readonly number[], constraints: readonly CompiledSpread[]): SpreadResult {
  if (constraints.length === 0) return { ok: true, selected: [...ranked] };
  for (const k of constraints) {
    const all = new Set<string | number>();
    for (const c of ranked) for (const g of groupsOf(fleet, c, k.by)) all.add(g);
    if (all.size < k.minGroups) return { ok: false, reason: `spread by ${k.by} needs ${k.minGroups} groups, only ${all.size} eligible` };
  }
  const covered = constraints.map(() => new Set<string | number>());
  const chosen = new Uint8Array(fleet.clusters.length);
  const selected: number[] = [];

  const newGroups = (c: number, k: number): number => {
    let n = 0;
    for (const g of groupsOf(fleet, c, constraints[k].by)) if (!covered[k].has(g)) n++;
    return n;
  };
  const fits = (c: number): boolean => constraints.every((k, i) => covered[i].size + newGroups(c, i) <= k.maxGroups);
  const take = (c: number): void => {
    chosen[c] = 1;
    selected.push(c);
    constraints.forEach((k, i) => {
      for (const g of groupsOf(fleet, c, k.by)) covered[i].add(g);
    });
  };

  for (const c of ranked) {
    const helps = constraints.some((k, i) => covered[i].size < k.minGroups && newGroups(c, i) > 0);
    if (helps && fits(c)) take(c);
  }
  for (const c of ranked) if (chosen[c] === 0 && fits(c)) take(c);

  for (let i = 0; i < constraints.length; i++) {
    const k = constraints[i];
    if (covered[i].size < k.minGroups) return { ok: false, reason: `spread by ${k.by}: could cover only ${covered[i].size} of ${k.minGroups} groups within the other constraints' maxima` };
  }
  // Report in rank order, which pass 1 may have disturbed.
  const rank = new Map(ranked.map((c, i) => [c, i]));
  selected.sort((a, b) => rank.get(a)! - rank.get(b)!);
  return { ok: true, selected };
}
