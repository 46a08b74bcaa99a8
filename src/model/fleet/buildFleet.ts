import { DEFAULT_MAX_PODS, daemonSetOverhead, workloadCapacity } from './reserved.js';
import type { Cluster, EtcdTable, Fleet, FleetInput, NodePool, NodeReservation, NodeTable, Region, RegionLink, Zone } from './types.js';

/** Defaults for RTT inside a region (DESIGN.md: intra-zone ~0.2 ms, inter-zone ~1 ms). */
export const DEFAULT_INTRA_ZONE_RTT_MS = 0.2;
export const DEFAULT_INTER_ZONE_RTT_MS = 1;
const DEFAULT_RESERVATION: NodeReservation = { kind: 'gke' };

/** An inconsistent FleetInput. The scenario validator should have caught it; this is the backstop. */
export class FleetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FleetError';
  }
}

function requireCount(what: string, n: number): void {
  if (!(Number.isInteger(n) && n >= 0)) throw new FleetError(`${what} must be a non-negative integer, got ${n}`);
}

function requirePositive(what: string, x: number): void {
  if (!(Number.isFinite(x) && x > 0)) throw new FleetError(`${what} must be a positive number, got ${x}`);
}

function indexNames<T extends { name: string }>(what: string, items: readonly T[]): Map<string, number> {
  const m = new Map<string, number>();
  items.forEach((it, i) => {
    if (m.has(it.name)) throw new FleetError(`duplicate ${what} name "${it.name}"`);
    m.set(it.name, i);
  });
  return m;
}

/**
 * Resolves names to ids, expands node pools into nodes (round-robin over the pool's zones, as
 * managed node groups balance across zones), applies the per-node reservation (kubelet's and the
 * cluster's DaemonSets') and builds the zone RTT
 * matrix. Pure; the result is frozen (typed arrays cannot be frozen: treat them as read-only).
 */
export function buildFleet(input: FleetInput): Fleet {
  const intraZone = input.intraZoneRttMs ?? DEFAULT_INTRA_ZONE_RTT_MS;
  const interZone = input.interZoneRttMs ?? DEFAULT_INTER_ZONE_RTT_MS;
  requirePositive('intraZoneRttMs', intraZone);
  requirePositive('interZoneRttMs', interZone);

  const geo = regionsAndZones(input);
  const { links, linkIdByRegions, regionRtt } = regionLinks(input, geo, interZone);
  const zoneRttMs = zoneRttMatrix(geo, regionRtt, intraZone);

  const clusterByName = indexNames('cluster', input.clusters);
  const tables: FleetTables = { ...emptyTables(input), pools: [], clusters: [], nodeNext: 0, etcdNext: 0 };
  input.clusters.forEach((c, clusterId) => addCluster(input, geo, tables, c, clusterId));

  return Object.freeze({
    regions: Object.freeze(geo.regions),
    zones: Object.freeze(geo.zones),
    clusters: Object.freeze(tables.clusters),
    nodePools: Object.freeze(tables.pools),
    nodes: Object.freeze(tables.nodes),
    etcd: Object.freeze(tables.etcd),
    links: Object.freeze(links),
    linkIdByRegions,
    zoneRttMs,
    regionByName: geo.regionByName,
    zoneByName: geo.zoneByName,
    clusterByName,
  });
}

/** Regions and zones with their ids; zone names are global. */
interface Geography {
  readonly regions: Region[];
  readonly zones: Zone[];
  readonly regionByName: Map<string, number>;
  readonly zoneByName: Map<string, number>;
}

function regionsAndZones(input: FleetInput): Geography {
  const regionByName = indexNames('region', input.regions);
  const zones: Zone[] = [];
  const zoneByName = new Map<string, number>();
  const regions: Region[] = input.regions.map((r, regionId) => {
    const zoneIds = r.zones.map((zn) => {
      if (zoneByName.has(zn)) throw new FleetError(`zone "${zn}" is listed twice (zone names are global)`);
      const id = zones.length;
      zones.push(Object.freeze({ id, name: zn, regionId }));
      zoneByName.set(zn, id);
      return id;
    });
    return Object.freeze({ id: regionId, name: r.name, provider: r.provider, zoneIds: Object.freeze(zoneIds) });
  });
  return { regions, zones, regionByName, zoneByName };
}

/** Region links, symmetric, one per pair of regions; the RTT diagonal is the inter-zone figure. */
function regionLinks(input: FleetInput, geo: Geography, interZone: number): { links: RegionLink[]; linkIdByRegions: Int32Array; regionRtt: Float64Array } {
  const { regions, regionByName } = geo;
  const nr = regions.length;
  const regionRtt = new Float64Array(nr * nr);
  const linkIdByRegions = new Int32Array(nr * nr).fill(-1);
  for (let i = 0; i < nr; i++) regionRtt[i * nr + i] = interZone;
  const links: RegionLink[] = [];
  for (const l of input.links) {
    const a = regionByName.get(l.a);
    const b = regionByName.get(l.b);
    if (a === undefined || b === undefined) throw new FleetError(`link names unknown region "${a === undefined ? l.a : l.b}"`);
    if (a === b) throw new FleetError(`link from region "${l.a}" to itself`);
    if (linkIdByRegions[a * nr + b] >= 0) throw new FleetError(`two links between regions "${l.a}" and "${l.b}"`);
    requirePositive(`link ${l.a}–${l.b} rttMs`, l.rttMs);
    if (l.bandwidthGbps !== undefined) requirePositive(`link ${l.a}–${l.b} bandwidthGbps`, l.bandwidthGbps);
    const lossRatio = l.lossRatio ?? 0;
    if (!(lossRatio >= 0 && lossRatio < 1)) throw new FleetError(`link ${l.a}–${l.b} lossRatio must be in [0, 1), got ${lossRatio}`);
    const id = links.length;
    links.push(Object.freeze({ id, regionA: a, regionB: b, rttMs: l.rttMs, bandwidthGbps: l.bandwidthGbps, lossRatio }));
    linkIdByRegions[a * nr + b] = id;
    linkIdByRegions[b * nr + a] = id;
    regionRtt[a * nr + b] = l.rttMs;
    regionRtt[b * nr + a] = l.rttMs;
  }
  for (let a = 0; a < nr; a++)
    for (let b = a + 1; b < nr; b++)
      if (linkIdByRegions[a * nr + b] < 0) throw new FleetError(`no link (RTT) between regions "${regions[a].name}" and "${regions[b].name}"`);
  return { links, linkIdByRegions, regionRtt };
}

/** RTT between every pair of zones: intra-zone on the diagonal, else the RTT between their regions. */
function zoneRttMatrix(geo: Geography, regionRtt: Float64Array, intraZone: number): Float64Array {
  const { zones } = geo;
  const nr = geo.regions.length;
  const nz = zones.length;
  const zoneRttMs = new Float64Array(nz * nz);
  for (let a = 0; a < nz; a++)
    for (let b = 0; b < nz; b++)
      zoneRttMs[a * nz + b] = a === b ? intraZone : regionRtt[zones[a].regionId * nr + zones[b].regionId];
  return zoneRttMs;
}

/** The node and etcd tables, sized for every cluster's pools and members. */
function emptyTables(input: FleetInput): { nodes: NodeTable; etcd: EtcdTable } {
  let nodeTotal = 0;
  let etcdTotal = 0;
  for (const c of input.clusters) {
    for (const p of c.nodePools) {
      requireCount(`cluster ${c.name} pool ${p.name} count`, p.count);
      nodeTotal += p.count;
    }
    for (const e of c.etcdMembers ?? []) {
      requireCount(`cluster ${c.name} etcd members in ${e.zone}`, e.count);
      etcdTotal += e.count;
    }
  }
  const nodes = {
    count: nodeTotal,
    clusterId: new Int32Array(nodeTotal),
    zoneId: new Int32Array(nodeTotal),
    poolId: new Int32Array(nodeTotal),
    cpuAllocatableMillicores: new Float64Array(nodeTotal),
    memoryAllocatableBytes: new Float64Array(nodeTotal),
    maxPods: new Int32Array(nodeTotal),
  } satisfies NodeTable;
  const etcd = { count: etcdTotal, clusterId: new Int32Array(etcdTotal), zoneId: new Int32Array(etcdTotal) } satisfies EtcdTable;
  return { nodes, etcd };
}

/** The tables being filled, cluster by cluster, and the next free node and etcd slots. */
interface FleetTables {
  readonly nodes: NodeTable;
  readonly etcd: EtcdTable;
  readonly pools: NodePool[];
  readonly clusters: Cluster[];
  nodeNext: number;
  etcdNext: number;
}

type ClusterInput = FleetInput['clusters'][number];

function addCluster(input: FleetInput, geo: Geography, t: FleetTables, c: ClusterInput, clusterId: number): void {
  const regionId = geo.regionByName.get(c.region);
  if (regionId === undefined) throw new FleetError(`cluster ${c.name}: unknown region "${c.region}"`);
  if (c.zones.length === 0) throw new FleetError(`cluster ${c.name}: lists no zones`);
  const zoneIdOf = (zn: string, what: string): number => {
    const z = geo.zoneByName.get(zn);
    if (z === undefined || geo.zones[z].regionId !== regionId) throw new FleetError(`cluster ${c.name}: ${what} zone "${zn}" is not a zone of region ${c.region}`);
    return z;
  };
  const zoneIds = c.zones.map((zn) => zoneIdOf(zn, 'cluster'));
  if (new Set(zoneIds).size !== zoneIds.length) throw new FleetError(`cluster ${c.name}: a zone is listed twice`);
  const nodeStart = t.nodeNext;
  const poolZonesOf = (p: PoolInput): number[] =>
    (p.zones !== undefined && p.zones.length > 0 ? p.zones : c.zones).map((zn) => {
      const z = zoneIdOf(zn, `pool ${p.name}`);
      if (!zoneIds.includes(z)) throw new FleetError(`cluster ${c.name}: pool ${p.name} zone "${zn}" is not one of the cluster's zones`);
      return z;
    });
  const poolIds = c.nodePools.map((p) => addPool(input, t, c, clusterId, p, poolZonesOf));
  const etcdStart = t.etcdNext;
  for (const e of c.etcdMembers ?? []) {
    const z = zoneIdOf(e.zone, 'etcd');
    if (!zoneIds.includes(z)) throw new FleetError(`cluster ${c.name}: etcd zone "${e.zone}" is not one of the cluster's zones`);
    for (let i = 0; i < e.count; i++) {
      t.etcd.clusterId[t.etcdNext] = clusterId;
      t.etcd.zoneId[t.etcdNext] = z;
      t.etcdNext++;
    }
  }
  t.clusters.push(
    Object.freeze({
      id: clusterId,
      name: c.name,
      regionId,
      provider: c.provider ?? geo.regions[regionId].provider,
      zoneIds: Object.freeze(zoneIds),
      labels: Object.freeze({ ...(c.labels ?? {}) }),
      poolIds: Object.freeze(poolIds),
      nodeStart,
      nodeCount: t.nodeNext - nodeStart,
      etcdStart,
      etcdCount: t.etcdNext - etcdStart,
    }),
  );
}

type PoolInput = ClusterInput['nodePools'][number];

/** One node pool and its nodes, round-robin over the pool's zones; returns the pool's id. */
function addPool(input: FleetInput, t: FleetTables, c: ClusterInput, clusterId: number, p: PoolInput, poolZonesOf: (p: PoolInput) => number[]): number {
  requirePositive(`cluster ${c.name} pool ${p.name} cpuMillicores`, p.cpuMillicores);
  requirePositive(`cluster ${c.name} pool ${p.name} memoryBytes`, p.memoryBytes);
  const maxPods = p.maxPods ?? DEFAULT_MAX_PODS;
  requireCount(`cluster ${c.name} pool ${p.name} maxPods`, maxPods);
  const poolZones = poolZonesOf(p);
  const daemonSets = daemonSetOverhead(c.daemonSets ?? []);
  const alloc = workloadCapacity(p.reservation ?? input.reservation ?? DEFAULT_RESERVATION, p.cpuMillicores, p.memoryBytes, maxPods, daemonSets);
  const id = t.pools.length;
  t.pools.push(
    Object.freeze({
      id,
      name: p.name,
      clusterId,
      instanceType: p.instanceType,
      count: p.count,
      cpuCapacityMillicores: p.cpuMillicores,
      memoryCapacityBytes: p.memoryBytes,
      cpuAllocatableMillicores: alloc.cpuMillicores,
      memoryAllocatableBytes: alloc.memoryBytes,
      maxPods: alloc.maxPods,
      daemonSetsPerNode: Object.freeze(daemonSets),
    }),
  );
  for (let i = 0; i < p.count; i++) {
    const n = t.nodeNext++;
    t.nodes.clusterId[n] = clusterId;
    t.nodes.zoneId[n] = poolZones[i % poolZones.length];
    t.nodes.poolId[n] = id;
    t.nodes.cpuAllocatableMillicores[n] = alloc.cpuMillicores;
    t.nodes.memoryAllocatableBytes[n] = alloc.memoryBytes;
    t.nodes.maxPods[n] = alloc.maxPods;
  }
  return id;
}

/** Round-trip time between two zones, in milliseconds. */
export function rttMsBetweenZones(fleet: Fleet, zoneA: number, zoneB: number): number {
  return fleet.zoneRttMs[zoneA * fleet.zones.length + zoneB];
}

/**
 * Mean round-trip time between two clusters, over every pair of their zones equally weighted (pods
 * spread evenly over zones, so a call picks a zone pair at random). For one cluster with itself this
 * is the mean pod-to-pod RTT inside it.
 */
export function rttMsBetweenClusters(fleet: Fleet, clusterA: number, clusterB: number): number {
  const za = fleet.clusters[clusterA].zoneIds;
  const zb = fleet.clusters[clusterB].zoneIds;
  let sum = 0;
  for (const a of za) for (const b of zb) sum += rttMsBetweenZones(fleet, a, b);
  return sum / (za.length * zb.length);
}
