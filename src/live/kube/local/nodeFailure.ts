import type { KubeConfig } from '@kubernetes/client-node';
import { timedApiClient } from '../apiClient.js';
import { addKwokNodes, allNodesReady } from './kwokNodes.js';
import { CONTEXT_NAME, type LocalKubeCluster, type LocalNodeSpec } from './localKubeCluster.js';
import { nodeReady, podReady, sleep, unreachableTaint, until } from './kubeObjects.js';

/**
 * The node-failure experiment on a local control plane: fake nodes (one kwok each), a Deployment
 * spread over them, then one node's kwok killed. Polling the API every `pollMs`, it records when
 * the node turns NotReady, when it gets the node.kubernetes.io/unreachable:NoExecute taint, when its
 * pods are evicted (deletion requested) and when the Deployment has all its replicas Ready again on
 * the other nodes. Times are milliseconds after the kill, on this machine's clock, which the
 * control plane shares; the lease's last renewal (microsecond renewTime) is read too, so the
 * lease-to-NotReady delay can be compared without the random phase of the last renewal.
 */
export interface NodeFailureSetup {
  nodes: readonly LocalNodeSpec[];
  namespace: string;
  deployment: string;
  replicas: number;
  podCpuMillicores: number;
  podMemoryMi: number;
  pollMs: number;
  /** Give up on the whole recovery after this long. */
  timeoutMs: number;
  onProgress?: (line: string) => void;
}

export interface NodeFailureTimeline {
  node: string;
  podsOnNode: number;
  /** The lease's last renewal before the kill, ms relative to the kill (≤ 0). */
  lastRenewMs: number;
  notReadyMs: number;
  taintMs: number;
  evictedMs: number;
  allReadyMs: number;
}

const APP_LABEL = 'fleetsim.io/app';

interface Apis {
  core: import('@kubernetes/client-node').CoreV1Api;
  apps: import('@kubernetes/client-node').AppsV1Api;
  coordination: import('@kubernetes/client-node').CoordinationV1Api;
}

async function apis(kubeconfigPath: string): Promise<Apis> {
  const k8s = await import('@kubernetes/client-node');
  const kc: KubeConfig = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  const t = 10_000;
  return {
    core: await timedApiClient(kc, CONTEXT_NAME, k8s.CoreV1Api, t),
    apps: await timedApiClient(kc, CONTEXT_NAME, k8s.AppsV1Api, t),
    coordination: await timedApiClient(kc, CONTEXT_NAME, k8s.CoordinationV1Api, t),
  };
}

type Pod = import('@kubernetes/client-node').V1Pod;
type Node = import('@kubernetes/client-node').V1Node;



/** Create the nodes (each with its kwok) and the Deployment, and wait until all replicas are Ready. */
export async function setUpNodesAndDeployment(cluster: LocalKubeCluster, s: NodeFailureSetup): Promise<Apis> {
  const a = await apis(cluster.kubeconfigPath);
  s.onProgress?.(`${s.nodes.length} fake nodes, one kwok each`);
  await addKwokNodes(cluster, a.core, s.nodes);
  await until(cluster, 'every node Ready', 120_000, 250, async () => {
    const nodes = (await a.core.listNode()).items;
    return allNodesReady(nodes, s.nodes.length) ? true : undefined;
  });
  s.onProgress?.(`Deployment ${s.namespace}/${s.deployment}: ${s.replicas} replicas`);
  const labels = { [APP_LABEL]: s.deployment };
  await a.apps.createNamespacedDeployment({
    namespace: s.namespace,
    body: {
      metadata: { name: s.deployment, labels },
      spec: {
        replicas: s.replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [{ name: 'app', image: 'fleetsim.invalid/fake:1', resources: { requests: { cpu: `${s.podCpuMillicores}m`, memory: `${s.podMemoryMi}Mi` } } }],
          },
        },
      },
    },
  });
  await until(cluster, `${s.replicas} Ready replicas`, 120_000, 250, async () => {
    const pods = (await a.core.listNamespacedPod({ namespace: s.namespace, labelSelector: `${APP_LABEL}=${s.deployment}` })).items;
    return pods.filter(podReady).length === s.replicas ? true : undefined;
  });
  return a;
}

/** The node running the most of `pods` (the first by name among equals) and how many it runs. */
export function busiestNode(pods: readonly Pod[]): [string, number] {
  const perNode = new Map<string, number>();
  for (const p of pods) if (p.spec?.nodeName !== undefined) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
  const ranked = [...perNode.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
  if (ranked.length === 0) throw new Error('no pod of the Deployment is bound to a node');
  return ranked[0];
}

/** Kill the kwok of the node running the most replicas and time what the control plane does. */
export async function runNodeFailure(cluster: LocalKubeCluster, s: NodeFailureSetup): Promise<NodeFailureTimeline> {
  const a = await setUpNodesAndDeployment(cluster, s);
  const selector = `${APP_LABEL}=${s.deployment}`;
  const listPods = async () => (await a.core.listNamespacedPod({ namespace: s.namespace, labelSelector: selector })).items;
  const before = await listPods();
  const [node, podsOnNode] = busiestNode(before);

  s.onProgress?.(`killing the kwok of ${node} (${podsOnNode} replicas on it)`);
  await cluster.killNode(node);
  const killMs = Date.now();
  const lease = await a.coordination.readNamespacedLease({ name: node, namespace: 'kube-node-lease' });
  const renew = lease.spec?.renewTime;
  if (renew === undefined) throw new Error(`the lease of ${node} has no renewTime`);
  const lastRenewMs = new Date(renew as unknown as string | Date).getTime() - killMs;

  const t: NodeFailureTimeline = { node, podsOnNode, lastRenewMs, notReadyMs: NaN, taintMs: NaN, evictedMs: NaN, allReadyMs: NaN };
  await until(cluster, `the recovery from ${node}'s failure`, s.timeoutMs, s.pollMs, async () => {
    const [n, pods] = await Promise.all([a.core.readNode({ name: node }), listPods()]);
    const now = Date.now() - killMs;
    if (Number.isNaN(t.notReadyMs) && !nodeReady(n)) t.notReadyMs = now;
    if (Number.isNaN(t.taintMs) && unreachableTaint(n)) t.taintMs = now;
    const onNode = pods.filter((p) => p.spec?.nodeName === node);
    if (Number.isNaN(t.evictedMs) && (onNode.length < podsOnNode || onNode.some((p) => p.metadata?.deletionTimestamp != null))) t.evictedMs = now;
    const readyElsewhere = pods.filter((p) => podReady(p) && p.spec?.nodeName !== node).length;
    if (Number.isNaN(t.allReadyMs) && !Number.isNaN(t.evictedMs) && readyElsewhere >= s.replicas) t.allReadyMs = now;
    return Number.isNaN(t.allReadyMs) ? undefined : true;
  });
  return t;
}
