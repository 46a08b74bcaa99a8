import { clusterZones, etcdMembersByZone, poolShape, quorum, type RegionInfo } from '../context.js';
import { ETCD_ELECTION_TIMEOUT_S, ETCD_HEARTBEAT_INTERVAL_S, ETCD_MAX_RECOMMENDED_MEMBERS, MANAGED_TIERS } from '../defaults.js';
import type { FieldPath } from '../errors.js';
import { findMachineShape, MACHINE_SHAPES } from '../machineShapes.js';
import { didYouMean } from '../hints.js';
import type { ClusterFacts } from '../policies.js';
import type { RawCluster, RawScenario } from '../schema.js';
import type { Reporter } from './report.js';

/** What the later sections need to know of a cluster (the first of a duplicated name). */
export interface ClusterInfo {
  readonly index: number;
  readonly zones: readonly string[];
  /** The largest node any pool can have (now or after scaling up). */
  readonly maxNode: { readonly cpu: number; readonly memory: number };
  readonly etcdCount: number;
  readonly managed: boolean;
  /** Pool name → nodes at the start. */
  readonly pools: ReadonlyMap<string, number>;
}

export interface ClusterLookups {
  /** Every cluster in file order, for affinity matching. */
  readonly facts: readonly ClusterFacts[];
  readonly byName: ReadonlyMap<string, ClusterInfo>;
}

type RawPool = RawCluster['nodePools'][number];

/** Clusters: region and zones, node pools (shape, price, autoscaling bounds, zones), control plane. */
export function checkClusters(r: Reporter, s: Partial<RawScenario>, regions: ReadonlyMap<string, RegionInfo>): ClusterLookups {
  const facts: ClusterFacts[] = [];
  const byName = new Map<string, ClusterInfo>();
  if (!s.clusters) return { facts, byName };
  r.duplicates(s.clusters, ['clusters'], 'cluster');
  s.clusters.forEach((c, ci) => {
    const base: FieldPath = ['clusters', ci];
    const region = regions.get(c.region);
    if (s.topology && region === undefined) r.unknown([...base, 'region'], 'region', c.region, regions.keys());
    const zones = clusterZones(c, regions);
    if (region !== undefined) {
      c.zones?.forEach((z, zi) => {
        if (!region.zones.includes(z)) r.err([...base, 'zones', zi], `zone "${z}" is not a zone of region "${c.region}"`, `one of ${region.zones.join(', ')}`, didYouMean(z, region.zones));
      });
    }
    r.duplicates(c.nodePools, [...base, 'nodePools'], 'node pool');
    const maxNode = { cpu: 0, memory: 0 };
    const pools = new Map<string, number>();
    c.nodePools.forEach((p, pi) => {
      pools.set(p.name, p.count);
      checkPool(r, s, c, p, [...base, 'nodePools', pi], region, zones, maxNode);
    });
    const etcdCount = checkControlPlane(r, c, base, region, zones);
    facts.push({ name: c.name, region: c.region, provider: region?.provider, labels: c.labels ?? {} });
    if (!byName.has(c.name)) byName.set(c.name, { index: ci, zones, maxNode, etcdCount, managed: c.controlPlane.managed !== undefined, pools });
  });
  return { facts, byName };
}

/** One node pool; grows `maxNode` to the pool's node shape when it can have nodes. */
export function checkPool(r: Reporter, s: Partial<RawScenario>, c: RawCluster, p: RawPool, pbase: FieldPath, region: RegionInfo | undefined, zones: readonly string[], maxNode: { cpu: number; memory: number }): void {
  if (p.instanceType !== undefined) {
    const t = findMachineShape(p.instanceType);
    if (t === undefined) {
      r.unknown([...pbase, 'instanceType'], 'instance type', p.instanceType, MACHINE_SHAPES.map((x) => x.name));
      if (p.cpu === undefined || p.memory === undefined) return;
    } else if (region?.provider !== undefined && t.provider !== region.provider) {
      r.err([...pbase, 'instanceType'], `${p.instanceType} is an ${t.provider.toUpperCase()} instance type but region "${c.region}" is ${region.provider}`, `a ${region.provider} instance type`, didYouMean(p.instanceType, MACHINE_SHAPES.filter((x) => x.provider === region.provider).map((x) => x.name)) ?? `e.g. ${MACHINE_SHAPES.find((x) => x.provider === region.provider)?.name ?? 'cpu, memory and priceUsdPerHour'}`);
    }
  } else {
    if (p.cpu === undefined) r.err([...pbase], 'a node pool without instanceType needs cpu', 'cpu, memory and priceUsdPerHour, or an instanceType');
    if (p.memory === undefined) r.err([...pbase], 'a node pool without instanceType needs memory', 'cpu, memory and priceUsdPerHour, or an instanceType');
    if (p.priceUsdPerHour === undefined) r.err([...pbase], 'a node pool without instanceType needs priceUsdPerHour', 'priceUsdPerHour (0 for hardware already paid for)');
  }
  const shape = poolShape(p, c.region, s.pricing);
  if (shape.cpuMillicores !== undefined && p.count > 0) maxNode.cpu = Math.max(maxNode.cpu, shape.cpuMillicores);
  if (shape.memoryBytes !== undefined && p.count > 0) maxNode.memory = Math.max(maxNode.memory, shape.memoryBytes);
  if (p.autoscaling !== undefined) {
    const { min, max } = p.autoscaling;
    if (min > max) r.err([...pbase, 'autoscaling', 'min'], `autoscaling min ${min} is above max ${max}`, 'min ≤ max');
    else if (p.count < min || p.count > max) r.err([...pbase, 'count'], `count ${p.count} is outside the autoscaling bounds [${min}, ${max}]`, `a count from ${min} to ${max}`);
    if (max > 0 && shape.cpuMillicores !== undefined && shape.memoryBytes !== undefined) {
      maxNode.cpu = Math.max(maxNode.cpu, shape.cpuMillicores);
      maxNode.memory = Math.max(maxNode.memory, shape.memoryBytes);
    }
  }
  p.zones?.forEach((z, zi) => {
    if (!zones.includes(z)) r.err([...pbase, 'zones', zi], `zone "${z}" is not one of cluster "${c.name}"'s zones`, `one of ${zones.join(', ')}`, didYouMean(z, zones));
  });
}

/** Exactly one of managed or selfManaged; returns the etcd member count (0 when managed). */
function checkControlPlane(r: Reporter, c: RawCluster, base: FieldPath, region: RegionInfo | undefined, zones: readonly string[]): number {
  const cp = c.controlPlane;
  if ((cp.managed === undefined) === (cp.selfManaged === undefined)) {
    r.err([...base, 'controlPlane'], cp.managed ? 'give managed or selfManaged, not both' : 'the control plane must be managed or selfManaged', 'managed: { tier: … } or selfManaged: { etcd: { … } }');
    return 0;
  }
  if (cp.managed !== undefined) {
    const tier = MANAGED_TIERS[cp.managed.tier];
    const provider = cp.managed.provider ?? region?.provider;
    if (provider !== undefined && tier.provider !== provider) {
      r.err([...base, 'controlPlane', 'managed', 'tier'], `tier ${cp.managed.tier} belongs to ${tier.provider}, but the cluster runs on ${provider}`, `a ${provider} tier: ${Object.entries(MANAGED_TIERS).filter(([, t]) => t.provider === provider).map(([n]) => n).join(', ') || 'none (use selfManaged)'}`);
    }
    if (cp.managed.provider !== undefined && region?.provider !== undefined && cp.managed.provider !== region.provider) {
      r.err([...base, 'controlPlane', 'managed', 'provider'], `a ${cp.managed.provider} managed control plane cannot run a cluster in ${region.provider} region "${c.region}"`, region.provider);
    }
    return 0;
  }
  return checkEtcd(r, c, [...base, 'controlPlane', 'selfManaged', 'etcd'], zones);
}

function checkEtcd(r: Reporter, c: RawCluster, epath: FieldPath, zones: readonly string[]): number {
  const e = c.controlPlane.selfManaged?.etcd;
  if (e?.members !== undefined && e.membersPerZone !== undefined) r.err([...epath, 'members'], 'give members or membersPerZone, not both');
  const byZone = etcdMembersByZone(e, zones);
  if (e?.membersPerZone !== undefined && typeof e.membersPerZone === 'object') {
    for (const { zone } of byZone) {
      if (!zones.includes(zone)) {
        r.err([...epath, 'membersPerZone', zone], `etcd members placed in zone "${zone}", which cluster "${c.name}" does not span`, `zones of the cluster: ${zones.join(', ')}`, didYouMean(zone, zones), 'key');
      }
    }
  }
  const etcdCount = byZone.reduce((a, m) => a + m.count, 0);
  if (etcdCount === 0) r.err(epath, 'etcd needs at least one member', 'members ≥ 1');
  else if (etcdCount > ETCD_MAX_RECOMMENDED_MEMBERS) {
    r.err(epath, `${etcdCount} etcd members: more than etcd supports well (at most ${ETCD_MAX_RECOMMENDED_MEMBERS}, etcd FAQ)`, `1, 3, 5 or 7 members`);
  } else {
    if (etcdCount % 2 === 0) r.warn(epath, `${etcdCount} etcd members tolerate no more failures than ${etcdCount - 1}`, `use ${etcdCount - 1} or ${etcdCount + 1}`);
    const q = quorum(etcdCount);
    const heavy = byZone.find((m) => m.count >= q);
    if (heavy !== undefined && zones.length > 1 && etcdCount > 1) {
      r.warn(epath, `zone "${heavy.zone}" holds ${heavy.count} of ${etcdCount} etcd members, a quorum: losing that zone stops the control plane`, 'spread members so no zone holds a quorum');
    }
  }
  const hb = e?.heartbeatInterval ?? ETCD_HEARTBEAT_INTERVAL_S;
  const et = e?.electionTimeout ?? ETCD_ELECTION_TIMEOUT_S;
  if (!(hb > 0)) r.err([...epath, 'heartbeatInterval'], 'heartbeatInterval must be above zero');
  else if (et < 5 * hb) {
    r.err([...epath, e?.electionTimeout !== undefined ? 'electionTimeout' : 'heartbeatInterval'], `electionTimeout ${et * 1000}ms is under 5 × heartbeatInterval (${hb * 1000}ms): etcd refuses to start`, `electionTimeout ≥ ${5 * hb * 1000}ms`, 'the etcd tuning guide suggests ~10 × the member RTT');
  }
  return etcdCount;
}
