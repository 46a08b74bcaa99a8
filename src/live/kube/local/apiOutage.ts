import type { LocalKubeCluster } from './localKubeCluster.js';
import { busiestNode, setUpNodesAndDeployment, type NodeFailureSetup } from './nodeFailure.js';
import { nodeReady, podReady, sleep, unreachableTaint } from './kubeObjects.js';

/**
 * The control-plane-outage experiment on a local control plane: kube-apiserver killed for
 * `outageS`, and one node's kwok killed a second later, while the API is down. The controllers run
 * as production control planes run them (leader election, restarted with the kubelet's back-off:
 * LocalKubeCluster's `leaderElection`), so kube-controller-manager exits when it cannot renew its
 * lease and comes back some time after the API does.
 *
 * What the model assumes and this measures: while the API is down nothing is detected or evicted
 * and running pods keep serving; afterwards the healthy nodes stay Ready (their pods too) and the
 * node that died meanwhile is judged with a fresh grace period from when the controllers resume
 * (a restarted controller manager has no memory of the lease's age). Times are ms after the API
 * server was killed.
 */
export interface ApiOutageSetup extends NodeFailureSetup {
  outageS: number;
  /** The node to kill during the outage is killed this long after the API server. */
  nodeKillDelayMs: number;
  /** How long to keep watching the healthy nodes after the dead node's replicas are back. */
  settleMs: number;
}

export interface ApiOutageTimeline {
  /** The node killed during the outage and its replicas. */
  node: string;
  podsOnNode: number;
  nodeKillMs: number;
  /** kube-apiserver answering /readyz again. */
  apiBackMs: number;
  /** kube-controller-manager leading again: its leader lease's acquireTime after the outage. */
  controllersBackMs: number;
  /** kube-controller-manager's exits and its supervisor's restarts during the experiment. */
  controllerExitsMs: number[];
  controllerRestartsMs: number[];
  notReadyMs: number;
  taintMs: number;
  evictedMs: number;
  allReadyMs: number;
  /** Healthy nodes seen not Ready at some poll after the API returned, and their pods seen not Ready or deleted. */
  healthyNodesNotReady: string[];
  healthyPodsDisturbed: number;
  healthyNodes: number;
  healthyPods: number;
}

const APP_LABEL = 'fleetsim.io/app';

type Pod = import('@kubernetes/client-node').V1Pod;
type Node = import('@kubernetes/client-node').V1Node;

const timeMs = (v: unknown) => (v === undefined || v === null ? NaN : new Date(v as string | Date).getTime());

export async function runApiOutage(cluster: LocalKubeCluster, s: ApiOutageSetup): Promise<ApiOutageTimeline> {
  const a = await setUpNodesAndDeployment(cluster, s);
  const selector = `${APP_LABEL}=${s.deployment}`;
  const listPods = async () => (await a.core.listNamespacedPod({ namespace: s.namespace, labelSelector: selector })).items;
  const before = await listPods();
  const [node, podsOnNode] = busiestNode(before);
  const healthyPodNames = new Set(before.filter((p) => p.spec?.nodeName !== node).map((p) => p.metadata!.name!));
  const healthyNodeNames = s.nodes.map((n) => n.name).filter((n) => n !== node);

  s.onProgress?.(`killing kube-apiserver for ${s.outageS} s, and the kwok of ${node} (${podsOnNode} replicas) ${s.nodeKillDelayMs} ms later`);
  const startMs = Date.now();
  await cluster.stopApiServer();
  await sleep(s.nodeKillDelayMs);
  await cluster.killNode(node);
  const nodeKillMs = Date.now() - startMs;
  await sleep(Math.max(0, s.outageS * 1000 - (Date.now() - startMs)));
  s.onProgress?.('starting kube-apiserver again');
  await cluster.startApiServer();
  const apiBackMs = Date.now() - startMs;

  const t: ApiOutageTimeline = {
    node,
    podsOnNode,
    nodeKillMs,
    apiBackMs,
    controllersBackMs: NaN,
    controllerExitsMs: [],
    controllerRestartsMs: [],
    notReadyMs: NaN,
    taintMs: NaN,
    evictedMs: NaN,
    allReadyMs: NaN,
    healthyNodesNotReady: [],
    healthyPodsDisturbed: 0,
    healthyNodes: healthyNodeNames.length,
    healthyPods: healthyPodNames.size,
  };
  const notReadyHealthy = new Set<string>();
  const disturbed = new Set<string>();
  let settledAtMs = NaN;
  const deadline = performance.now() + s.timeoutMs;
  while (performance.now() < deadline) {
    cluster.assertRunning();
    let nodes: Node[];
    let pods: Pod[];
    let leaderAcquiredMs = NaN;
    try {
      const [n, p, lease] = await Promise.all([a.core.listNode(), listPods(), a.coordination.readNamespacedLease({ name: 'kube-controller-manager', namespace: 'kube-system' }).catch(() => undefined)]);
      nodes = n.items;
      pods = p;
      leaderAcquiredMs = timeMs(lease?.spec?.acquireTime) - startMs;
    } catch {
      await sleep(s.pollMs);
      continue; // the API server settling after its restart
    }
    const now = Date.now() - startMs;
    if (Number.isNaN(t.controllersBackMs) && leaderAcquiredMs > 0) t.controllersBackMs = leaderAcquiredMs;
    for (const n of nodes) {
      const name = n.metadata!.name!;
      if (name === node) {
        if (Number.isNaN(t.notReadyMs) && !nodeReady(n)) t.notReadyMs = now;
        if (Number.isNaN(t.taintMs) && unreachableTaint(n)) t.taintMs = now;
      } else if (!nodeReady(n) || unreachableTaint(n)) notReadyHealthy.add(name);
    }
    const seen = new Set<string>();
    for (const p of pods) {
      const name = p.metadata!.name!;
      seen.add(name);
      if (healthyPodNames.has(name) && !podReady(p)) disturbed.add(name);
    }
    for (const name of healthyPodNames) if (!seen.has(name)) disturbed.add(name);
    const onNode = pods.filter((p) => p.spec?.nodeName === node);
    if (Number.isNaN(t.evictedMs) && (onNode.length < podsOnNode || onNode.some((p) => p.metadata?.deletionTimestamp != null))) t.evictedMs = now;
    const readyElsewhere = pods.filter((p) => podReady(p) && p.spec?.nodeName !== node).length;
    if (Number.isNaN(t.allReadyMs) && !Number.isNaN(t.evictedMs) && readyElsewhere >= s.replicas) {
      t.allReadyMs = now;
      settledAtMs = performance.now() + s.settleMs;
    }
    if (!Number.isNaN(settledAtMs) && performance.now() >= settledAtMs) break;
    await sleep(s.pollMs);
  }
  if (Number.isNaN(t.allReadyMs)) throw new Error(`timed out after ${s.timeoutMs / 1000} s waiting for the recovery from ${node}'s failure after the API outage`);
  t.healthyNodesNotReady = [...notReadyHealthy].sort();
  t.healthyPodsDisturbed = disturbed.size;
  const kcm = cluster.restartsOf('kube-controller-manager');
  t.controllerExitsMs = kcm.exitsMs.map((ms) => ms - startMs).filter((ms) => ms >= 0);
  t.controllerRestartsMs = kcm.restartsMs.map((ms) => ms - startMs).filter((ms) => ms >= 0);
  return t;
}
