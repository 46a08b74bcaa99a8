import type { DatastorePlacementSpec, DatastoreSpec, MemberRole, Scenario } from '../../scenario/types.js';
import type { Fleet } from '../fleet/types.js';

/** One member of a placed store, resolved to fleet ids. */
export interface StoreMember {
  readonly cluster: number;
  readonly zone: number;
  readonly region: number;
  /** The role the design gave it (a failover moves the writer, not the roles). */
  readonly role: MemberRole;
}

/** A service's reads and writes of a store, per request. */
export interface StoreUser {
  readonly service: number;
  readonly reads: number;
  readonly writes: number;
}

/** A store the design places: its spec, its members by fleet id and the services that use it. */
export interface StoreLayout {
  /** Index in workload.datastores. */
  readonly index: number;
  readonly spec: DatastoreSpec;
  readonly placement: DatastorePlacementSpec;
  readonly members: readonly StoreMember[];
  /** Region id of the tie-breaking voter; −1: none. */
  readonly witnessRegion: number;
  /** Index of the member the design made primary (quorum: the first leader); −1 for a cache. */
  readonly initialPrimary: number;
  readonly users: readonly StoreUser[];
}

/**
 * The stores a design places (members listed, or a cache in every cluster that runs a user of it), in
 * workload order; stores it does not place are left out. `clientClusters[s]`: the clusters that run
 * service s (StoreWorld.clientClusters).
 */
export function layoutStores(
  fleet: Fleet,
  scenario: Scenario,
  placements: readonly DatastorePlacementSpec[],
  clientClusters: readonly (readonly { readonly cluster: number }[])[],
): StoreLayout[] {
  const out: StoreLayout[] = [];
  scenario.workload.datastores.forEach((spec, index) => {
    const placement = placements[index];
    if (placement === undefined || (placement.members.length === 0 && !placement.perCluster)) return;
    const users = usersOf(scenario, spec.name);
    const members = placement.perCluster ? perClusterMembers(fleet, users, clientClusters) : listedMembers(fleet, placement);
    if (members.length === 0) return;
    const witnessRegion = placement.witnessRegion === undefined ? -1 : (fleet.regionByName.get(placement.witnessRegion) ?? -1);
    const initialPrimary = spec.kind === 'cache' ? -1 : Math.max(0, members.findIndex((m) => m.role === 'primary'));
    out.push({ index, spec, placement, members, witnessRegion, initialPrimary, users });
  });
  return out;
}

/** The services that read or write the store, with their per-request counts. */
function usersOf(scenario: Scenario, store: string): StoreUser[] {
  const users: StoreUser[] = [];
  scenario.workload.services.forEach((svc, service) => {
    for (const use of svc.stores) {
      if (use.store === store) users.push({ service, reads: use.readsPerRequest, writes: use.writesPerRequest });
    }
  });
  return users;
}

/** Listed members; a member without a zone takes its cluster's zones in turn (the k-th member of a cluster the k-th zone). */
function listedMembers(fleet: Fleet, placement: DatastorePlacementSpec): StoreMember[] {
  const seen = new Map<number, number>();
  return placement.members.map((m) => {
    const cluster = fleet.clusterByName.get(m.cluster);
    if (cluster === undefined) throw new RangeError(`datastore ${placement.store}: unknown cluster "${m.cluster}"`);
    const cl = fleet.clusters[cluster];
    const k = seen.get(cluster) ?? 0;
    seen.set(cluster, k + 1);
    const zone = m.zone === undefined ? cl.zoneIds[k % cl.zoneIds.length] : fleet.zoneByName.get(m.zone);
    if (zone === undefined) throw new RangeError(`datastore ${placement.store}: unknown zone "${m.zone}"`);
    return { cluster, zone, region: fleet.zones[zone].regionId, role: m.role };
  });
}

/** A cache member in each cluster (fleet order) that runs a service using the cache, in the cluster's first zone. */
function perClusterMembers(fleet: Fleet, users: readonly StoreUser[], clientClusters: readonly (readonly { readonly cluster: number }[])[]): StoreMember[] {
  const clusters = new Set<number>();
  for (const u of users) for (const c of clientClusters[u.service] ?? []) clusters.add(c.cluster);
  return [...clusters]
    .sort((a, b) => a - b)
    .map((cluster) => {
      const zone = fleet.clusters[cluster].zoneIds[0];
      return { cluster, zone, region: fleet.zones[zone].regionId, role: 'replica' as const };
    });
}
