import { findInstanceType } from '../../cost/catalog/instances.js';
import { knownRegion, KNOWN_REGIONS } from '../../scenario/index.js';
import { scenarioName } from './importScenario.js';
import type { ManifestImport } from './manifests.js';

/**
 * Imported services → a runnable scenario over named clusters: a fleet, users, stochastic faults,
 * run settings, and the two designs to compare: replicated (a full copy in every cluster) and
 * segmented (each service in one cluster, calls between clusters through a mesh). Every assumption
 * goes into the notes.
 */
export interface FleetOptions {
  clusters: string[];
  /** One region for all clusters, or one per cluster in order. */
  regions: string[];
  /** Zones the clusters use (each cluster keeps those of its region); default all of the region's. */
  zones?: string[];
  /** Default: the provider's 4-vCPU general-purpose machine. */
  instanceType?: string;
  /** Requests per second from the users near each region, e.g. "50/s". */
  rate: string;
  name: string;
}

const NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;
const MAX_CLUSTERS = 50;

/** "a,b,c" → names; RangeError with the expectation and a hint. */
export function parseNameList(flag: string, raw: string, max = MAX_CLUSTERS): string[] {
  const names = raw.split(',').map((s) => s.trim());
  const bad = names.find((n) => !NAME.test(n));
  if (bad !== undefined) throw new RangeError(`${flag} "${raw}": ${bad === '' ? 'an empty name' : `"${bad}" is not a name`}; expected comma-separated names of letters, digits, ".", "_" or "-", e.g. ${flag} eu-1,us-1`);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw new RangeError(`${flag} "${raw}": "${dup}" is given twice`);
  if (names.length > max) throw new RangeError(`${flag}: ${names.length} names; at most ${max}`);
  return names;
}

/** General-purpose machines by provider, smallest first: the default is the smallest the largest pod fits. */
const MACHINES: Record<string, string[]> = { aws: ['m6i.xlarge', 'm6i.2xlarge', 'm6i.4xlarge'], gcp: ['n2-standard-4', 'n2-standard-8'], azure: ['Standard_D4s_v5', 'Standard_D8s_v5'] };
/** A pod may take at most this share of a node (the kubelet and system pods reserve the rest). */
const POD_SHARE_OF_NODE = 0.7;
const MANAGED_TIER: Record<string, string> = { aws: 'eks-standard', gcp: 'gke-regional', azure: 'aks-standard' };
/** Istio's sidecar requests, which the scenario adds to every pod of a design with a mesh. */
const SIDECAR_CPU_M = 100;
const SIDECAR_MEM_MIB = 128;
/** Nodes are sized so the pods use at most this share of them (the rest: system pods, spread, failover). */
const NODE_FILL = 0.6;

const cpuM = (v: unknown) => (typeof v === 'string' && v.endsWith('m') ? Number(v.slice(0, -1)) : Number(v) * 1000);
const memMiB = (v: unknown) => Number(String(v).replace(/Mi$/, ''));
const podsOf = (s: Record<string, unknown>) => Math.max(Number(s.replicas), Number((s.autoscaling as { maxReplicas?: number } | undefined)?.maxReplicas ?? 0));

/**
 * Segmentation: the entry service in the first cluster; a datastore (a StatefulSet or a datastore
 * image) with its only caller; the other services, in call order from the entry, each to the cluster with the least CPU so far.
 */
export function segment(imported: ManifestImport, clusters: readonly string[]): Map<string, string> {
  const byName = new Map(imported.services.map((s) => [s.name as string, s]));
  const callers = (s: string) => imported.edges.filter((e) => e.to === s).map((e) => e.from);
  const anchor = (s: string, seen = new Set<string>()): string => {
    const c = callers(s);
    // A cycle of StatefulSets calling only each other stops where it started.
    if (seen.has(s)) return s;
    seen.add(s);
    const stateful = byName.get(s)?.statefulSet === true || imported.datastores.includes(s);
    return stateful && c.length === 1 && c[0] !== s ? anchor(c[0], seen) : s;
  };
  const order: string[] = [];
  const entry = imported.entryService ?? (imported.services[0].name as string);
  const queue = [entry];
  while (queue.length > 0) {
    const s = queue.shift()!;
    if (order.includes(s)) continue;
    order.push(s);
    queue.push(...imported.edges.filter((e) => e.from === s).map((e) => e.to).sort());
  }
  for (const s of imported.services) if (!order.includes(s.name as string)) order.push(s.name as string);
  const load = new Map(clusters.map((c) => [c, 0]));
  const out = new Map<string, string>();
  for (const s of order) {
    const a = anchor(s);
    if (a !== s) continue; // placed with its caller below
    const c = s === anchor(entry) ? clusters[0] : [...load.entries()].sort((x, y) => x[1] - y[1] || clusters.indexOf(x[0]) - clusters.indexOf(y[0]))[0][0];
    const members = order.filter((t) => anchor(t) === s);
    for (const t of members) {
      out.set(t, c);
      const svc = byName.get(t)!;
      load.set(c, load.get(c)! + cpuM(svc.cpu) * podsOf(svc));
    }
  }
  return out;
}

/** The replicated and (with two clusters or more) the segmented design over these clusters. */
export function designsOver(imported: ManifestImport, clusters: readonly string[], notes: string[]): Array<Record<string, unknown>> {
  const designs: Array<Record<string, unknown>> = [
    {
      name: 'replicated',
      description: `Every service in every cluster (${clusters.join(', ')}); users go to the nearest healthy one.`,
      placement: { default: { clusterAffinity: { clusterNames: [...clusters] }, replicaScheduling: 'duplicated' } },
      traffic: { ingress: { dns: {} } },
    },
  ];
  if (clusters.length < 2) {
    notes.push('one cluster: no segmented design (segmentation needs two clusters or more)');
    return designs;
  }
  const where = segment(imported, clusters);
  const services: Record<string, unknown> = {};
  for (const s of imported.services) services[s.name as string] = { clusterAffinity: { clusterNames: [where.get(s.name as string)!] }, replicaScheduling: 'duplicated' };
  designs.push({
    name: 'segmented',
    description: 'Each service in one cluster; calls between clusters go through a mesh.',
    placement: { services },
    traffic: { ingress: { dns: {} }, mesh: { localityOrder: ['zone', 'region', 'any'] } },
  });
  for (const c of clusters) {
    const here = imported.services.filter((s) => where.get(s.name as string) === c).map((s) => s.name as string);
    notes.push(`segmented: ${c} runs ${here.length > 0 ? here.join(', ') : 'nothing'}`);
  }
  notes.push('segmented: the entry service in the first cluster, a StatefulSet or datastore with its only caller, the rest in call order to the cluster with the least CPU so far; edit placement.services to choose');
  return designs;
}

/** A complete scenario `fleetsim check` accepts and `fleetsim run` runs. */
export function runnableScenario(imported: ManifestImport, o: FleetOptions, notes: string[]): Record<string, unknown> {
  if (o.regions.length !== 1 && o.regions.length !== o.clusters.length) {
    throw new RangeError(`--regions: ${o.regions.length} regions for ${o.clusters.length} clusters; give one region for all, or one per cluster in the order of --clusters`);
  }
  for (const r of o.regions) {
    if (knownRegion(r) === undefined) throw new RangeError(`--regions: unknown region "${r}"; expected a well-known cloud region such as ${KNOWN_REGIONS.slice(0, 3).map((k) => k.name).join(', ')} (the well-known regions: src/scenario/regions.ts)`);
  }
  const regionOf = (i: number) => o.regions[o.regions.length === 1 ? 0 : i];
  const designs = [...imported.designs, ...designsOver(imported, o.clusters, notes).filter((d) => !imported.designs.some((k) => k.name === d.name))];

  // Pods per cluster in the busiest design: replicated puts every service everywhere (HPAs at max);
  // segmented adds a sidecar to every pod of the services a cluster runs.
  const seg = o.clusters.length >= 2 ? segment(imported, o.clusters) : undefined;
  const need = o.clusters.map((c) => {
    let cpu = 0;
    let mem = 0;
    let segCpu = 0;
    let segMem = 0;
    for (const s of imported.services) {
      const pods = podsOf(s);
      cpu += cpuM(s.cpu) * pods;
      mem += memMiB(s.memory) * pods;
      if (seg?.get(s.name as string) === c) {
        segCpu += (cpuM(s.cpu) + SIDECAR_CPU_M) * pods;
        segMem += (memMiB(s.memory) + SIDECAR_MEM_MIB) * pods;
      }
    }
    return { cpuM: Math.max(cpu, segCpu), memMiB: Math.max(mem, segMem) };
  });

  // The largest pod, with the mesh sidecar of the segmented design.
  const podCpuM = Math.max(...imported.services.map((s) => cpuM(s.cpu))) + SIDECAR_CPU_M;
  const podMemMiB = Math.max(...imported.services.map((s) => memMiB(s.memory))) + SIDECAR_MEM_MIB;
  const fits = (t: { vcpu: number; memoryGiB: number }) => podCpuM <= t.vcpu * 1000 * POD_SHARE_OF_NODE && podMemMiB <= t.memoryGiB * 1024 * POD_SHARE_OF_NODE;
  const clusters = o.clusters.map((name, i) => {
    const region = knownRegion(regionOf(i))!;
    const family = MACHINES[region.provider];
    const machine = o.instanceType ?? family.find((m) => fits(findInstanceType(m)!)) ?? family[family.length - 1];
    const type = findInstanceType(machine);
    if (type === undefined) throw new RangeError(`--instance-type: "${machine}" is not in the price catalog; expected e.g. ${Object.values(MACHINES).map((f) => f[0]).join(', ')}`);
    const zones = o.zones === undefined ? undefined : o.zones.filter((z) => region.defaultZones.includes(z));
    if (zones !== undefined && zones.length === 0) throw new RangeError(`--zones: none of ${o.zones!.join(', ')} is in ${region.name} (cluster ${name}); its zones are ${region.defaultZones.join(', ')}`);
    const count = Math.max(2, Math.ceil(need[i].cpuM / (type.vcpu * 1000 * NODE_FILL)), Math.ceil(need[i].memMiB / (type.memoryGiB * 1024 * NODE_FILL)));
    return {
      name,
      region: region.name,
      ...(zones !== undefined ? { zones } : {}),
      labels: { cluster: name },
      nodePools: [{ name: 'general', instanceType: machine, count, autoscaling: { min: count, max: count * 3 } }],
      controlPlane: { managed: { tier: MANAGED_TIER[region.provider] } },
    };
  });
  notes.push(`node pools: ${clusters.map((c) => `${c.name} ${c.nodePools[0].count} × ${c.nodePools[0].instanceType}`).join(', ')}, sized so the busiest design's pods (HPAs at max, mesh sidecars) fill ${NODE_FILL * 100}% of them; the cluster autoscaler may triple them`);

  const entry = imported.entryService ?? (imported.services[0].name as string);
  if (imported.entryService === undefined) notes.push(`no entry service found: users enter at ${entry} (edit workload.userRegions)`);
  const regions = [...new Set(o.clusters.map((_, i) => regionOf(i)))];
  notes.push(`users: ${o.rate} near each of ${regions.join(', ')}, entering at ${entry} (demand is not in the manifests: --rate)`);
  notes.push('faults: node failures (MTBF 657 days, repair median 10 min) and zone outages (0.2 a year, median 1 h), the defaults of the bundled scenarios');

  return {
    apiVersion: 'fleetsim/v1',
    kind: 'Scenario',
    metadata: { name: scenarioName(o.name), description: `Imported from manifests by fleetsim import manifests: ${imported.services.length} services over ${o.clusters.join(', ')}.` },
    topology: { regions: regions.map((name) => ({ name })) },
    clusters,
    workload: {
      services: imported.services,
      userRegions: regions.map((r) => ({ name: scenarioName(`users-${r}`), near: r, rate: o.rate, entryService: entry })),
    },
    designs,
    faults: {
      stochastic: {
        nodes: { mtbf: { exponential: { mean: '657d' } }, mttr: { lognormal: { median: '10m', p99: '2h' } } },
        zones: { perYear: 0.2, duration: { lognormal: { median: '1h', p99: '6h' } } },
      },
    },
    run: { horizon: '30d', replications: 2, seed: 'import', slo: { availability: '99.9%', latency: [{ percentile: 99, max: '500ms' }] } },
  };
}
