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

/** Pick `count` of the nodes so every zone keeps at least one while counts allow (round-robin by zone). */
function scaleDown<T extends { zone: string }>(nodes: readonly T[], count: number): T[] {
  if (nodes.length <= count) return [...nodes];
  const byZone = new Map<string, T[]>();
  for (const n of nodes) byZone.set(n.zone, [...(byZone.get(n.zone) ?? []), n]);
  const queues = [...byZone.values()];
  const out: T[] = [];
  for (let i = 0; out.length < count; i++) {
    const q = queues[i % queues.length];
    const n = q.shift();
    if (n !== undefined) out.push(n);
  }
  return out;
}

export function kindConfigs(scenario: Scenario, o: KindOptions): KindCluster[] {
  if (!Number.isInteger(o.maxWorkers) || o.maxWorkers < 1 || o.maxWorkers > 50) throw new RangeError(`--max-workers must be 1..50, got ${o.maxWorkers}`);
  return scenario.clusters.map((c) => {
    // The scenario's nodes, each pool round-robin over its zones (as the model places them).
    const nodes = c.nodePools.flatMap((p) => Array.from({ length: p.count }, (_, i) => ({ pool: p.name, zone: p.zones[i % p.zones.length] })));
    const chosen = scaleDown(nodes, o.maxWorkers);
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
    const header = `# kind cluster for fleetsim cluster "${c.name}" (${c.region}): ${chosen.length} of its ${nodes.length} nodes, ${etcdMembers} control-plane node(s).\n# Create: kind create cluster --config ${kindName}.yaml\n`;
    return { cluster: c.name, kindName, context: `kind-${kindName}`, fileName: `${kindName}.yaml`, yaml: header + stringify(config), workers: chosen.length, scenarioNodes: nodes.length };
  });
}
