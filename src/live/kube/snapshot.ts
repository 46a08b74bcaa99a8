import { DEFAULT_KUBE_REQUEST_TIMEOUT_MS, contextServer, kubeCall, timedApiClient } from './apiClient.js';

/**
 * What `fleetsim import kube` reads from one cluster, as plain data: nodes (allocatable, zone,
 * region, instance type, role) and workloads (Deployments and StatefulSets: replicas, requests per
 * pod). Reading goes through @kubernetes/client-node; everything after works on this snapshot, so
 * the mapping to a scenario is testable without a cluster.
 */
export interface NodeInfo {
  name: string;
  controlPlane: boolean;
  /** Allocatable, as Kubernetes quantities ("3920m", "15Gi"). */
  cpu: string;
  memory: string;
  instanceType: string | undefined;
  zone: string | undefined;
  region: string | undefined;
  /** From spec.providerID ("aws:///…", "gce://…", "azure://…", "kind://…"). */
  provider: string | undefined;
  /** spec.providerID as it is ("kind://docker/<cluster>/<node>" on kind): the cluster's identity. */
  providerId?: string;
  kubeletVersion: string | undefined;
}

export interface WorkloadInfo {
  kind: 'Deployment' | 'StatefulSet';
  namespace: string;
  name: string;
  replicas: number;
  /** Sum over the pod's containers (init containers left out); undefined when no container requests it. */
  cpuMillicores: number | undefined;
  memoryBytes: number | undefined;
  /** spec.selector.matchLabels, for finding the pods. */
  matchLabels: Record<string, string>;
}

export interface ClusterSnapshot {
  context: string;
  /** The API server URL the context points at. */
  server?: string;
  nodes: NodeInfo[];
  workloads: WorkloadInfo[];
}

export const ZONE_LABELS = ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'];
export const REGION_LABELS = ['topology.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/region'];
export const INSTANCE_TYPE_LABELS = ['node.kubernetes.io/instance-type', 'beta.kubernetes.io/instance-type'];
const CONTROL_PLANE_LABELS = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'];

/** Namespaces that hold the cluster's own machinery, left out unless asked for. */
export const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage', 'karmada-system']);

const first = (labels: Record<string, string>, keys: readonly string[]) => keys.map((k) => labels[k]).find((v) => v !== undefined && v !== '');

const SUFFIX: Record<string, number> = { '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };

/** A Kubernetes quantity ("250m", "1.5", "512Mi", "1e3") as a number of base units; NaN if malformed. */
export function quantityValue(q: string | number | undefined): number {
  if (q === undefined) return Number.NaN;
  if (typeof q === 'number') return q;
  const m = /^([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(q.trim());
  if (m === null) return Number.NaN;
  return Number(m[1]) * SUFFIX[m[2] ?? ''];
}

interface ContainerLike {
  resources?: { requests?: Record<string, string | number> };
}

/** Requests of one pod: the sum over its containers. */
export function podRequests(containers: readonly ContainerLike[] | undefined): { cpuMillicores: number | undefined; memoryBytes: number | undefined } {
  let cpu = 0;
  let mem = 0;
  let anyCpu = false;
  let anyMem = false;
  for (const c of containers ?? []) {
    const r = c.resources?.requests ?? {};
    const cv = quantityValue(r.cpu as string | undefined);
    const mv = quantityValue(r.memory as string | undefined);
    if (!Number.isNaN(cv)) {
      cpu += cv * 1000;
      anyCpu = true;
    }
    if (!Number.isNaN(mv)) {
      mem += mv;
      anyMem = true;
    }
  }
  return { cpuMillicores: anyCpu ? Math.ceil(cpu - 1e-9) : undefined, memoryBytes: anyMem ? Math.ceil(mem) : undefined };
}

/* The client library's objects are typed loosely; read them through these narrow shapes. */
interface NodeShape {
  metadata?: { name?: string; labels?: Record<string, string> };
  spec?: { providerID?: string };
  status?: { allocatable?: Record<string, string>; nodeInfo?: { kubeletVersion?: string } };
}
interface WorkloadShape {
  metadata?: { name?: string; namespace?: string };
  spec?: { replicas?: number; selector?: { matchLabels?: Record<string, string> }; template?: { spec?: { containers?: ContainerLike[] } } };
}

export function nodeInfo(n: NodeShape): NodeInfo {
  const labels = n.metadata?.labels ?? {};
  const providerId = n.spec?.providerID;
  return {
    name: n.metadata?.name ?? '',
    controlPlane: CONTROL_PLANE_LABELS.some((k) => k in labels),
    cpu: String(n.status?.allocatable?.cpu ?? '0'),
    memory: String(n.status?.allocatable?.memory ?? '0'),
    instanceType: first(labels, INSTANCE_TYPE_LABELS),
    zone: first(labels, ZONE_LABELS),
    region: first(labels, REGION_LABELS),
    provider: providerId !== undefined && providerId.includes('://') ? providerId.slice(0, providerId.indexOf('://')) : undefined,
    providerId,
    kubeletVersion: n.status?.nodeInfo?.kubeletVersion,
  };
}

export function workloadInfo(kind: WorkloadInfo['kind'], w: WorkloadShape): WorkloadInfo {
  return {
    kind,
    namespace: w.metadata?.namespace ?? 'default',
    name: w.metadata?.name ?? '',
    // The API defaults replicas to 1 when the field is absent.
    replicas: w.spec?.replicas ?? 1,
    ...podRequests(w.spec?.template?.spec?.containers),
    matchLabels: w.spec?.selector?.matchLabels ?? {},
  };
}

/**
 * Read one context's nodes, Deployments and StatefulSets through the Kubernetes API. Every request
 * is abandoned after `timeoutMs`; failures throw a KubeApiError naming the context and the cause.
 */
export async function readClusterSnapshot(kubeconfig: import('@kubernetes/client-node').KubeConfig, context: string, timeoutMs = DEFAULT_KUBE_REQUEST_TIMEOUT_MS): Promise<ClusterSnapshot> {
  const k8s = await import('@kubernetes/client-node');
  const core = await timedApiClient(kubeconfig, context, k8s.CoreV1Api, timeoutMs);
  const apps = await timedApiClient(kubeconfig, context, k8s.AppsV1Api, timeoutMs);
  const [nodes, deployments, statefulSets] = await kubeCall('reading nodes and workloads', kubeconfig, context, timeoutMs, () =>
    Promise.all([core.listNode(), apps.listDeploymentForAllNamespaces(), apps.listStatefulSetForAllNamespaces()]),
  );
  return {
    context,
    server: contextServer(kubeconfig, context),
    nodes: nodes.items.map((n) => nodeInfo(n as NodeShape)),
    workloads: [
      ...deployments.items.map((d) => workloadInfo('Deployment', d as WorkloadShape)),
      ...statefulSets.items.map((s) => workloadInfo('StatefulSet', s as WorkloadShape)),
    ],
  };
}

/** A kubeconfig from a file (or the default locations: $KUBECONFIG, ~/.kube/config). */
export async function loadKubeConfig(file?: string): Promise<import('@kubernetes/client-node').KubeConfig> {
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  if (file !== undefined) kc.loadFromFile(file);
  else kc.loadFromDefault();
  return kc;
}
