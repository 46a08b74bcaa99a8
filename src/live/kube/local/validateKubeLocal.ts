import { findKubeBinaries, KUBE_VERSION } from './binaries.js';
import { EVICTION_DEFAULTS, LocalKubeCluster, type LocalKubeSettings, type LocalNodeSpec } from './localKubeCluster.js';
import { runNodeFailure, type NodeFailureSetup, type NodeFailureTimeline } from './nodeFailure.js';
import { predictNodeFailure, type NodeFailurePrediction } from './predictNodeFailure.js';

/**
 * `fleetsim validate kube --local`, node failure: a real control plane on loopback (etcd,
 * kube-apiserver, kube-controller-manager, kube-scheduler; KWOK nodes), one node killed, its
 * timeline beside the model's for the same settings. Each measured interval must fall within the
 * model's range over its trials widened by a stated tolerance:
 * - heartbeat → NotReady (from the lease's last renewTime): the model's range (the node monitor's
 *   phase) ± `heartbeatToleranceS`, for the API write and the polling period;
 * - NotReady → all replicas Ready (taint, tolerationSeconds, ReplicaSet, scheduler, start-up) and
 *   kill → all replicas Ready: ± `recoveryToleranceS`, which adds the one-second resolution of the
 *   taint's timeAdded, from which the taint manager counts tolerationSeconds.
 */
export interface ValidateKubeLocalOptions {
  settings: LocalKubeSettings;
  nodes: number;
  zones: number;
  replicas: number;
  pollMs: number;
  timeoutMs: number;
  simTrials: number;
  seed: string;
  heartbeatToleranceS: number;
  recoveryToleranceS: number;
  binDir?: string;
  baseDir?: string;
  onProgress?: (line: string) => void;
}

export interface IntervalCheck {
  name: string;
  realS: number;
  modelMinS: number;
  modelMedianS: number;
  modelMaxS: number;
  toleranceS: number;
  agree: boolean;
}

export interface ValidateKubeLocalReport {
  kubernetesVersion: string;
  settings: LocalKubeSettings;
  nodes: number;
  zones: number;
  replicas: number;
  timeline: NodeFailureTimeline;
  model: { trials: number; emptyNode: number; censored: number };
  checks: IntervalCheck[];
  agree: boolean;
}

/** Defaults for a run that takes about a minute: Kubernetes' own timings but a 20 s grace period and 10 s tolerations. */
export const QUICK_SETTINGS: LocalKubeSettings = {
  nodeMonitorPeriodS: 5,
  nodeMonitorGracePeriodS: 20,
  nodeLeaseDurationS: 40,
  tolerationS: 10,
  podStartupMs: 1000,
  ...EVICTION_DEFAULTS,
};

export function localNodes(count: number, zones: number, region = 'local'): LocalNodeSpec[] {
  if (!Number.isInteger(count) || count < 2 || count > 50) throw new RangeError(`nodes must be 2..50, got ${count}`);
  if (!Number.isInteger(zones) || zones < 1 || zones > count) throw new RangeError(`zones must be 1..nodes (${count}), got ${zones}`);
  return Array.from({ length: count }, (_, i) => ({ name: `kwok-node-${i}`, zone: `${region}-${String.fromCharCode(97 + (i % zones))}`, region, cpu: '4', memory: '16Gi', pods: 110 }));
}

const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);

export function intervalCheck(name: string, realS: number, model: readonly number[], toleranceS: number): IntervalCheck {
  const s = sorted(model);
  if (s.length === 0) return { name, realS, modelMinS: NaN, modelMedianS: NaN, modelMaxS: NaN, toleranceS, agree: false };
  const min = s[0];
  const max = s[s.length - 1];
  const median = s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { name, realS, modelMinS: min, modelMedianS: median, modelMaxS: max, toleranceS, agree: Number.isFinite(realS) && realS >= min - toleranceS && realS <= max + toleranceS };
}

export function nodeFailureChecks(t: NodeFailureTimeline, p: NodeFailurePrediction, o: Pick<ValidateKubeLocalOptions, 'heartbeatToleranceS' | 'recoveryToleranceS'>): IntervalCheck[] {
  const s = (ms: number) => ms / 1000;
  return [
    intervalCheck('last heartbeat → NotReady', s(t.notReadyMs - t.lastRenewMs), p.heartbeatToNotReadyS, o.heartbeatToleranceS),
    intervalCheck('NotReady → all replicas Ready', s(t.allReadyMs - t.notReadyMs), p.notReadyToAllReadyS, o.recoveryToleranceS),
    intervalCheck('kill → all replicas Ready', s(t.allReadyMs), p.killToAllReadyS, o.recoveryToleranceS),
  ];
}

export async function validateKubeLocal(o: ValidateKubeLocalOptions): Promise<ValidateKubeLocalReport> {
  const binaries = findKubeBinaries(o.binDir);
  const setup: NodeFailureSetup = {
    nodes: localNodes(o.nodes, o.zones),
    namespace: 'default',
    deployment: 'web',
    replicas: o.replicas,
    podCpuMillicores: 100,
    podMemoryMi: 64,
    pollMs: o.pollMs,
    timeoutMs: o.timeoutMs,
    onProgress: o.onProgress,
  };
  const cluster = await LocalKubeCluster.start({ binaries, settings: o.settings, baseDir: o.baseDir, onProgress: o.onProgress });
  let timeline: NodeFailureTimeline;
  try {
    timeline = await runNodeFailure(cluster, setup);
  } finally {
    await cluster.stop();
  }
  const prediction = predictNodeFailure(setup, o.settings, timeline.node, o.simTrials, o.seed);
  const checks = nodeFailureChecks(timeline, prediction, o);
  return {
    kubernetesVersion: KUBE_VERSION,
    settings: o.settings,
    nodes: o.nodes,
    zones: o.zones,
    replicas: o.replicas,
    timeline,
    model: { trials: o.simTrials, emptyNode: prediction.emptyNode, censored: prediction.censored },
    checks,
    agree: checks.every((c) => c.agree),
  };
}

export function validateKubeLocalText(r: ValidateKubeLocalReport): string {
  const s = r.settings;
  const t = r.timeline;
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '-');
  const lines = [
    `Kubernetes ${r.kubernetesVersion} on 127.0.0.1 (etcd, kube-apiserver, kube-controller-manager, kube-scheduler; ${r.nodes} KWOK nodes in ${r.zones} zone(s)), ${r.replicas} replicas`,
    `node monitor period ${s.nodeMonitorPeriodS} s, grace period ${s.nodeMonitorGracePeriodS} s, lease ${s.nodeLeaseDurationS} s (renewed every ${s.nodeLeaseDurationS / 4} s), tolerationSeconds ${s.tolerationS} s, pod start-up ${s.podStartupMs} ms`,
    '',
    `Real: killed the kwok of ${t.node} (${t.podsOnNode} replicas); times after the kill, s:`,
    `  last lease renewal ${f(t.lastRenewMs / 1000)}, NotReady ${f(t.notReadyMs / 1000)}, unreachable:NoExecute taint ${f(t.taintMs / 1000)}, pods evicted ${f(t.evictedMs / 1000)}, all replicas Ready ${f(t.allReadyMs / 1000)}`,
    '',
    ...checksText('interval, s', r.checks, r.model, r.agree),
  ];
  return lines.join('\n');
}

/** The checks' table, the model's trials and the verdict: the end of every local experiment's text. */
export function checksText(heading: string, checks: readonly IntervalCheck[], model: { trials: number; emptyNode: number; censored: number }, agree: boolean): string[] {
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '-');
  return [
    `${heading.padEnd(32)}    real   model min  median    max   tolerance  verdict`,
    ...checks.map((c) => `${c.name.padEnd(32)} ${f(c.realS).padStart(7)} ${f(c.modelMinS).padStart(10)} ${f(c.modelMedianS).padStart(7)} ${f(c.modelMaxS).padStart(6)}   ±${c.toleranceS.toFixed(1).padEnd(8)} ${c.agree ? 'agree' : 'DISAGREE'}`),
    '',
    `Model: ${model.trials} simulated trials${model.emptyNode > 0 ? `, ${model.emptyNode} left out (no replica on that node)` : ''}${model.censored > 0 ? `, ${model.censored} censored` : ''}.`,
    agree ? 'The model agrees with the real control plane within the tolerances.' : 'The model and the real control plane DISAGREE beyond the tolerance (exit code 3).',
  ];
}
