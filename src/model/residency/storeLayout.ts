import type { DatastoreSpec, Design, Scenario } from '../../scenario/types.js';
import { rttMsBetweenZones } from '../fleet/buildFleet.js';
import type { Fleet } from '../fleet/types.js';

/** A placed store member, by fleet ids. */
export interface PlacedMember {
  readonly cluster: number;
  readonly zone: number;
  readonly primary: boolean;
}

/** A store as one design places it in the healthy fleet. */
export interface PlacedStore {
  readonly spec: DatastoreSpec;
  /** The data class its contents belong to: its own, or for a cache its backing store's; undefined: none. */
  readonly dataClass: string | undefined;
  /** Listed members; empty for a per-cluster cache (it sits in every reader's cluster). */
  readonly members: readonly PlacedMember[];
  readonly perCluster: boolean;
  readonly readsNearest: boolean;
}

/** The class a store's contents belong to: a cache holds its backing store's data unless it names its own class. */
export function storeDataClass(scenario: Scenario, spec: DatastoreSpec): string | undefined {
  if (spec.dataClass !== undefined || spec.cache === undefined) return spec.dataClass;
  return scenario.workload.datastores.find((d) => d.name === spec.cache!.backing)?.dataClass;
}

/**
 * Every store the design places (members listed, or a per-cluster cache), by name. A member without a
 * zone takes its cluster's zones in turn (the k-th member of a cluster the k-th zone), as the state
 * model places them (docs/state.md).
 */
export function placedStores(scenario: Scenario, design: Design, fleet: Fleet): Map<string, PlacedStore> {
  const out = new Map<string, PlacedStore>();
  for (const placement of design.datastores) {
    const spec = scenario.workload.datastores.find((d) => d.name === placement.store);
    if (spec === undefined || (placement.members.length === 0 && !placement.perCluster)) continue;
    const seen = new Map<number, number>();
    const members: PlacedMember[] = [];
    for (const m of placement.members) {
      const cluster = fleet.clusterByName.get(m.cluster);
      if (cluster === undefined) continue; // the loader refuses unknown clusters
      const zones = fleet.clusters[cluster].zoneIds;
      const k = seen.get(cluster) ?? 0;
      seen.set(cluster, k + 1);
      const zone = m.zone === undefined ? zones[k % zones.length] : (fleet.zoneByName.get(m.zone) ?? zones[0]);
      members.push({ cluster, zone, primary: m.role === 'primary' });
    }
    out.set(spec.name, { spec, dataClass: storeDataClass(scenario, spec), members, perCluster: placement.perCluster, readsNearest: placement.reads === 'nearest' });
  }
  return out;
}

/** The member writes go to: the primary (a quorum store's initial leader); the first member when none is marked. */
export function primaryOf(store: PlacedStore): PlacedMember | undefined {
  return store.members.find((m) => m.primary) ?? store.members[0];
}

/** The member nearest a client cluster (mean RTT from the cluster's zones to the member's zone); ties: the first listed. */
export function nearestMember(fleet: Fleet, store: PlacedStore, client: number): PlacedMember | undefined {
  let best: PlacedMember | undefined;
  let bestMs = Number.POSITIVE_INFINITY;
  const zones = fleet.clusters[client].zoneIds;
  for (const m of store.members) {
    let ms = 0;
    for (const z of zones) ms += rttMsBetweenZones(fleet, z, m.zone) / zones.length;
    if (ms < bestMs) {
      bestMs = ms;
      best = m;
    }
  }
  return best;
}

/** The member a read from a client cluster goes to in the healthy fleet: the primary, or the nearest member. */
export function readMember(fleet: Fleet, store: PlacedStore, client: number): PlacedMember | undefined {
  return store.readsNearest ? nearestMember(fleet, store, client) : primaryOf(store);
}
