import type { Scenario } from '../../scenario/types.js';
import type { Fleet } from '../fleet/types.js';
import type { CompiledService } from '../placement/compile.js';
import type { ResolvedDesign } from '../placement/resolveDesigns.js';

/**
 * Which region pairs the fleet can send anything across, for faults.stochastic.links.pairs: used.
 * The fault schedule is drawn once per fleet and replayed by every design, so a pair is used when
 * ANY design uses it: every design then faces the same link faults and comparisons stay paired.
 * Pairs nothing crosses draw nothing (docs/traffic.md, "Users over links").
 */

/**
 * Which paths make a pair used. `failover`: every path traffic can take, failover included (a
 * backup cluster, a DNS answer after the nearest cluster died, a mesh's `any` level when the local
 * endpoints are gone): a fault on a pair only failover crosses matters exactly when the failover
 * happens, and dropping it would make failover look safer than it is. `steady`: only the paths
 * traffic takes with everything up (the nearest clusters that run the entry service, the first
 * locality level that has the callee); fewer pairs, but faults coinciding with a failover are missed.
 */
export type UsedLinkPaths = 'failover' | 'steady';

/**
 * The paths counted when the caller does not say: failover paths too (a fault there matters when the
 * failover happens). 'steady' would draw fewer pairs (12 instead of 78 in edge-stores).
 */
export const USED_LINK_PATHS: UsedLinkPaths = 'failover';

/**
 * Clusters within this RTT of the nearest share a GSLB answer: the traffic model's tie band
 * (traffic/routing.ts NEAR_TIE_MS), repeated here because faults/ may not import traffic/ (folders
 * import without cycles); test/model/faults/linkPairs.test.ts keeps the two equal.
 */
export const ANSWER_TIE_MS = 1;

/** Why a pair is used, as bit flags in usedLinks' answer. */
export const LINK_USE = {
  /** A user region's requests (DNS ingress) from its via region to a region that runs its entry service. */
  users: 1,
  /** A mesh call whose caller and callee run on the two sides. */
  calls: 2,
  /** Members of one self-managed etcd on the two sides. */
  etcd: 4,
} as const;

/**
 * Per link id (fleet.links), the LINK_USE flags of every reason it is used; 0: nothing crosses it.
 * `designs[i]` is `scenario.designs[i]` placed on the fleet (regions and cluster order are the
 * fleet's in every design's view, so cluster ids agree).
 */
export function usedLinks(fleet: Fleet, scenario: Scenario, designs: readonly ResolvedDesign[], paths: UsedLinkPaths = USED_LINK_PATHS): Uint8Array {
  const used = new Uint8Array(fleet.links.length);
  const regionCount = fleet.regions.length;
  const regionOf = (c: number) => fleet.clusters[c].regionId;
  const mark = (a: number, b: number, why: number) => {
    if (a !== b) used[fleet.linkIdByRegions[a * regionCount + b]] |= why;
  };
  designs.forEach((resolved, d) => {
    const design = scenario.designs[d];
    const clustersOf = paths === 'failover' ? possibleClusters(fleet, resolved.services) : steadyClusters(resolved);
    if (design.traffic.ingress.kind === 'dns') {
      for (const u of scenario.workload.userRegions) {
        if (u.viaRegion === undefined) continue;
        const via = fleet.regionByName.get(u.viaRegion);
        const entry = clustersOf.get(u.entryService);
        if (via === undefined || entry === undefined) continue;
        for (const c of paths === 'failover' ? entry : nearest(fleet, u.rttMsByRegion, entry)) mark(via, regionOf(c), LINK_USE.users);
      }
    }
    const mesh = design.traffic.mesh;
    if (mesh === undefined) return; // calls stay in their cluster
    for (const s of scenario.workload.services) {
      const from = clustersOf.get(s.name);
      if (from === undefined) continue;
      for (const call of s.calls) {
        const to = clustersOf.get(call.service);
        if (to === undefined) continue;
        for (const a of from) {
          // The locality levels in order, as the mesh routes: only `any` leaves the region, and in
          // steady state only when no earlier level has the callee.
          for (const level of mesh.localityOrder) {
            if (level === 'any') {
              for (const b of to) mark(regionOf(a), regionOf(b), LINK_USE.calls);
              break;
            }
            if (paths === 'steady' && to.some((b) => (level === 'zone' ? b === a : regionOf(b) === regionOf(a)))) break;
          }
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

/** The clusters the GSLB answers with, everything up: the lowest RTT from the users, ties within ANSWER_TIE_MS. */
function nearest(fleet: Fleet, rttMsByRegion: Readonly<Record<string, number>>, clusters: readonly number[]): number[] {
  const rtt = (c: number) => rttMsByRegion[fleet.regions[fleet.clusters[c].regionId].name] ?? Number.POSITIVE_INFINITY;
  const best = Math.min(...clusters.map(rtt));
  return clusters.filter((c) => rtt(c) <= best + ANSWER_TIE_MS);
}

/**
 * Per service with replicas, every cluster its placement can put pods on: every cluster an affinity
 * term selects (backups too), or a static weight names, less those a hard residency rule forbids
 * (the rule placement.usedClusters bills by, kept per service).
 */
function possibleClusters(fleet: Fleet, services: readonly CompiledService[]): Map<string, readonly number[]> {
  const out = new Map<string, readonly number[]>();
  for (const s of services) {
    if (s.replicas === 0) continue;
    const can = new Uint8Array(fleet.clusters.length);
    const add = (c: number) => {
      if (s.residencyMode !== 'hard' || s.residencyAllowed[c] === 1) can[c] = 1;
    };
    for (const a of s.affinities) for (const c of a.clusters) add(c);
    if (s.scheduling.kind === 'staticWeights') s.scheduling.weightByCluster.forEach((w, c) => w > 0 && add(c));
    out.set(s.name, fleet.clusters.filter((_, c) => can[c] === 1).map((c) => c.id));
  }
  return out;
}

/** Per service, the clusters Karmada assigns replicas to with everything up. */
function steadyClusters(resolved: ResolvedDesign): Map<string, readonly number[]> {
  const out = new Map<string, readonly number[]>();
  for (const p of resolved.placement.services) {
    const clusters: number[] = [];
    p.assigned.forEach((n, c) => n > 0 && clusters.push(c));
    if (clusters.length > 0) out.set(p.service, clusters);
  }
  return out;
}
