import type { Scenario } from '../../scenario/types.js';
import type { Fleet } from '../fleet/types.js';
import type { CompiledService } from '../placement/compile.js';
import type { ResolvedDesign } from '../placement/resolveDesigns.js';

/**
 * Which region pairs the fleet can send anything across, for faults.stochastic.links.pairs: used.
 * The fault schedule is drawn once per fleet and replayed by every design, so a pair is used when
 * ANY design can use it: every design then faces the same link faults and comparisons stay paired.
 * "Can" includes failover paths (a backup cluster, a mesh's `any` locality level): a fault on a pair
 * that only failover crosses matters exactly when the failover happens, and dropping it would make
 * failover look safer than it is. Pairs nothing can cross draw nothing (docs/traffic.md, "Users over
 * links").
 */

/** Why a pair is used, as bit flags in usedLinks' answer. */
export const LINK_USE = {
  /** A user region's requests (DNS ingress) from its via region to a region that can run its entry service. */
  users: 1,
  /** A mesh call whose caller and callee can run on the two sides (the mesh's `any` locality level). */
  calls: 2,
  /** Members of one self-managed etcd on the two sides. */
  etcd: 4,
} as const;

/**
 * Per link id (fleet.links), the LINK_USE flags of every reason it is used; 0: nothing crosses it.
 * `designs[i]` is `scenario.designs[i]` placed on the fleet (regions and cluster order are the
 * fleet's in every design's view, so cluster ids agree).
 */
export function usedLinks(fleet: Fleet, scenario: Scenario, designs: readonly ResolvedDesign[]): Uint8Array {
  const used = new Uint8Array(fleet.links.length);
  const regionCount = fleet.regions.length;
  const mark = (a: number, b: number, why: number) => {
    if (a !== b) used[fleet.linkIdByRegions[a * regionCount + b]] |= why;
  };
  designs.forEach((resolved, d) => {
    const design = scenario.designs[d];
    const regionsOf = serviceRegions(fleet, resolved.services);
    if (design.traffic.ingress.kind === 'dns') {
      for (const u of scenario.workload.userRegions) {
        if (u.viaRegion === undefined) continue;
        const via = fleet.regionByName.get(u.viaRegion);
        const entry = regionsOf.get(u.entryService);
        if (via === undefined || entry === undefined) continue;
        for (const r of entry) mark(via, r, LINK_USE.users);
      }
    }
    // Without a mesh calls stay in their cluster; the `zone` and `region` levels stay in the region.
    if (design.traffic.mesh?.localityOrder.includes('any')) {
      for (const s of scenario.workload.services) {
        const from = regionsOf.get(s.name);
        if (from === undefined) continue;
        for (const call of s.calls) {
          const to = regionsOf.get(call.service);
          if (to === undefined) continue;
          for (const a of from) for (const b of to) mark(a, b, LINK_USE.calls);
        }
      }
    }
  });
  for (const c of fleet.clusters) {
    const regions = new Set<number>();
    for (let m = c.etcdStart; m < c.etcdStart + c.etcdCount; m++) regions.add(fleet.zones[fleet.etcd.zoneId[m]].regionId);
    for (const a of regions) for (const b of regions) mark(a, b, LINK_USE.etcd);
  }
  return used;
}

/**
 * Per service with replicas, the regions of every cluster its placement can put pods on: every
 * cluster an affinity term selects (backups too), or a static weight names, less those a hard
 * residency rule forbids (the rule placement.usedClusters bills by, kept per service).
 */
function serviceRegions(fleet: Fleet, services: readonly CompiledService[]): Map<string, ReadonlySet<number>> {
  const out = new Map<string, ReadonlySet<number>>();
  for (const s of services) {
    if (s.replicas === 0) continue;
    const regions = new Set<number>();
    const add = (c: number) => {
      if (s.residencyMode !== 'hard' || s.residencyAllowed[c] === 1) regions.add(fleet.clusters[c].regionId);
    };
    for (const a of s.affinities) for (const c of a.clusters) add(c);
    if (s.scheduling.kind === 'staticWeights') s.scheduling.weightByCluster.forEach((w, c) => w > 0 && add(c));
    out.set(s.name, regions);
  }
  return out;
}
