import { stringify } from 'yaml';
import type { Scenario } from '../../scenario/index.js';

/**
 * `fleetsim kind config`: one kind cluster config per simulated cluster, so the live experiments run
 * on clusters shaped like the scenario's: workers labelled with the scenario's zone and region
 * (topology.kubernetes.io/*, which spread constraints and the importer read), a worker count
 * scaled down to fit one machine, and as many control-plane nodes as the cluster has etcd members
 * (kind stacks etcd on them; 1 for managed control planes).
 */
export interface KindOptions {
  /** Workers per kind cluster at most (each is a container). */
  maxWorkers: number;
  /** kind cluster name prefix: the kubectl context is "kind-<prefix><cluster>". */
  prefix: string;
  /** kindest/node image, e.g. kindest/node:v1.31.4; default kind's own. */
  image?: string;
}

export interface KindCluster {
  cluster: string;
  kindName: string;
  context: string;
  fileName: string;
  yaml: string;
  workers: number;
  /** Nodes the scenario has, before scaling down. */
  scenarioNodes: number;
}

/** A kind cluster config is built from at most this many scenario nodes per cluster. */
export const MAX_SCENARIO_NODES_PER_CLUSTER = 1_000_000;

interface PlacedNode {
  pool: string;
  zone: string;
}

/** Nodes of one pool in one zone, in pool order: the scenario's nodes without listing them. */
interface Run {
  pool: string;
  zone: string;
  count: number;
}

/**
 * The scenario's nodes as runs: each pool places node i in zone i mod k (as the model does), so
 * zone j of a pool of n nodes gets ⌊n/k⌋ + (j < n mod k ? 1 : 0). O(pools × zones), whatever the
 * node counts.
 */
function zoneRuns(pools: ReadonlyArray<{ name: string; count: number; zones: readonly string[] }>): Run[] {
  const runs: Run[] = [];
  for (const p of pools) {
    const k = p.zones.length;
    for (let j = 0; j < k && j < p.count; j++) runs.push({ pool: p.name, zone: p.zones[j], count: Math.floor(p.count / k) + (j < p.count % k ? 1 : 0) });
  }
  return runs;
}

/**
 * Pick `count` nodes so every zone keeps at least one while counts allow: round-robin over the
 * zones (in order of first appearance), each zone handing out its nodes in pool order. With no more
 * nodes than `count`, all of them, in the scenario's order. O(count × zones).
 */
function scaleDown(pools: ReadonlyArray<{ name: string; count: number; zones: readonly string[] }>, total: number, count: number): PlacedNode[] {
  if (total <= count) return pools.flatMap((p) => Array.from({ length: p.count }, (_, i) => ({ pool: p.name, zone: p.zones[i % p.zones.length] })));
  const queues = new Map<string, Run[]>();
  for (const r of zoneRuns(pools)) queues.set(r.zone, [...(queues.get(r.zone) ?? []), { ...r }]);
  const zones = [...queues.values()];
  // Bounded: a pool without zones places no node, so there may be fewer to pick than `total`.
  const available = zones.reduce((a, q) => a + q.reduce((b, r) => b + r.count, 0), 0);
  const out: PlacedNode[] = [];
  for (let i = 0; out.length < Math.min(count, available); i++) {
    const q = zones[i % zones.length];
    const head = q.find((r) => r.count > 0);
    if (head === undefined) continue;
    head.count--;
    out.push({ pool: head.pool, zone: head.zone });
  }
  return out;
}

export function kindConfigs(scenario: Scenario, o: KindOptions): KindCluster[] {
  if (!Number.isInteger(o.maxWorkers) || o.maxWorkers < 1 || o.maxWorkers > 50) throw new RangeError(`--max-workers must be 1..50, got ${o.maxWorkers}`);
  return scenario.clusters.map((c) => {
    const total = c.nodePools.reduce((a, p) => a + p.count, 0);
    if (!(total <= MAX_SCENARIO_NODES_PER_CLUSTER)) {
      throw new RangeError(`cluster "${c.name}" has ${total} nodes; kind config reads at most ${MAX_SCENARIO_NODES_PER_CLUSTER} per cluster (Kubernetes supports 5000): check its nodePools[].count`);
    }
    // The scenario's nodes, each pool round-robin over its zones (as the model places them).
    const chosen = scaleDown(c.nodePools, total, o.maxWorkers);
    const etcdMembers = c.controlPlane.kind === 'selfManaged' ? Math.min(3, c.controlPlane.etcd.members.reduce((a, m) => a + m.count, 0)) : 1;
    const kindName = `${o.prefix}${c.name}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
    const node = (role: string, labels?: Record<string, string>) => ({ role, ...(o.image !== undefined ? { image: o.image } : {}), ...(labels !== undefined ? { labels } : {}) });
    const config = {
      kind: 'Cluster',
      apiVersion: 'kind.x-k8s.io/v1alpha4',
      name: kindName,
      nodes: [
        ...Array.from({ length: etcdMembers }, () => node('control-plane')),
        ...chosen.map((n) =>
          node('worker', {
            'topology.kubernetes.io/region': c.region,
            'topology.kubernetes.io/zone': n.zone,
            'fleetsim.io/cluster': c.name,
            'fleetsim.io/pool': n.pool,
          }),
        ),
      ],
    };
    const header = `# kind cluster for fleetsim cluster "${c.name}" (${c.region}): ${chosen.length} of its ${total} nodes, ${etcdMembers} control-plane node(s).\n# Create: kind create cluster --config ${kindName}.yaml\n`;
    return { cluster: c.name, kindName, context: `kind-${kindName}`, fileName: `${kindName}.yaml`, yaml: header + stringify(config), workers: chosen.length, scenarioNodes: total };
  });
}
