import { CONTEXT_NAME, type LocalKubeCluster } from './localKubeCluster.js';
import { setUpNodesAndDeployment, type NodeFailureSetup } from './nodeFailure.js';
import { nodeReady, podReadyCondition, sleep, unreachableTaint } from './kubeObjects.js';

/**
 * The scheduler-throughput experiment on a local control plane: a Deployment spread over fake nodes,
 * then the kwok of the node holding the most replicas killed, so that the real taint path
 * (NotReady → unreachable:NoExecute → tolerationSeconds) evicts all of its pods at one instant.
 * A watch on the Deployment's pods records, per pod and on this machine's clock (which the control
 * plane shares), when each stage of the chain first showed: the pod created (the ReplicaSet
 * controller), bound to a node (kube-scheduler), Ready (KWOK's pod stage) and its deletion requested
 * (the taint-eviction controller). Times are milliseconds after the kill; NaN: not seen.
 */
export type SchedulerThroughputSetup = NodeFailureSetup;

export interface PodTimes {
  name: string;
  /** The node it was bound to; '' if never bound. */
  node: string;
  createdMs: number;
  scheduledMs: number;
  readyMs: number;
  deletedMs: number;
}

export interface SchedulerThroughputRun {
  node: string;
  podsOnNode: number;
  /** When the Deployment was created, ms after the kill (negative). */
  deploymentCreatedMs: number;
  notReadyMs: number;
  taintMs: number;
  /** All replicas Ready again on the surviving nodes. */
  allReadyMs: number;
  pods: PodTimes[];
}

const APP_LABEL = 'fleetsim.io/app';

type Pod = import('@kubernetes/client-node').V1Pod;
type Node = import('@kubernetes/client-node').V1Node;

/**
 * Per-pod stage times from a watch. Watch events reach us milliseconds after the API server stored
 * the change (loopback), which is finer than the objects' own timestamps (whole seconds).
 */
class PodStageRecorder {
  private readonly byUid = new Map<string, PodTimes>();
  private readonly originMs: { value: number };
  error: Error | undefined;

  constructor(originMs: { value: number }) {
    this.originMs = originMs;
  }

  observe(type: string, pod: Pod): void {
    const uid = pod.metadata?.uid;
    if (uid === undefined || (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED')) return;
    const now = Date.now();
    let t = this.byUid.get(uid);
    if (t === undefined) {
      t = { name: pod.metadata?.name ?? uid, node: '', createdMs: now, scheduledMs: NaN, readyMs: NaN, deletedMs: NaN };
      this.byUid.set(uid, t);
    }
    if (pod.spec?.nodeName !== undefined && pod.spec.nodeName !== '' && Number.isNaN(t.scheduledMs)) {
      t.scheduledMs = now;
      t.node = pod.spec.nodeName;
    }
    if (podReadyCondition(pod) && Number.isNaN(t.readyMs)) t.readyMs = now;
    if ((pod.metadata?.deletionTimestamp != null || type === 'DELETED') && Number.isNaN(t.deletedMs)) t.deletedMs = now;
  }

  /** Every pod seen, times relative to the origin (the kill). */
  pods(): PodTimes[] {
    const o = this.originMs.value;
    return [...this.byUid.values()].map((t) => ({ ...t, createdMs: t.createdMs - o, scheduledMs: t.scheduledMs - o, readyMs: t.readyMs - o, deletedMs: t.deletedMs - o }));
  }
}

export async function runSchedulerThroughput(cluster: LocalKubeCluster, s: SchedulerThroughputSetup): Promise<SchedulerThroughputRun> {
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  kc.setCurrentContext(CONTEXT_NAME);
  const origin = { value: 0 };
  const recorder = new PodStageRecorder(origin);
  const selector = `${APP_LABEL}=${s.deployment}`;
  let stopping = false;
  const watch = await new k8s.Watch(kc).watch(
    `/api/v1/namespaces/${s.namespace}/pods`,
    { labelSelector: selector },
    (type, obj) => recorder.observe(type, obj as Pod),
    (err) => {
      if (!stopping) recorder.error = new Error(`the pod watch ended early${err ? `: ${(err as Error).message}` : ''}`);
    },
  );
  try {
    const beforeDeploymentMs = Date.now();
    const a = await setUpNodesAndDeployment(cluster, s);
    const pods = (await a.core.listNamespacedPod({ namespace: s.namespace, labelSelector: selector })).items;
    const perNode = new Map<string, number>();
    for (const p of pods) if (p.spec?.nodeName !== undefined) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
    const [node, podsOnNode] = [...perNode.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))[0];
    const deployment = await a.apps.readNamespacedDeployment({ name: s.deployment, namespace: s.namespace });
    const createdAt = deployment.metadata?.creationTimestamp;

    s.onProgress?.(`killing the kwok of ${node} (${podsOnNode} replicas on it): all of them are evicted at once, tolerationSeconds after the taint`);
    await cluster.killNode(node);
    origin.value = Date.now();
    const run: SchedulerThroughputRun = {
      node,
      podsOnNode,
      // The creation timestamp has whole seconds; the moment before the request is at least as good.
      deploymentCreatedMs: Math.max(beforeDeploymentMs, createdAt === undefined ? beforeDeploymentMs : new Date(createdAt as unknown as string).getTime()) - origin.value,
      notReadyMs: NaN,
      taintMs: NaN,
      allReadyMs: NaN,
      pods: [],
    };
    const deadline = performance.now() + s.timeoutMs;
    for (;;) {
      cluster.assertRunning();
      if (recorder.error !== undefined) throw recorder.error;
      if (performance.now() > deadline) throw new Error(`timed out after ${s.timeoutMs / 1000} s waiting for the recovery from ${node}'s failure`);
      const [n, now] = await Promise.all([a.core.readNode({ name: node }), a.core.listNamespacedPod({ namespace: s.namespace, labelSelector: selector })]);
      const t = Date.now() - origin.value;
      if (Number.isNaN(run.notReadyMs) && !nodeReady(n)) run.notReadyMs = t;
      if (Number.isNaN(run.taintMs) && unreachableTaint(n)) run.taintMs = t;
      const evicted = now.items.some((p) => p.spec?.nodeName === node && p.metadata?.deletionTimestamp != null);
      const readyElsewhere = now.items.filter((p) => p.metadata?.deletionTimestamp == null && podReadyCondition(p) && p.spec?.nodeName !== node).length;
      if (evicted && readyElsewhere >= s.replicas) {
        run.allReadyMs = t;
        break;
      }
      await sleep(s.pollMs);
    }
    // Let the last watch events in (they precede the list that saw them, but arrive on another connection).
    await sleep(500);
    run.pods = recorder.pods();
    return run;
  } finally {
    stopping = true;
    watch.abort();
  }
}
