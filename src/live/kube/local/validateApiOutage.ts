import { predictNodeStopDuringApiOutage } from '../predictKube.js';
import { findKubeBinaries, KUBE_VERSION } from './binaries.js';
import { runApiOutage, type ApiOutageSetup, type ApiOutageTimeline } from './apiOutage.js';
import { LocalKubeCluster, type LocalKubeSettings } from './localKubeCluster.js';
import { kubernetesSection, localSnapshot } from './predictNodeFailure.js';
import { checksText, intervalCheck, localNodes, type IntervalCheck } from './validateKubeLocal.js';

/**
 * `fleetsim validate kube --local --experiment api-outage`: kube-apiserver down for `outageS` on a
 * real control plane whose controllers run with leader election under a kubelet-style supervisor,
 * one node dying during the outage; beside the model's control-plane-outage semantics:
 * - the healthy nodes stay Ready and their pods keep serving (the model never marks a running node);
 * - the dead node is judged with a fresh grace period once the controllers resume: "controllers back
 *   → NotReady" against the model's "API writable → NotReady" range, ± `heartbeatToleranceS`;
 * - its replicas come back as after any node failure: "NotReady → all Ready" ± `recoveryToleranceS`.
 * The time from the API's return to the controllers' (kube-controller-manager's restart back-off)
 * is measured and reported, not judged: the model resumes the controllers with the API.
 */
export interface ValidateApiOutageOptions {
  settings: LocalKubeSettings;
  nodes: number;
  zones: number;
  replicas: number;
  outageS: number;
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

export interface ApiOutageReport {
  kubernetesVersion: string;
  settings: LocalKubeSettings;
  nodes: number;
  zones: number;
  replicas: number;
  outageS: number;
  timeline: ApiOutageTimeline;
  model: { trials: number; emptyNode: number; censored: number };
  checks: IntervalCheck[];
  agree: boolean;
}

/** A count that must be zero, as an IntervalCheck (model range [0, 0], no tolerance). */
function zeroCheck(name: string, real: number): IntervalCheck {
  return { name, realS: real, modelMinS: 0, modelMedianS: 0, modelMaxS: 0, toleranceS: 0, agree: real === 0 };
}

export function apiOutageChecks(t: ApiOutageTimeline, p: { apiBackToNotReadyS: number[]; notReadyToAllReadyS: number[] }, o: Pick<ValidateApiOutageOptions, 'heartbeatToleranceS' | 'recoveryToleranceS'>): IntervalCheck[] {
  const s = (ms: number) => ms / 1000;
  return [
    zeroCheck('healthy nodes not Ready', t.healthyNodesNotReady.length),
    zeroCheck('healthy pods not Ready or gone', t.healthyPodsDisturbed),
    intervalCheck('controllers back → NotReady', s(t.notReadyMs - t.controllersBackMs), p.apiBackToNotReadyS, o.heartbeatToleranceS),
    intervalCheck('NotReady → all replicas Ready', s(t.allReadyMs - t.notReadyMs), p.notReadyToAllReadyS, o.recoveryToleranceS),
  ];
}

export async function validateApiOutage(o: ValidateApiOutageOptions): Promise<ApiOutageReport> {
  const binaries = findKubeBinaries(o.binDir);
  const setup: ApiOutageSetup = {
    nodes: localNodes(o.nodes, o.zones),
    namespace: 'default',
    deployment: 'web',
    replicas: o.replicas,
    podCpuMillicores: 100,
    podMemoryMi: 64,
    pollMs: o.pollMs,
    timeoutMs: o.timeoutMs,
    outageS: o.outageS,
    nodeKillDelayMs: 1000,
    // Two monitor periods after the recovery: a late verdict on a healthy node would show.
    settleMs: 2 * o.settings.nodeMonitorPeriodS * 1000,
    onProgress: o.onProgress,
  };
  const cluster = await LocalKubeCluster.start({ binaries, settings: o.settings, baseDir: o.baseDir, leaderElection: true, onProgress: o.onProgress });
  let timeline: ApiOutageTimeline;
  try {
    timeline = await runApiOutage(cluster, setup);
  } finally {
    await cluster.stop();
  }
  const prediction = predictNodeStopDuringApiOutage({
    snapshot: localSnapshot(setup),
    namespace: setup.namespace,
    workload: setup.deployment,
    trials: o.simTrials,
    seed: o.seed,
    nodeName: timeline.node,
    kubernetes: kubernetesSection(o.settings, o.settings.nodeLeaseDurationS / 4),
    outageS: o.outageS,
    nodeKillDelayS: timeline.nodeKillMs / 1000,
  });
  const checks = apiOutageChecks(timeline, prediction, o);
  return {
    kubernetesVersion: KUBE_VERSION,
    settings: o.settings,
    nodes: o.nodes,
    zones: o.zones,
    replicas: o.replicas,
    outageS: o.outageS,
    timeline,
    model: { trials: o.simTrials, emptyNode: prediction.emptyNode, censored: prediction.censored },
    checks,
    agree: checks.every((c) => c.agree),
  };
}

export function apiOutageText(r: ApiOutageReport): string {
  const t = r.timeline;
  const f = (ms: number) => (Number.isFinite(ms) ? (ms / 1000).toFixed(1) : '-');
  const lines = [
    `Kubernetes ${r.kubernetesVersion} on 127.0.0.1 (${r.nodes} KWOK nodes in ${r.zones} zone(s), ${r.replicas} replicas); controllers with leader election, restarted with the kubelet's back-off`,
    `kube-apiserver down for ${r.outageS} s; grace period ${r.settings.nodeMonitorGracePeriodS} s, tolerationSeconds ${r.settings.tolerationS} s`,
    '',
    `Real: times after the API server was killed, s: ${t.node} (${t.podsOnNode} replicas) killed ${f(t.nodeKillMs)}, API back ${f(t.apiBackMs)},`,
    `  kube-controller-manager leading again ${f(t.controllersBackMs)} (it exited at ${t.controllerExitsMs.map(f).join(', ') || 'no time'}; restarted at ${t.controllerRestartsMs.map(f).join(', ') || 'no time'}), ${t.node} NotReady ${f(t.notReadyMs)}, tainted ${f(t.taintMs)}, pods evicted ${f(t.evictedMs)}, all replicas Ready ${f(t.allReadyMs)}`,
    `  API back → controllers back ${f(t.controllersBackMs - t.apiBackMs)} s (measured, not judged: the model resumes the controllers with the API)`,
    '',
    ...checksText('check', r.checks, r.model, r.agree),
  ];
  return lines.join('\n');
}
