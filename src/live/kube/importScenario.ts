import { stringify } from 'yaml';
import { findInstanceType, priceIn } from '../../cost/catalog/instances.js';
import { knownRegion } from '../../scenario/index.js';
import type { ClusterSnapshot, NodeInfo, WorkloadInfo } from './snapshot.js';
import { SYSTEM_NAMESPACES } from './snapshot.js';

/**
 * Snapshots of real clusters → a scenario file `fleetsim check` accepts. What the API cannot say
 * (service times, user demand, prices of unknown machines, RTTs between unknown places) is filled
 * with stated assumptions, listed at the top of the file and in `assumptions`.
 */
export interface ImportOptions {
  name: string;
  /** RTT between regions whose location fleetsim does not know (e.g. kind clusters on one host). */
  unknownRegionRttMs: number;
  includeSystemNamespaces: boolean;
  /** Service time written for every service (the API does not know it). */
  serviceTime: string;
}

export interface ImportResult {
  /** The scenario as a plain object (what the YAML holds). */
  scenario: Record<string, unknown>;
  yaml: string;
  assumptions: string[];
  /** "context/node name" → the scenario's node reference "cluster/pool/index" (for scripted faults). */
  nodeRefs: Map<string, string>;
}

const NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

/** A scenario name from any string: other characters become "-", trimmed to 63. */
export function scenarioName(raw: string): string {
  let s = raw.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  if (s.length > 63) s = s.slice(0, 63).replace(/[^A-Za-z0-9]+$/, '');
  return NAME.test(s) ? s : 'x';
}

function uniqueName(base: string, taken: Set<string>): string {
  let n = scenarioName(base);
  for (let i = 2; taken.has(n); i++) n = scenarioName(`${base}-${i}`);
  taken.add(n);
  return n;
}

const PROVIDER_BY_ID: Record<string, string> = { aws: 'aws', gce: 'gcp', azure: 'azure' };
const MANAGED_TIER: Record<string, string> = { aws: 'eks-standard', gcp: 'gke-regional', azure: 'aks-standard' };

function kubeMinor(nodes: readonly NodeInfo[]): string | undefined {
  const versions = nodes.map((n) => /^v?(\d+)\.(\d+)/.exec(n.kubeletVersion ?? '')).filter((m) => m !== null);
  if (versions.length === 0) return undefined;
  // The oldest kubelet decides which defaults apply.
  const minor = Math.min(...versions.map((m) => Number(m![2])));
  return `${versions[0]![1]}.${minor}`;
}

export function snapshotsToScenario(snapshots: readonly ClusterSnapshot[], o: ImportOptions): ImportResult {
  if (snapshots.length === 0) throw new RangeError('no cluster to import');
  const assumptions: string[] = [];
  const clusterNames = new Set<string>();
  const clusterOf = new Map<ClusterSnapshot, string>();
  for (const s of snapshots) clusterOf.set(s, uniqueName(s.context, clusterNames));

  // Regions and zones, from node labels; a cluster without them gets a place of its own.
  interface RegionAcc {
    provider: string | undefined;
    zones: Set<string>;
  }
  const regions = new Map<string, RegionAcc>();
  // Nodes without topology labels (a kind control plane, say) sit with the cluster's labelled ones.
  const fallback = new Map<ClusterSnapshot, { region: string; zone: string | undefined }>();
  for (const s of snapshots) {
    const counts = new Map<string, number>();
    for (const n of s.nodes) if (n.region !== undefined) counts.set(n.region, (counts.get(n.region) ?? 0) + 1);
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    const zone = s.nodes.find((n) => n.region === top && n.zone !== undefined)?.zone;
    fallback.set(s, { region: top ?? `${clusterOf.get(s)!}-region`, zone });
  }
  const placeOf = (s: ClusterSnapshot, n: NodeInfo) => {
    const f = fallback.get(s)!;
    const region = scenarioName(n.region ?? f.region);
    const label = n.zone ?? (n.region === undefined ? f.zone : undefined);
    // AKS labels nodes of a region without availability zones with their fault domain, "0", "1", …:
    // the same names in every such region, while scenario zone names are global. Such a zone becomes
    // "<region>-0", as the region table names the zone of a zoneless region.
    const zone = scenarioName(label === undefined ? `${region}-zone` : /^\d+$/.test(label) ? `${region}-${label}` : label);
    return { region, zone };
  };
  for (const s of snapshots) {
    for (const n of s.nodes) {
      const { region, zone } = placeOf(s, n);
      const acc = regions.get(region) ?? { provider: undefined, zones: new Set<string>() };
      acc.zones.add(zone);
      acc.provider ??= n.provider !== undefined ? PROVIDER_BY_ID[n.provider] : undefined;
      regions.set(region, acc);
    }
    if (s.nodes.length === 0) throw new RangeError(`context ${s.context}: the cluster has no nodes`);
  }
  const unknownRegions = [...regions.keys()].filter((r) => knownRegion(r) === undefined);
  const regionEntries = [...regions.entries()].map(([name, acc]) => {
    const known = knownRegion(name);
    const zones = [...acc.zones].sort();
    if (known !== undefined) return { name, zones };
    return { name, provider: acc.provider ?? 'other', zones };
  });
  if (unknownRegions.length > 0 && regions.size > 1) {
    assumptions.push(`RTT ${o.unknownRegionRttMs} ms between regions of unknown location (${unknownRegions.join(', ')}); measure and edit topology.links`);
  }
  const links: Array<Record<string, unknown>> = [];
  const names = [...regions.keys()];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      if (knownRegion(names[i]) !== undefined && knownRegion(names[j]) !== undefined) continue;
      links.push({ between: [names[i], names[j]], rtt: `${o.unknownRegionRttMs}ms` });
    }
  }

  const nodeRefs = new Map<string, string>();
  const clusters = snapshots.map((s) => {
    const name = clusterOf.get(s)!;
    const workers = s.nodes.filter((n) => !n.controlPlane);
    const controlPlanes = s.nodes.filter((n) => n.controlPlane);
    // A cluster whose only node is the control plane (single-node kind) runs its pods there.
    const poolNodes = workers.length > 0 ? workers : s.nodes;
    const regionCounts = new Map<string, number>();
    for (const n of s.nodes) {
      const r = placeOf(s, n).region;
      regionCounts.set(r, (regionCounts.get(r) ?? 0) + 1);
    }
    const region = [...regionCounts.entries()].sort((a, b) => b[1] - a[1])[0][0];
    if (regionCounts.size > 1) assumptions.push(`cluster ${name} has nodes in ${regionCounts.size} regions; placed in ${region}, the most common`);
    // One pool per (machine, zone): a scenario pool spreads its nodes round-robin over its zones.
    const pools = new Map<string, NodeInfo[]>();
    for (const n of poolNodes) {
      const key = `${n.instanceType ?? `${n.cpu}/${n.memory}`}|${placeOf(s, n).zone}`;
      pools.set(key, [...(pools.get(key) ?? []), n]);
    }
    const poolNames = new Set<string>();
    const nodePools = [...pools.values()].map((nodes) => {
      const n = nodes[0];
      const zone = placeOf(s, n).zone;
      const type = n.instanceType !== undefined ? findInstanceType(n.instanceType) : undefined;
      const price = type !== undefined ? priceIn(type, region) : undefined;
      const pool: Record<string, unknown> = { name: uniqueName(`${n.instanceType ?? 'node'}-${zone}`, poolNames) };
      if (type !== undefined) pool.instanceType = n.instanceType;
      // Allocatable, not capacity: what the scheduler can actually hand out.
      pool.cpu = n.cpu;
      pool.memory = n.memory;
      if (price === undefined) {
        pool.priceUsdPerHour = 0;
        assumptions.push(`cluster ${name} pool ${pool.name as string}: no catalog price for ${n.instanceType ?? 'an unlabelled machine'} in ${region}; priceUsdPerHour 0 (edit it)`);
      }
      pool.count = nodes.length;
      nodes.forEach((node, i) => nodeRefs.set(`${s.context}/${node.name}`, `${name}/${pool.name as string}/${i}`));
      pool.zones = [zone];
      return pool;
    });
    const providerId = s.nodes.map((n) => n.provider).find((p) => p !== undefined);
    const provider = providerId !== undefined ? PROVIDER_BY_ID[providerId] : undefined;
    const controlPlane =
      provider !== undefined && controlPlanes.length === 0
        ? { managed: { tier: MANAGED_TIER[provider] } }
        : { selfManaged: { etcd: { members: Math.max(1, controlPlanes.length) } } };
    if (provider !== undefined && controlPlanes.length === 0) assumptions.push(`cluster ${name}: no control-plane nodes visible, so a managed control plane (${MANAGED_TIER[provider]})`);
    if ('selfManaged' in controlPlane) assumptions.push(`cluster ${name}: etcd members = control-plane nodes (${Math.max(1, controlPlanes.length)}), stacked etcd assumed`);
    const cluster: Record<string, unknown> = {
      name,
      region,
      zones: [...new Set(s.nodes.map((n) => placeOf(s, n).zone))].sort(),
    };
    const version = kubeMinor(s.nodes);
    if (version !== undefined) cluster.kubernetesVersion = version;
    cluster.nodePools = nodePools;
    cluster.controlPlane = controlPlane;
    return cluster;
  });

  // Workloads: one service per namespace/name across clusters; its placement reproduces the counts seen.
  interface Seen {
    w: WorkloadInfo;
    perCluster: Map<string, number>;
  }
  const seen = new Map<string, Seen>();
  for (const s of snapshots) {
    for (const w of s.workloads) {
      if (!o.includeSystemNamespaces && SYSTEM_NAMESPACES.has(w.namespace)) continue;
      const key = `${w.namespace}/${w.name}`;
      const e = seen.get(key) ?? { w, perCluster: new Map<string, number>() };
      e.perCluster.set(clusterOf.get(s)!, w.replicas);
      if (e.w.cpuMillicores === undefined && w.cpuMillicores !== undefined) e.w = w;
      seen.set(key, e);
    }
  }
  if (seen.size === 0) throw new RangeError('no Deployments or StatefulSets outside the system namespaces; nothing to simulate (try --include-system)');
  const serviceNames = new Set<string>();
  const services: Array<Record<string, unknown>> = [];
  const perService: Record<string, Record<string, unknown>> = {};
  for (const [key, e] of [...seen.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const name = uniqueName(e.w.namespace === 'default' ? e.w.name : `${e.w.namespace}-${e.w.name}`, serviceNames);
    const counts = [...e.perCluster.entries()];
    const total = counts.reduce((a, [, c]) => a + c, 0);
    if (e.w.cpuMillicores === undefined || e.w.memoryBytes === undefined) assumptions.push(`${e.w.kind} ${key}: no ${e.w.cpuMillicores === undefined ? 'CPU' : 'memory'} request; the smallest the scenario accepts (1m CPU, 1Mi memory) is written, as the scheduler counts it as 0`);
    const same = counts.every(([, c]) => c === counts[0][1]);
    services.push({
      name,
      replicas: same ? counts[0][1] : total,
      cpu: `${Math.max(1, e.w.cpuMillicores ?? 1)}m`,
      memory: `${Math.max(1, Math.ceil((e.w.memoryBytes ?? 2 ** 20) / 2 ** 20))}Mi`,
      serviceTime: o.serviceTime,
    });
    // Same count everywhere: Karmada's Duplicated; otherwise Divided with the observed counts as static weights.
    perService[name] = same
      ? { clusterAffinity: { clusterNames: counts.map(([c]) => c) }, replicaScheduling: 'duplicated' }
      : { clusterAffinity: { clusterNames: counts.map(([c]) => c) }, replicaScheduling: { type: 'divided', division: 'weighted', weights: Object.fromEntries(counts) } };
  }
  assumptions.push(`service time ${o.serviceTime} for every service (not visible in the API)`);
  const firstRegion = clusters[0].region as string;
  assumptions.push(`one user region near ${firstRegion}, 1 request/s to ${services[0].name as string} (demand is not visible in the API)`);

  const scenario: Record<string, unknown> = {
    apiVersion: 'fleetsim/v1',
    kind: 'Scenario',
    metadata: { name: scenarioName(o.name), description: `Imported from ${snapshots.map((s) => s.context).join(', ')} by fleetsim import kube.` },
    topology: links.length > 0 ? { regions: regionEntries, links } : { regions: regionEntries },
    clusters,
    workload: {
      services,
      userRegions: [{ name: 'users', near: firstRegion, rate: '1/s', entryService: services[0].name }],
    },
    designs: [{ name: 'as-imported', description: 'The placement seen in the clusters.', placement: { services: perService }, traffic: { ingress: { dns: {} } } }],
  };
  const header = ['# Written by fleetsim import kube. Assumptions (the API cannot tell):', ...assumptions.map((a) => `#  - ${a}`), ''].join('\n');
  return { scenario, yaml: header + stringify(scenario, { lineWidth: 0 }), assumptions, nodeRefs };
}
