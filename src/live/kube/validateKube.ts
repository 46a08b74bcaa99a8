import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readClusterSnapshot, type ClusterSnapshot } from './snapshot.js';
import { destructiveRefusal, serverRefusal } from './contextGuard.js';
import { DEFAULT_KUBE_REQUEST_TIMEOUT_MS, KubeApiError, contextServer, kubeCall, timedApiClient } from './apiClient.js';

/**
 * `fleetsim validate kube`: a fault on a real (kind) cluster, timed from the outside.
 *
 * - node-stop: `docker stop` the kind node (a container) hosting most of the workload's pods; time
 *   until the workload has `replicas` Ready pods on other nodes. The node is started again afterwards.
 * - pod-kill: delete `pods` of the workload's pods; time until `replicas` Ready pods exist that are
 *   not among the deleted.
 * Polls the API every `pollMs` (the measurement's resolution), within `timeoutMs`. Every API request
 * is abandoned after `requestTimeoutMs`.
 *
 * Order: the context's server must be on loopback (or the context allowed) before any request; then
 * the cluster is read (an unreachable cluster fails here, before anything is touched); then its
 * nodes must be kind's (contextGuard.ts); only then is anything stopped or deleted.
 */
export type KubeExperiment = 'node-stop' | 'pod-kill';

export interface ValidateKubeOptions {
  kubeconfig: import('@kubernetes/client-node').KubeConfig;
  context: string;
  allowContexts: readonly string[];
  namespace: string;
  workload: string;
  experiment: KubeExperiment;
  trials: number;
  pods: number;
  pollMs: number;
  timeoutMs: number;
  /** The docker CLI (node-stop). */
  docker: string;
  /** Deadline of each API request; default DEFAULT_KUBE_REQUEST_TIMEOUT_MS. */
  requestTimeoutMs?: number;
  onProgress?: (line: string) => void;
}

export interface KubeTrial {
  trial: number;
  target: string;
  /** NaN on timeout. */
  recoveredS: number;
}

export interface ValidateKubeResult {
  snapshot: ClusterSnapshot;
  replicas: number;
  trials: KubeTrial[];
  /** The node stopped in the first trial (node-stop), for the simulation. */
  firstNode: string | undefined;
}

const run = promisify(execFile);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class KubeExperimentRefused extends Error {
  override readonly name = 'KubeExperimentRefused';
}

/** The experiment could not go on (workload not healthy, docker failing): a sentence, exit 1. */
export class KubeExperimentFailed extends Error {
  override readonly name = 'KubeExperimentFailed';
}

/** Run the docker CLI; a failure is a KubeExperimentFailed naming the command and docker's words. */
async function docker(cli: string, args: string[]): Promise<void> {
  try {
    await run(cli, args, { timeout: 60_000 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    const why = e.code === 'ENOENT' ? `${cli} is not installed` : (e.stderr ?? e.message).trim().split('\n')[0];
    throw new KubeExperimentFailed(`${cli} ${args.join(' ')} failed: ${why}`);
  }
}

interface PodShape {
  metadata?: { name?: string; uid?: string; deletionTimestamp?: unknown };
  spec?: { nodeName?: string };
  status?: { conditions?: Array<{ type?: string; status?: string }> };
}

const isReady = (p: PodShape) => p.metadata?.deletionTimestamp == null && (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

export async function validateKube(o: ValidateKubeOptions): Promise<ValidateKubeResult> {
  const requestTimeoutMs = o.requestTimeoutMs ?? DEFAULT_KUBE_REQUEST_TIMEOUT_MS;
  const early = serverRefusal(o.context, contextServer(o.kubeconfig, o.context), o.allowContexts);
  if (early !== undefined) throw new KubeExperimentRefused(early);
  const k8s = await import('@kubernetes/client-node');
  let snapshot: ClusterSnapshot;
  try {
    snapshot = await readClusterSnapshot(o.kubeconfig, o.context, requestTimeoutMs);
  } catch (err) {
    // Unreachable, hung or refusing: nothing has been touched yet, so this is a refusal, not a failure.
    if (err instanceof KubeApiError) throw new KubeExperimentRefused(`cannot read the cluster, nothing was changed: ${err.message}`);
    throw err;
  }
  const refusal = destructiveRefusal({ context: o.context, server: snapshot.server, nodes: snapshot.nodes }, o.allowContexts);
  if (refusal !== undefined) throw new KubeExperimentRefused(refusal);
  const w = snapshot.workloads.find((x) => x.namespace === o.namespace && x.name === o.workload);
  if (w === undefined) throw new KubeExperimentRefused(`no Deployment or StatefulSet ${o.namespace}/${o.workload} in context ${o.context}`);
  if (Object.keys(w.matchLabels).length === 0) throw new KubeExperimentRefused(`${o.namespace}/${o.workload} has no selector.matchLabels; cannot find its pods`);
  const core = await timedApiClient(o.kubeconfig, o.context, k8s.CoreV1Api, requestTimeoutMs);
  const trials: KubeTrial[] = [];
  /** An API call; failing mid-experiment, the error carries the trials already measured (minutes of work). */
  const call = async <T>(what: string, f: () => Promise<T>): Promise<T> => {
    try {
      return await kubeCall(what, o.kubeconfig, o.context, requestTimeoutMs, f);
    } catch (err) {
      if (err instanceof KubeApiError && trials.length > 0) {
        throw new KubeApiError(`${err.message} (after ${trials.length} trial(s); recovered in s: ${trials.map((t) => (Number.isNaN(t.recoveredS) ? 'timeout' : t.recoveredS.toFixed(1))).join(' ')})`);
      }
      throw err;
    }
  };
  const labelSelector = Object.entries(w.matchLabels).map(([k, v]) => `${k}=${v}`).join(',');
  const pods = async () => (await call(`listing the pods of ${o.namespace}/${o.workload}`, () => core.listNamespacedPod({ namespace: o.namespace, labelSelector }))).items as PodShape[];

  /** Wait until `replicas` Ready pods pass `counts`; seconds from t0, NaN on timeout. */
  const waitReady = async (t0: number, counts: (p: PodShape) => boolean): Promise<number> => {
    const deadline = t0 + o.timeoutMs;
    while (performance.now() < deadline) {
      const ready = (await pods()).filter((p) => isReady(p) && counts(p)).length;
      if (ready >= w.replicas) return (performance.now() - t0) / 1000;
      await sleep(o.pollMs);
    }
    return Number.NaN;
  };

  let firstNode: string | undefined;
  for (let t = 0; t < o.trials; t++) {
    // Start from a healthy workload.
    const healthy = await waitReady(performance.now(), () => true);
    if (Number.isNaN(healthy)) throw new KubeExperimentFailed(`${o.namespace}/${o.workload} does not have ${w.replicas} Ready pods within --timeout; not starting trial ${t + 1}`);
    const current = (await pods()).filter(isReady);
    if (o.experiment === 'node-stop') {
      const workers = new Set(snapshot.nodes.filter((n) => !n.controlPlane).map((n) => n.name));
      const perNode = new Map<string, number>();
      for (const p of current) if (p.spec?.nodeName !== undefined && workers.has(p.spec.nodeName)) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
      const node = [...perNode.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
      if (node === undefined) throw new KubeExperimentFailed('no Ready pod of the workload runs on a worker node');
      firstNode ??= node;
      o.onProgress?.(`trial ${t + 1}: stopping node ${node} (${perNode.get(node)} pod(s))`);
      const t0 = performance.now();
      await docker(o.docker, ['stop', node]);
      try {
        const s = await waitReady(t0, (p) => p.spec?.nodeName !== node);
        trials.push({ trial: t, target: node, recoveredS: s });
      } finally {
        await docker(o.docker, ['start', node]);
      }
      // Let the node rejoin before the next trial (its pods were evicted; it comes back empty).
      await sleep(o.pollMs);
    } else {
      const victims = current.slice(0, o.pods);
      if (victims.length < o.pods) throw new KubeExperimentFailed(`only ${victims.length} Ready pod(s) to delete, asked for ${o.pods}`);
      const gone = new Set(victims.map((p) => p.metadata?.uid));
      o.onProgress?.(`trial ${t + 1}: deleting ${victims.map((p) => p.metadata?.name).join(', ')}`);
      const t0 = performance.now();
      await call('deleting pods', () => Promise.all(victims.map((p) => core.deleteNamespacedPod({ name: p.metadata!.name!, namespace: o.namespace, gracePeriodSeconds: 0 }))));
      const s = await waitReady(t0, (p) => !gone.has(p.metadata?.uid));
      trials.push({ trial: t, target: victims.map((p) => p.metadata?.name).join(','), recoveredS: s });
    }
    o.onProgress?.(`trial ${t + 1}: ready again after ${Number.isNaN(trials[t].recoveredS) ? 'timeout' : `${trials[t].recoveredS.toFixed(1)} s`}`);
  }
  return { snapshot, replicas: w.replicas, trials, firstNode };
}

/** Is a command runnable (docker, kind)? Returns the reason it is not, or undefined. */
export async function toolMissing(command: string, args: readonly string[]): Promise<string | undefined> {
  try {
    await run(command, [...args], { timeout: 15_000 });
    return undefined;
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') return `${command} is not installed`;
    return `${command} ${args.join(' ')} failed: ${(e.stderr ?? e.message).trim().split('\n')[0]}`;
  }
}
