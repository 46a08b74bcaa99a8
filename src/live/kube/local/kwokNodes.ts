import type { CoreV1Api } from '@kubernetes/client-node';
import type { LocalKubeCluster, LocalNodeSpec } from './localKubeCluster.js';
import { nodeReady } from './kubeObjects.js';

/**
 * Fake nodes on a local control plane: each Node object (with the zone and region labels and the
 * allocatable resources the spec gives, annotated for KWOK), then the kwok process that plays its
 * kubelet (`LocalKubeCluster.startKwok`).
 */
export async function addKwokNodes(cluster: LocalKubeCluster, core: CoreV1Api, nodes: readonly LocalNodeSpec[]): Promise<void> {
  for (const n of nodes) {
    await createKwokNode(core, n);
    cluster.startKwok(n.name);
  }
}

/** The Node object alone, with `labels` added (e.g. the kwok group a shared kwok selects: LocalKubeCluster.startKwokGroup). */
export async function createKwokNode(core: CoreV1Api, n: LocalNodeSpec, labels: Record<string, string> = {}): Promise<void> {
  await core.createNode({
    body: {
      metadata: {
        name: n.name,
        labels: { 'kubernetes.io/hostname': n.name, 'topology.kubernetes.io/zone': n.zone, 'topology.kubernetes.io/region': n.region, type: 'kwok', ...labels },
        annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      },
      status: {
        allocatable: { cpu: n.cpu, memory: n.memory, pods: String(n.pods) },
        capacity: { cpu: n.cpu, memory: n.memory, pods: String(n.pods) },
      },
    },
  });
}

type Node = import('@kubernetes/client-node').V1Node;

/** Whether every one of `count` nodes is Ready and without a NoSchedule taint (the node controller's start-up taints gone). */
export function allNodesReady(nodes: readonly Node[], count: number): boolean {
  return nodes.length === count && nodes.every((n) => nodeReady(n) && !(n.spec?.taints ?? []).some((t) => t.effect === 'NoSchedule'));
}
