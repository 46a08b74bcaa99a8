import type { RegionInfo } from '../context.js';
import type { RawDatastore, RawPlacement } from '../datastores.js';
import { overriddenServices } from '../designOverrides.js';
import type { FieldPath } from '../errors.js';
import { didYouMean } from '../hints.js';
import type { RawScenario } from '../schema.js';
import type { Reporter } from './report.js';

type Service = RawScenario['workload']['services'][number];
type Design = RawScenario['designs'][number];

/**
 * The state section (docs/state.md): datastore names unique and known; what each kind allows
 * (replication, cache, failover); what services read and write (a cache is never written); and
 * each design's placements: one per store its services use (and the backing store of each cache
 * they use), exactly one primary, standbys that match the replication, enough quorum voters,
 * members in zones of their cluster's region, a witness in a topology region.
 */
export function checkDatastores(r: Reporter, s: Partial<RawScenario>, regions: ReadonlyMap<string, RegionInfo>): void {
  if (!s.workload) return;
  const stores = s.workload.datastores ?? [];
  r.duplicates(stores, ['workload', 'datastores'], 'datastore');
  const byName = new Map<string, RawDatastore>();
  for (const d of stores) if (!byName.has(d.name)) byName.set(d.name, d);
  const dataClasses = new Set((s.workload.dataClasses ?? []).map((d) => d.name));
  stores.forEach((d, i) => checkStore(r, d, ['workload', 'datastores', i], byName, dataClasses));

  s.workload.services.forEach((sv, i) => checkStoreUses(r, sv, ['workload', 'services', i], byName));

  // A store nothing reads or writes, directly or as a cache's backing, does nothing.
  const used = new Set(s.workload.services.flatMap((sv) => (sv.stores ?? []).map((u) => u.store)));
  stores.forEach((d, i) => {
    const backs = stores.some((c) => c.kind === 'cache' && c.cache?.backing === d.name && used.has(c.name));
    if (!used.has(d.name) && !backs && byName.get(d.name) === d) {
      r.warn(['workload', 'datastores', i, 'name'], `datastore "${d.name}" is used by no service: it adds nothing but its cost`, `add { store: ${d.name}, reads: …, writes: … } to the stores of the services that use it, or remove it`);
    }
  });

  s.designs?.forEach((design, di) => checkDesign(r, s, design, ['designs', di], byName, regions));
}

function checkStore(r: Reporter, d: RawDatastore, base: FieldPath, byName: ReadonlyMap<string, RawDatastore>, dataClasses: ReadonlySet<string>): void {
  if (d.dataClass !== undefined && !dataClasses.has(d.dataClass)) r.unknown([...base, 'dataClass'], 'data class', d.dataClass, dataClasses);
  if (d.replication !== undefined && d.kind !== 'primaryReplica') {
    r.err([...base, 'replication'], `replication applies to primaryReplica stores only (a ${d.kind === 'quorum' ? 'quorum store always commits on a majority' : 'cache replicates nothing'})`, 'no replication field', 'remove replication', 'key');
  }
  if (d.semiSyncTimeout !== undefined && (d.kind !== 'primaryReplica' || (d.replication ?? 'async') !== 'semiSync')) {
    r.warn([...base, 'semiSyncTimeout'], 'semiSyncTimeout applies to replication: semiSync only: it is ignored here', 'remove it, or set replication: semiSync');
  }
  if (d.failover?.manualDelay !== undefined && (d.failover.mode ?? 'automatic') !== 'manual') {
    r.warn([...base, 'failover', 'manualDelay'], 'manualDelay applies to failover mode manual only: it is ignored here', 'remove it, or set mode: manual');
  }
  if (d.kind === 'cache') {
    if (d.failover !== undefined) r.warn([...base, 'failover'], 'a cache does not fail over (a lost member is refilled from its backing store): failover is ignored', 'remove failover');
    if (d.cache === undefined) {
      r.err(base, `cache "${d.name}" has no cache block`, 'cache: { hitRatio, warmup, backing }', `add e.g. cache: { hitRatio: 90%, warmup: 10m, backing: <a primaryReplica or quorum store> }`);
      return;
    }
    const backing = byName.get(d.cache.backing);
    const others = [...byName.values()].filter((x) => x.kind !== 'cache').map((x) => x.name);
    if (backing === undefined) r.unknown([...base, 'cache', 'backing'], 'datastore', d.cache.backing, others);
    else if (backing.kind === 'cache') r.err([...base, 'cache', 'backing'], `cache "${d.name}" is backed by "${backing.name}", another cache`, `a primaryReplica or quorum store${others.length > 0 ? ` (${others.join(', ')})` : ''}`, 'misses must reach a store that holds the data');
  } else if (d.cache !== undefined) {
    r.err([...base, 'cache'], `cache applies to kind cache only (this store is ${d.kind})`, 'no cache field', 'remove cache, or make the store kind: cache', 'key');
  }
}

function checkStoreUses(r: Reporter, sv: Service, base: FieldPath, byName: ReadonlyMap<string, RawDatastore>): void {
  const seen = new Map<string, number>();
  sv.stores?.forEach((u, i) => {
    const path: FieldPath = [...base, 'stores', i];
    const store = byName.get(u.store);
    if (store === undefined) r.unknown([...path, 'store'], 'datastore (workload.datastores)', u.store, byName.keys());
    const first = seen.get(u.store);
    if (first !== undefined) r.err([...path, 'store'], `service "${sv.name}" lists store "${u.store}" twice`, `one entry per store (the first is stores[${first}])`, 'add the reads and writes into one entry');
    else seen.set(u.store, i);
    if (!((u.reads ?? 0) > 0) && !((u.writes ?? 0) > 0)) r.err(path, `service "${sv.name}" neither reads nor writes store "${u.store}"`, 'reads or writes above 0', 'e.g. { store: ' + u.store + ', reads: 1, writes: 0.2 }, or remove the entry');
    if (store?.kind === 'cache' && (u.writes ?? 0) > 0) {
      r.err([...path, 'writes'], `"${u.store}" is a cache: it is not written`, 'writes: 0 (or absent)', `write to its backing store${store.cache ? ` "${store.cache.backing}"` : ''} instead: add { store: ${store.cache?.backing ?? '<backing>'}, writes: ${u.writes} }`);
    }
  });
}

/** The services a design runs: those with replicas (after its overrides) or an autoscaler. */
function servicesRun(s: Partial<RawScenario>, design: Design): Service[] {
  return overriddenServices(s.workload!.services, design.overrides).filter((sv) => sv.replicas > 0 || sv.autoscaling !== undefined);
}

function checkDesign(r: Reporter, s: Partial<RawScenario>, design: Design, base: FieldPath, byName: ReadonlyMap<string, RawDatastore>, regions: ReadonlyMap<string, RegionInfo>): void {
  const placements = design.datastores ?? [];
  const placed = new Map<string, number>();
  placements.forEach((p, i) => {
    const path: FieldPath = [...base, 'datastores', i];
    const store = byName.get(p.store);
    if (store === undefined) {
      r.unknown([...path, 'store'], 'datastore (workload.datastores)', p.store, byName.keys());
      return;
    }
    const first = placed.get(p.store);
    if (first !== undefined) {
      r.err([...path, 'store'], `design "${design.name}" places store "${p.store}" twice`, `one entry per store (the first is datastores[${first}])`, 'merge the two entries');
      return;
    }
    placed.set(p.store, i);
    checkPlacement(r, s, store, p, path, regions);
  });

  // Every store a service of the design uses, and the backing store of every cache it uses, must be placed.
  const needed = new Map<string, string>();
  for (const sv of servicesRun(s, design)) {
    for (const u of sv.stores ?? []) {
      const store = byName.get(u.store);
      if (store === undefined) continue;
      if (!needed.has(store.name)) needed.set(store.name, `service "${sv.name}" uses it`);
      const backing = store.kind === 'cache' && store.cache !== undefined ? byName.get(store.cache.backing) : undefined;
      if (backing !== undefined && !needed.has(backing.name)) needed.set(backing.name, `cache "${store.name}" (used by "${sv.name}") reads it on a miss`);
    }
  }
  for (const [storeName, why] of needed) {
    if (placed.has(storeName)) continue;
    const kind = byName.get(storeName)!.kind;
    const example = kind === 'cache' ? `{ store: ${storeName}, perCluster: true }` : `{ store: ${storeName}, members: [{ cluster: <cluster>, role: primary }${kind === 'quorum' ? ', { cluster: …}, { cluster: … }' : ''}] }`;
    r.err([...base, 'datastores'], `design "${design.name}" does not place datastore "${storeName}" (${why})`, `an entry for "${storeName}" under designs[].datastores`, `add ${example}`);
  }
}

function checkPlacement(r: Reporter, s: Partial<RawScenario>, store: RawDatastore, p: RawPlacement, path: FieldPath, regions: ReadonlyMap<string, RegionInfo>): void {
  const members = p.members ?? [];
  const clusters = s.clusters;
  members.forEach((m, mi) => {
    const mp: FieldPath = [...path, 'members', mi];
    if (!clusters) return;
    const cluster = clusters.find((c) => c.name === m.cluster);
    if (cluster === undefined) {
      r.unknown([...mp, 'cluster'], 'cluster', m.cluster, clusters.map((c) => c.name));
      return;
    }
    const region = regions.get(cluster.region);
    if (m.zone !== undefined && region !== undefined && !region.zones.includes(m.zone)) {
      const owner = [...regions.values()].find((x) => x.zones.includes(m.zone!));
      const hint = owner !== undefined ? `"${m.zone}" is in region "${owner.name}": name a cluster of that region, or a zone of "${cluster.region}"` : (didYouMean(m.zone, region.zones) ?? "omit zone to take the cluster's zones in turn");
      r.err([...mp, 'zone'], `zone "${m.zone}" is not a zone of region "${cluster.region}" (cluster "${cluster.name}")`, `one of ${region.zones.join(', ')}`, hint);
    }
  });
  if (p.witness !== undefined && s.topology && !regions.has(p.witness)) {
    r.err([...path, 'witness'], `witness region "${p.witness}" is not a topology region`, 'a topology region', didYouMean(p.witness, regions.keys()) ?? `the topology's regions: ${[...regions.keys()].slice(0, 12).join(', ')}`);
  }

  if (store.kind === 'cache') {
    if (p.perCluster === true && p.members !== undefined) r.err([...path, 'members'], `give perCluster or members for cache "${store.name}", not both`, 'perCluster: true, or members: [...]', undefined, 'key');
    else if (p.perCluster !== true && p.members === undefined) r.err(path, `cache "${store.name}" has no members`, 'perCluster: true or members: [...]', `add perCluster: true (a cache in every cluster that runs a service using it)`);
    members.forEach((m, mi) => {
      if (m.role !== undefined && m.role !== 'replica') r.err([...path, 'members', mi, 'role'], `a cache has no ${m.role}: its members are independent copies`, 'no role (or replica)', 'remove role');
    });
    if (p.witness !== undefined) r.err([...path, 'witness'], 'a cache has no voters: witness applies to primaryReplica and quorum stores', 'no witness field', 'remove witness', 'key');
    if (p.reads !== undefined) r.warn([...path, 'reads'], 'a cache is read in its own cluster (or its backing store on a miss): reads is ignored', 'remove reads');
    return;
  }

  if (p.perCluster !== undefined) r.err([...path, 'perCluster'], `perCluster applies to caches only ("${store.name}" is ${store.kind})`, 'members: [...]', 'list the members with their roles', 'key');
  if (p.members === undefined) {
    r.err(path, `datastore "${store.name}" has no members`, 'members: [...] with exactly one primary', `add members: [{ cluster: <cluster>, zone: <zone>, role: primary }, { cluster: <cluster>, role: replica }]`);
    return;
  }
  const primaries = members.flatMap((m, mi) => (m.role === 'primary' ? [mi] : []));
  if (primaries.length !== 1) {
    r.err(primaries.length === 0 ? [...path, 'members'] : [...path, 'members', primaries[1], 'role'], primaries.length === 0 ? `datastore "${store.name}" has no primary member` : `datastore "${store.name}" has ${primaries.length} primary members`, `exactly one member with role: primary${store.kind === 'quorum' ? ' (the initial leader)' : ''}`, primaries.length === 0 ? 'set role: primary on the member that takes writes' : 'keep one primary; make the others replica or syncStandby');
  }
  const standbys = members.flatMap((m, mi) => (m.role === 'syncStandby' ? [mi] : []));
  const replication = store.kind === 'quorum' ? 'quorum' : (store.replication ?? 'async');
  if (replication === 'async' || replication === 'quorum') {
    for (const mi of standbys) {
      r.err([...path, 'members', mi, 'role'], store.kind === 'quorum' ? `a quorum store has no sync standbys: every voter is a replica` : `a syncStandby needs replication sync or semiSync ("${store.name}" replicates asynchronously)`, 'role primary or replica', store.kind === 'quorum' ? 'use role: replica (a voter)' : 'use role: replica, or set replication: sync (or semiSync) on the store');
    }
  } else if (standbys.length === 0) {
    r.err([...path, 'members'], `datastore "${store.name}" replicates ${replication} but has no syncStandby member`, 'at least one member with role: syncStandby', `make a replica role: syncStandby (commits wait for it), or set replication: async`);
  }
  if (store.kind === 'quorum') {
    const voters = members.length + (p.witness !== undefined ? 1 : 0);
    if (voters < 2) r.err([...path, 'members'], `quorum store "${store.name}" has ${voters} voter: it survives no failure`, 'at least 3 voters (members and witness)', 'add members in other zones or regions, or a witness region');
    else if (voters === 2) r.warn([...path, 'members'], `quorum store "${store.name}" has 2 voters: a majority is both, so losing either stops writes`, 'use 3 voters (members and witness) to survive one loss');
  }
}
