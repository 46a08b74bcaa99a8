import type { KubeConfig } from '@kubernetes/client-node';
import { timedApiClient } from '../apiClient.js';
import { createKwokNode } from './kwokNodes.js';
import { CONTEXT_NAME, KWOK_GROUP_LABEL, type LocalKubeCluster, type LocalNodeSpec } from './localKubeCluster.js';
import { nodeReady, sleep, unreachableTaint, until } from './kubeObjects.js';

/**
 * The zone-failure experiment on a local control plane: zones of KWOK nodes, in each zone a group
 * of nodes whose heartbeats all stop at the same instant (one kwok plays every node of a group, so
 * one SIGKILL stops them all), and per node the times the control plane marks it NotReady and gives
 * it the node.kubernetes.io/unreachable:NoExecute taint, polled every `pollMs`. The zones are sized
 * so that each shows one branch of kube-controller-manager's zone logic at once, all in one run
 * (the zones' taint queues and rate limiters are independent unless every zone is down):
 * - below the unhealthy threshold → the primary rate (--node-eviction-rate);
 * - a small zone (≤ --large-cluster-size-threshold nodes) partially disrupted → no taint at all;
 * - a large zone partially disrupted → the secondary rate;
 * - a whole zone down while others are healthy → the primary rate.
 * Times are ms after the kill on this machine's clock, which the control plane shares.
 */
export type ZoneCase = 'below-threshold' | 'small-partial' | 'large-partial' | 'zone-down' | 'all-down';

export interface ZoneGroupSpec {
  zone: string;
  case: ZoneCase;
  /** Nodes in the zone, and how many of them fail. */
  nodes: number;
  failing: number;
}

export interface ZoneFailureSetup {
  zones: readonly ZoneGroupSpec[];
  pollMs: number;
  /** Keep watching this long after the last failing node turned NotReady. */
  windowS: number;
  timeoutMs: number;
  onProgress?: (line: string) => void;
}

export interface ZoneNodeTimeline {
  node: string;
  zone: string;
  /** The lease's last renewal before the kill, ms relative to the kill (≤ 0). */
  lastRenewMs: number;
  notReadyMs: number;
  /** When the poll first saw the unreachable:NoExecute taint (NaN: never in the window). */
  taintMs: number;
  /** The taint's own timeAdded (one-second resolution), ms after the kill. */
  taintAddedMs: number;
  /** When the taint was seen gone again (every zone down: the controller takes them all off), NaN: never. */
  untaintMs: number;
}

export interface ZoneFailureRun {
  /** Only the failing nodes; the others stayed Ready throughout (checked). */
  nodes: ZoneNodeTimeline[];
  /** ms after the kill when the watch ended. */
  endMs: number;
}

type Node = import('@kubernetes/client-node').V1Node;

/** The nodes of a zone layout, in order: zone by zone, the failing ones first. */
export function zoneNodes(zones: readonly ZoneGroupSpec[]): (LocalNodeSpec & { group: string; failing: boolean })[] {
  const out: (LocalNodeSpec & { group: string; failing: boolean })[] = [];
  for (const z of zones) {
    if (!Number.isInteger(z.nodes) || z.nodes < 1 || !Number.isInteger(z.failing) || z.failing < 0 || z.failing > z.nodes) throw new RangeError(`zone ${z.zone}: 0 ≤ failing ≤ nodes, nodes ≥ 1 (got ${z.failing} of ${z.nodes})`);
    for (let i = 0; i < z.nodes; i++) {
      const failing = i < z.failing;
      out.push({ name: `kwok-${z.zone}-${i}`, zone: z.zone, region: 'local', cpu: '4', memory: '16Gi', pods: 110, group: `${z.zone}-${failing ? 'fail' : 'stay'}`, failing });
    }
  }
  return out;
}


export async function runZoneFailure(cluster: LocalKubeCluster, s: ZoneFailureSetup): Promise<ZoneFailureRun> {
  const k8s = await import('@kubernetes/client-node');
  const kc: KubeConfig = new k8s.KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  const core = await timedApiClient(kc, CONTEXT_NAME, k8s.CoreV1Api, 10_000);
  const coordination = await timedApiClient(kc, CONTEXT_NAME, k8s.CoordinationV1Api, 10_000);
  const nodes = zoneNodes(s.zones);
  const groups = [...new Set(nodes.map((n) => n.group))];
  s.onProgress?.(`${nodes.length} fake nodes in ${s.zones.length} zones, one kwok per group (${groups.length} groups)`);
  for (const n of nodes) await createKwokNode(core, n, { [KWOK_GROUP_LABEL]: n.group });
  for (const g of groups) cluster.startKwokGroup(g);
  await until(cluster, 'every node Ready and untainted', 120_000, 250, async () => {
    const list = (await core.listNode()).items;
    return list.length === nodes.length && list.every((n) => nodeReady(n) && (n.spec?.taints ?? []).length === 0) ? true : undefined;
  });
  // Two monitor passes with every node Ready: each zone is in state Normal with a full bucket.
  await sleep(2 * cluster.settings.nodeMonitorPeriodS * 1000);

  const failing = nodes.filter((n) => n.failing);
  const failGroups = [...new Set(failing.map((n) => n.group))];
  s.onProgress?.(`killing the kwok of ${failing.length} nodes (${failGroups.join(', ')}) at once`);
  await Promise.all(failGroups.map((g) => cluster.killKwokGroup(g)));
  const killMs = Date.now();
  const leases = (await coordination.listNamespacedLease({ namespace: 'kube-node-lease' })).items;
  const timeline = new Map<string, ZoneNodeTimeline>();
  for (const n of failing) {
    const renew = leases.find((l) => l.metadata?.name === n.name)?.spec?.renewTime;
    if (renew === undefined) throw new Error(`the lease of ${n.name} has no renewTime`);
    const lastRenewMs = new Date(renew as unknown as string | Date).getTime() - killMs;
    timeline.set(n.name, { node: n.name, zone: n.zone, lastRenewMs, notReadyMs: NaN, taintMs: NaN, taintAddedMs: NaN, untaintMs: NaN });
  }
  const failingNames = new Set(failing.map((n) => n.name));
  let lastNotReadyMs = NaN;
  let stayDown: string | undefined;
  const see = (n: Node, now: number) => {
    const name = n.metadata?.name ?? '';
    const t = timeline.get(name);
    if (t === undefined) {
      if (!failingNames.has(name) && !nodeReady(n)) stayDown ??= `${name}, whose kwok still runs, turned NotReady ${now} ms after the kill: the machine is too loaded for this experiment`;
      return;
    }
    if (Number.isNaN(t.notReadyMs) && !nodeReady(n)) t.notReadyMs = now;
    const taint = unreachableTaint(n);
    if (Number.isNaN(t.taintMs) && taint !== undefined) {
      t.taintMs = now;
      if (taint.timeAdded !== undefined) t.taintAddedMs = new Date(taint.timeAdded as unknown as string | Date).getTime() - killMs;
    }
    if (!Number.isNaN(t.taintMs) && Number.isNaN(t.untaintMs) && taint === undefined) t.untaintMs = now;
  };
  // A watch hears of each write as it is made: a list every pollMs on a loaded machine lags by the
  // list's own time (up to 0.7 s seen). The poll stays as a backstop should the watch drop.
  const watch = new k8s.Watch(kc);
  let watchError: unknown;
  const abort = await watch.watch('/api/v1/nodes', {}, (_phase, obj: Node) => see(obj, Date.now() - killMs), (err) => {
    if (err !== null && err !== undefined && (err as { name?: string }).name !== 'AbortError') watchError = err;
  });
  let endMs: number;
  try {
    endMs = await until(cluster, 'every failing node NotReady', s.timeoutMs, s.pollMs, async () => {
      const list = (await core.listNode()).items;
      const now = Date.now() - killMs;
      for (const n of list) see(n, now);
      if (stayDown !== undefined) throw new Error(stayDown);
      const all = [...timeline.values()];
      if (Number.isNaN(lastNotReadyMs) && all.every((t) => !Number.isNaN(t.notReadyMs))) {
        lastNotReadyMs = Math.max(...all.map((t) => t.notReadyMs));
        s.onProgress?.(`every failing node NotReady (the last ${(lastNotReadyMs / 1000).toFixed(1)} s after the kill); watching taints for ${s.windowS} s`);
      }
      return !Number.isNaN(lastNotReadyMs) && now >= lastNotReadyMs + s.windowS * 1000 ? now : undefined;
    });
  } finally {
    abort.abort();
  }
  if (watchError !== undefined) s.onProgress?.(`the node watch ended early (${String((watchError as Error).message ?? watchError)}); times after that are from the ${s.pollMs} ms poll`);
  return { nodes: [...timeline.values()], endMs };
}
