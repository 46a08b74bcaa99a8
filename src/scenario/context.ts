import { findMachineShape } from './machineShapes.js';
import type { RawCluster, RawScenario } from './schema.js';
import { knownRegion } from './regions.js';
import type { GeoLocation, Provider } from './types.js';

type RawNodePool = RawCluster['nodePools'][number];

/**
 * Lookups shared by the cross-reference checks and the resolver, built from whatever sections
 * parsed. Tolerant: a missing piece yields undefined and the checks report it.
 */
export interface RegionInfo {
  readonly name: string;
  readonly index: number;
  readonly provider: Provider | undefined;
  readonly zones: readonly string[];
  readonly location: GeoLocation | undefined;
}

export interface PoolShape {
  readonly cpuMillicores: number | undefined;
  readonly memoryBytes: number | undefined;
  readonly priceUsdPerHour: number | undefined;
  readonly priceSource: string;
}

export function regionInfos(topology: RawScenario['topology'] | undefined): Map<string, RegionInfo> {
  const out = new Map<string, RegionInfo>();
  topology?.regions.forEach((r, index) => {
    if (out.has(r.name)) return;
    const known = knownRegion(r.name);
    out.set(r.name, {
      name: r.name,
      index,
      provider: r.provider ?? known?.provider,
      zones: r.zones ?? known?.defaultZones ?? [],
      location: r.location ? { latDeg: r.location.lat, lonDeg: r.location.lon } : known?.location,
    });
  });
  return out;
}

export function clusterZones(cluster: RawCluster, regions: ReadonlyMap<string, RegionInfo>): readonly string[] {
  return cluster.zones ?? regions.get(cluster.region)?.zones ?? [];
}

/**
 * Capacity of one node of a pool (explicit fields win over the machine shape), and its price when
 * the scenario gives one. Otherwise the price is the cost layer's to find in the catalog in use
 * (priceSource 'catalog'), so a user's catalog file is never overruled by a built-in price here.
 */
export function poolShape(pool: RawNodePool, region: string, pricing: RawScenario['pricing'] | undefined): PoolShape {
  const type = pool.instanceType === undefined ? undefined : findMachineShape(pool.instanceType);
  const override =
    pool.instanceType === undefined
      ? undefined
      : (pricing?.overrides ?? []).find((o) => o.instanceType === pool.instanceType && o.region === region) ??
        (pricing?.overrides ?? []).find((o) => o.instanceType === pool.instanceType && o.region === undefined);
  let priceUsdPerHour: number | undefined;
  let priceSource: string;
  if (pool.priceUsdPerHour !== undefined) {
    priceUsdPerHour = pool.priceUsdPerHour;
    priceSource = 'scenario file';
  } else if (override !== undefined) {
    priceUsdPerHour = override.priceUsdPerHour;
    priceSource = 'scenario pricing.overrides';
  } else {
    priceUsdPerHour = undefined;
    priceSource = 'catalog';
  }
  return {
    cpuMillicores: pool.cpu ?? (type ? type.vcpu * 1000 : undefined),
    memoryBytes: pool.memory ?? (type ? type.memoryGiB * 2 ** 30 : undefined),
    priceUsdPerHour,
    priceSource,
  };
}

/**
 * Glob over names: "*" matches any run of characters, "?" one character, anything else itself.
 * Linear-time matching (one backtrack point, the last "*"): a regular expression built from a
 * pattern like "*a*a*a*…b" backtracks exponentially.
 */
export function globMatch(pattern: string, name: string): boolean {
  let p = 0;
  let n = 0;
  let star = -1;
  let resume = 0;
  while (n < name.length) {
    if (p < pattern.length && (pattern[p] === '?' || (pattern[p] !== '*' && pattern[p] === name[n]))) {
      p++;
      n++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = n;
    } else if (star >= 0) {
      p = star + 1;
      n = ++resume;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** Quorum members of an etcd cluster of n voters. */
export function quorum(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** etcd members per zone: an explicit map, a number for every zone, or `members` round-robin. */
export function etcdMembersByZone(
  etcd: { members?: number | undefined; membersPerZone?: number | Record<string, number> | undefined } | undefined,
  zones: readonly string[],
): { zone: string; count: number }[] {
  const per = etcd?.membersPerZone;
  if (per !== undefined && typeof per === 'object') return Object.entries(per).map(([zone, count]) => ({ zone, count }));
  if (typeof per === 'number') return zones.map((zone) => ({ zone, count: per }));
  const total = etcd?.members ?? 3;
  if (zones.length === 0) return [];
  const counts = zones.map(() => 0);
  for (let i = 0; i < total; i++) counts[i % zones.length]++;
  return zones.map((zone, i) => ({ zone, count: counts[i] }));
}
