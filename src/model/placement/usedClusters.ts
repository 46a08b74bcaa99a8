import type { Fleet } from '../fleet/types.js';
import type { CompiledService } from './compile.js';

/**
 * The clusters a design's placement can put pods on, in fleet order: per service every cluster any
 * of its affinity terms selects (primary and backup alike, since failover may move pods to a backup;
 * no terms select every cluster), plus clusters a static weight names, less clusters a hard
 * residency rule forbids. A design pays for these clusters and only these (docs/cost.md): the
 * others may exist in the scenario's fleet, but no pod of this design can ever run there.
 * Services without replicas place nothing. Pure; computed once per design.
 */
export function usedClusters(fleet: Fleet, services: readonly CompiledService[]): readonly string[] {
  const used = new Uint8Array(fleet.clusters.length);
  for (const s of services) {
    if (s.replicas === 0) continue;
    const mark = (c: number) => {
      if (s.residencyMode !== 'hard' || s.residencyAllowed[c] === 1) used[c] = 1;
    };
    for (const a of s.affinities) for (const c of a.clusters) mark(c);
    if (s.scheduling.kind === 'staticWeights') s.scheduling.weightByCluster.forEach((w, c) => w > 0 && mark(c));
  }
  return Object.freeze(fleet.clusters.filter((_, c) => used[c] === 1).map((c) => c.name));
}
