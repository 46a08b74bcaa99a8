import type { ClusterSpec, RegionSpec } from '../../scenario/types.js';
import { formatBytes } from '../../scenario/units.js';
import { buildFleet } from '../fleet/buildFleet.js';
import type { NodePool } from '../fleet/types.js';
import { bindPods } from '../placement/binpack.js';
import { emptyCapacity } from '../placement/capacity.js';
import type { NodeConstraint } from './types.js';

/** Identical pods of one service that a cluster runs in one failure case. */
export interface PodGroup {
  readonly service: string;
  readonly count: number;
  /** Requests per pod as placement compiles them (podRequests: mesh sidecar included), whole millicores and bytes. */
  readonly cpuMillicores: number;
  readonly memoryBytes: number;
}

/** What one node of a pool offers the design's pods: the fleet's workload capacity, as placement sees it. */
export interface NodeShape {
  readonly pool: string;
  readonly cpuMillicores: number;
  readonly memoryBytes: number;
  readonly podSlots: number;
  readonly zones: readonly string[];
  readonly writtenCount: number;
  readonly onDemand: boolean;
}

/**
 * A pool's node for sizing: what the fleet gives workload pods on it (model/fleet/reserved.ts
 * workloadCapacity: machine less kubelet reservations and the eviction threshold, less the cluster's
 * DaemonSets' requests and one pod slot per DaemonSet). Taken from the fleet as built, so sizing and
 * placement count every overhead once and the same way.
 */
export function nodeShape(cluster: ClusterSpec, fleetPool: NodePool): NodeShape {
  const spec = cluster.nodePools.find((p) => p.name === fleetPool.name)!;
  return {
    pool: spec.name,
    cpuMillicores: fleetPool.cpuAllocatableMillicores,
    memoryBytes: fleetPool.memoryAllocatableBytes,
    podSlots: fleetPool.maxPods,
    zones: spec.zones.length > 0 ? spec.zones : cluster.zones,
    writtenCount: spec.count,
    onDemand: spec.capacityType === 'onDemand',
  };
}

const cores = (millicores: number): string => `${Number((millicores / 1000).toPrecision(4))} cores`;

const holds = (n: NodeShape, g: PodGroup): boolean => n.podSlots >= 1 && n.cpuMillicores >= g.cpuMillicores && n.memoryBytes >= g.memoryBytes;

/**
 * The pool sizing grows when a cluster has several: the first on-demand pool (file order) one of
 * whose nodes holds every pod the design runs there, else the first pool that does (spot), else none.
 * The other pools keep their written counts, and their nodes count as capacity.
 */
export function poolToSize(shapes: readonly NodeShape[], groups: readonly PodGroup[]): number {
  const fitsAll = (n: NodeShape) => groups.every((g) => g.count === 0 || holds(n, g));
  const onDemand = shapes.findIndex((n) => n.onDemand && fitsAll(n));
  return onDemand >= 0 ? onDemand : shapes.findIndex(fitsAll);
}

/**
 * Whether the pods fit the cluster with `count` nodes in pool `sized` (others as written), bound the
 * way placement binds them (bindPods: zone spread, then the least allocated node; larger pods first,
 * as placementOrder orders services), with the nodes of `lostZone` down. Nodes go round-robin over
 * their pool's zones, as buildFleet lays them out.
 */
export function podsFit(region: RegionSpec, cluster: ClusterSpec, shapes: readonly NodeShape[], sized: number, count: number, groups: readonly PodGroup[], lostZone: string | undefined): boolean {
  // Shapes buildFleet would refuse (no CPU or memory left to workloads) go to podsBind, which throws as it always did.
  return (shapes.every(buildable) && onePodPerNodeFits(shapes[sized], count, groups, lostZone)) || podsBind(region, cluster, shapes, sized, count, groups, lostZone);
}

const buildable = (n: NodeShape): boolean => n.cpuMillicores > 0 && n.memoryBytes > 0 && Number.isFinite(n.cpuMillicores) && Number.isFinite(n.memoryBytes) && Number.isInteger(n.podSlots) && n.podSlots >= 0 && Number.isInteger(n.writtenCount) && n.writtenCount >= 0;

/**
 * A sufficient condition for podsFit, without binding: every pod fits an empty node of the sized
 * pool, and that pool has at least as many surviving nodes as there are pods. Binding then never
 * fails, whatever node each pod picks: while fewer pods are bound than there are pods in all, some
 * surviving node of the pool is still empty and holds the next one. nodesFor asks this of `limit`
 * (10,000 nodes) whenever the first guess is short, where binding would cost pods × nodes steps.
 */
export function onePodPerNodeFits(sized: NodeShape, count: number, groups: readonly PodGroup[], lostZone: string | undefined): boolean {
  let pods = 0;
  for (const g of groups) {
    if (g.count === 0) continue;
    if (!holds(sized, g)) return false;
    pods += g.count;
  }
  const surviving = count - (lostZone === undefined ? 0 : nodesInZone(count, sized.zones, lostZone));
  return pods <= surviving;
}

/** podsFit by binding every pod as placement would, on a fleet of the one cluster built for `count`. */
export function podsBind(region: RegionSpec, cluster: ClusterSpec, shapes: readonly NodeShape[], sized: number, count: number, groups: readonly PodGroup[], lostZone: string | undefined): boolean {
  const fleet = buildFleet({
    regions: [{ name: region.name, provider: region.provider, zones: region.zones }],
    links: [],
    reservation: { kind: 'none' },
    clusters: [
      {
        name: cluster.name,
        region: cluster.region,
        zones: cluster.zones,
        nodePools: shapes.map((n, i) => ({ name: n.pool, cpuMillicores: n.cpuMillicores, memoryBytes: n.memoryBytes, maxPods: n.podSlots, zones: n.zones, count: i === sized ? count : n.writtenCount })),
      },
    ],
  });
  const nodeUp = new Uint8Array(fleet.nodes.count).fill(1);
  const lost = lostZone === undefined ? undefined : fleet.zoneByName.get(lostZone);
  if (lost !== undefined) for (let i = 0; i < fleet.nodes.count; i++) if (fleet.nodes.zoneId[i] === lost) nodeUp[i] = 0;
  const cap = emptyCapacity(fleet, { clusterUp: Uint8Array.of(1), nodeUp });
  let maxCpu = 0;
  let maxMem = 0;
  for (const n of shapes) {
    maxCpu = Math.max(maxCpu, n.cpuMillicores);
    maxMem = Math.max(maxMem, n.memoryBytes);
  }
  const share = (g: PodGroup) => Math.max(maxCpu > 0 ? g.cpuMillicores / maxCpu : 0, maxMem > 0 ? g.memoryBytes / maxMem : 0);
  const order = groups.map((_, i) => i).sort((a, b) => share(groups[b]) - share(groups[a]) || a - b);
  let total = 0;
  for (const g of groups) total += g.count;
  const out = new Int32Array(total);
  for (const i of order) {
    const g = groups[i];
    if (g.count === 0) continue;
    if (bindPods(fleet, cap, 0, g.cpuMillicores, g.memoryBytes, g.count, 'spread', out, 0) < g.count) return false;
  }
  return true;
}

/** Nodes of a pool of `count` laid round-robin over `zones` that are in `zone`. */
export function nodesInZone(count: number, zones: readonly string[], zone: string): number {
  let n = 0;
  for (let i = 0; i < count; i++) if (zones[i % zones.length] === zone) n++;
  return n;
}

export interface NodeNeed {
  readonly nodes: number;
  readonly constraint: NodeConstraint;
  readonly pods: number;
  readonly cpuRequestedMillicores: number;
  readonly memoryRequestedBytes: number;
  /** Why, in a few words ("CPU: 17 pods request 7.5 of 3.9 cores per node"). */
  readonly why: string;
}

/**
 * The fewest nodes of pool `sized` that hold `groups` (doubling, then bisection: more nodes never
 * hold fewer pods), up to `limit`; undefined when even `limit` does not. The binding resource is the
 * one whose total needs the most surviving nodes; when the count exceeds every such bound, packing
 * (pods that do not divide evenly into nodes, or the zone spread) is what cost the difference.
 */
export function nodesFor(region: RegionSpec, cluster: ClusterSpec, shapes: readonly NodeShape[], sized: number, groups: readonly PodGroup[], lostZone: string | undefined, limit: number): NodeNeed | undefined {
  let pods = 0;
  let cpu = 0;
  let mem = 0;
  for (const g of groups) {
    pods += g.count;
    cpu += g.count * g.cpuMillicores;
    mem += g.count * g.memoryBytes;
  }
  const base = { pods, cpuRequestedMillicores: cpu, memoryRequestedBytes: mem };
  const fit = (n: number) => podsFit(region, cluster, shapes, sized, n, groups, lostZone);
  if (pods === 0 || fit(0)) return { ...base, nodes: 0, constraint: 'none', why: pods === 0 ? 'no pods of the design' : 'the other pools hold every pod' };
  // Fewer nodes than the requests need, with every node up and the other pools counted whole, never
  // fit: start there, usually the answer.
  const n = shapes[sized];
  let floor = 0;
  const others = shapes.filter((_, i) => i !== sized);
  const sum = (f: (o: NodeShape) => number) => others.reduce((a, o) => a + o.writtenCount * f(o), 0);
  if (n.cpuMillicores > 0) floor = Math.max(floor, Math.ceil((cpu - sum((o) => o.cpuMillicores)) / n.cpuMillicores));
  if (n.memoryBytes > 0) floor = Math.max(floor, Math.ceil((mem - sum((o) => o.memoryBytes)) / n.memoryBytes));
  if (n.podSlots > 0) floor = Math.max(floor, Math.ceil((pods - sum((o) => o.podSlots)) / n.podSlots));
  floor = Math.min(Math.max(floor, 1), limit);
  let lo = floor - 1;
  let hi = floor;
  if (!fit(hi)) {
    if (!fit(limit)) return undefined;
    let step = 1;
    while (!fit(hi)) {
      lo = hi;
      hi = Math.min(limit, floor + step);
      step *= 2;
    }
  }
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (fit(mid)) hi = mid;
    else lo = mid;
  }
  const lostIn = (count: number, zones: readonly string[]) => (lostZone === undefined ? 0 : nodesInZone(count, zones, lostZone));
  const survivors = hi - lostIn(hi, n.zones);
  // What the other pools (kept as written) carry, so the bound names what this pool must add.
  let otherNodes = 0;
  let otherCpu = 0;
  let otherMem = 0;
  let otherSlots = 0;
  shapes.forEach((o, i) => {
    if (i === sized) return;
    const up = o.writtenCount - lostIn(o.writtenCount, o.zones);
    otherNodes += up;
    otherCpu += up * o.cpuMillicores;
    otherMem += up * o.memoryBytes;
    otherSlots += up * o.podSlots;
  });
  const beyond = (total: number, other: number, per: number) => (per > 0 ? Math.ceil(Math.max(0, total - other) / per) : 0);
  const bounds: { c: NodeConstraint; nodes: number; why: string }[] = [
    { c: 'cpu', nodes: beyond(cpu, otherCpu, n.cpuMillicores), why: `CPU: ${pods} pods request ${cores(cpu)}, ${cores(n.cpuMillicores)} per node` },
    { c: 'memory', nodes: beyond(mem, otherMem, n.memoryBytes), why: `memory: ${pods} pods request ${formatBytes(mem)}, ${formatBytes(n.memoryBytes)} per node` },
    { c: 'pods', nodes: beyond(pods, otherSlots, n.podSlots), why: `pod slots: ${pods} pods, ${n.podSlots} per node` },
  ];
  let best = bounds[0];
  for (const b of bounds) if (b.nodes > best.nodes) best = b;
  const notes = [
    ...(otherNodes > 0 ? [`besides ${otherNodes} nodes of the other pools as written`] : []),
    ...(lostZone === undefined ? [] : [`${survivors} of ${hi} outside ${lostZone}`]),
  ];
  const tail = notes.length > 0 ? ` (${notes.join('; ')})` : '';
  if (survivors > best.nodes) return { ...base, nodes: hi, constraint: 'packing', why: `packing: the pods need ${survivors} surviving nodes as the scheduler spreads them, ${best.nodes} by ${best.why}${tail}` };
  return { ...base, nodes: hi, constraint: best.c, why: `${best.why}${tail}` };
}
