// kube-controller-manager's --kube-api-qps and --kube-api-burst defaults, which the model uses.
import { CONTROLLER_MANAGER_API_BURST, CONTROLLER_MANAGER_API_QPS } from '../../../scenario/defaults.js';
import { findKubeBinaries, KUBE_VERSION } from './binaries.js';
import { LocalKubeCluster, type LocalKubeSettings } from './localKubeCluster.js';
import { predictSchedulerThroughput, type SchedulerThroughputPrediction } from './predictSchedulerThroughput.js';
import { runSchedulerThroughput, type PodTimes, type SchedulerThroughputRun, type SchedulerThroughputSetup } from './schedulerThroughput.js';
import { intervalCheck, localNodes, type IntervalCheck } from './validateKubeLocal.js';

/**
 * `fleetsim validate kube --local --experiment scheduler-throughput`: a Deployment on KWOK nodes,
 * the node holding most replicas killed, its pods evicted together through the real taint path, and
 * every stage of their replacement (deleted, created, bound, Ready) timed per pod beside the model's
 * prediction for the same configuration. The checks (tolerances stated with each):
 * - NotReady → first replacement Ready, and → all replicas Ready: within the model's range over its
 *   trials ± `stageToleranceS` (the 100 ms polling of NotReady, the taint-eviction controller
 *   observing the taint, API latencies on a loaded machine);
 * - replacements Ready per second: within `rateTolerance` (relative) of the model's median;
 * - the Deployment's initial creation, pods per second after the first 30 (kube-controller-manager's
 *   burst): within `rateTolerance` of the model's ReplicaSet client rate (`controllerManagerApiQps`).
 * All of them are set by timers and client rate limiters, not by this machine's speed; the bind and
 * start-up lags (CPU-bound) are reported, not judged.
 */
export interface ValidateSchedulerThroughputOptions {
  settings: LocalKubeSettings;
  nodes: number;
  zones: number;
  replicas: number;
  pollMs: number;
  timeoutMs: number;
  simTrials: number;
  seed: string;
  stageToleranceS: number;
  /** Relative, e.g. 0.25. */
  rateTolerance: number;
  binDir?: string;
  baseDir?: string;
  onProgress?: (line: string) => void;
}

export interface RateCheck {
  name: string;
  realPerS: number;
  modelPerS: number;
  /** Relative. */
  tolerance: number;
  agree: boolean;
}

export interface StageSummary {
  stage: 'deleted' | 'created' | 'scheduled' | 'Ready';
  pods: number;
  /** s after NotReady. */
  firstS: number;
  lastS: number;
  /** (pods − 1) / (last − first). */
  perS: number;
}

export interface InitialCreation {
  pods: number;
  /**
   * s from the first pod created to the 30th: kube-controller-manager's burst, sent in the
   * ReplicaSet controller's slow-start batches (1, 2, 4, 8, 16), each waiting for the previous: API
   * latency, so CPU-bound; reported, not judged.
   */
  first30S: number;
  /** Pods per second from the 31st to the last. */
  perSAfterBurst: number;
  /** s from the Deployment's creation to the last pod created, and to the last Ready. */
  lastCreatedS: number;
  lastReadyS: number;
}

export interface ValidateSchedulerThroughputReport {
  experiment: 'scheduler-throughput';
  kubernetesVersion: string;
  settings: LocalKubeSettings;
  nodes: number;
  zones: number;
  replicas: number;
  node: string;
  podsOnNode: number;
  notReadyS: number;
  taintS: number;
  initial: InitialCreation;
  stages: StageSummary[];
  /** Pods per 1 s bin from NotReady + tolerationSeconds − 1 s: deleted, created, scheduled, Ready. */
  perSecond: { fromS: number; deleted: number; created: number; scheduled: number; ready: number }[];
  /** CPU-bound lags (medians, ms): reported, not judged. */
  lags: { createdToScheduledMs: number; scheduledToReadyMs: number };
  model: { trials: number; emptyNode: number; censored: number; readyPerSMedian: number; replacementsMedian: number };
  checks: IntervalCheck[];
  rateChecks: RateCheck[];
  agree: boolean;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export function rateCheck(name: string, realPerS: number, modelPerS: number, tolerance: number): RateCheck {
  const agree = Number.isFinite(realPerS) && Number.isFinite(modelPerS) && modelPerS > 0 && Math.abs(realPerS - modelPerS) <= tolerance * modelPerS;
  return { name, realPerS, modelPerS, tolerance, agree };
}

/** The killed node's evicted pods and their replacements (created after the kill). */
function evictedAndReplacements(run: SchedulerThroughputRun): { evicted: PodTimes[]; replacements: PodTimes[] } {
  return {
    evicted: run.pods.filter((p) => p.node === run.node && p.createdMs < 0 && Number.isFinite(p.deletedMs)),
    replacements: run.pods.filter((p) => p.createdMs > 0),
  };
}

function summary(stage: StageSummary['stage'], timesMs: readonly number[], originMs: number): StageSummary {
  const t = timesMs.filter(Number.isFinite).sort((a, b) => a - b);
  if (t.length === 0) return { stage, pods: 0, firstS: NaN, lastS: NaN, perS: NaN };
  const first = (t[0] - originMs) / 1000;
  const last = (t[t.length - 1] - originMs) / 1000;
  return { stage, pods: t.length, firstS: first, lastS: last, perS: t.length > 1 && last > first ? (t.length - 1) / (last - first) : NaN };
}

/** Each stage of the eviction and replacement, in s after NotReady. */
export function evictionStages(run: SchedulerThroughputRun): StageSummary[] {
  const { evicted, replacements } = evictedAndReplacements(run);
  return [
    summary('deleted', evicted.map((p) => p.deletedMs), run.notReadyMs),
    summary('created', replacements.map((p) => p.createdMs), run.notReadyMs),
    summary('scheduled', replacements.map((p) => p.scheduledMs), run.notReadyMs),
    summary('Ready', replacements.map((p) => p.readyMs), run.notReadyMs),
  ];
}

export function initialCreation(run: SchedulerThroughputRun): InitialCreation {
  const initial = run.pods.filter((p) => p.createdMs < 0);
  const created = initial.map((p) => p.createdMs).sort((a, b) => a - b);
  const n = created.length;
  const after = n > CONTROLLER_MANAGER_API_BURST + 1 ? (n - CONTROLLER_MANAGER_API_BURST - 1) / ((created[n - 1] - created[CONTROLLER_MANAGER_API_BURST]) / 1000) : NaN;
  return {
    pods: n,
    first30S: n >= CONTROLLER_MANAGER_API_BURST ? (created[CONTROLLER_MANAGER_API_BURST - 1] - created[0]) / 1000 : NaN,
    perSAfterBurst: after,
    lastCreatedS: n === 0 ? NaN : (created[n - 1] - run.deploymentCreatedMs) / 1000,
    lastReadyS: n === 0 ? NaN : (Math.max(...initial.map((p) => p.readyMs)) - run.deploymentCreatedMs) / 1000,
  };
}

export function perSecondBins(run: SchedulerThroughputRun, settings: LocalKubeSettings): ValidateSchedulerThroughputReport['perSecond'] {
  const { evicted, replacements } = evictedAndReplacements(run);
  const fromMs = run.notReadyMs + (settings.tolerationS - 1) * 1000;
  const last = Math.max(...replacements.map((p) => p.readyMs).filter(Number.isFinite), fromMs);
  const bins: ValidateSchedulerThroughputReport['perSecond'] = [];
  for (let b = 0; fromMs + b * 1000 <= last && b < 600; b++) {
    const lo = fromMs + b * 1000;
    const inBin = (t: number) => t >= lo && t < lo + 1000;
    bins.push({
      fromS: Math.round((lo - run.notReadyMs) / 100) / 10,
      deleted: evicted.filter((p) => inBin(p.deletedMs)).length,
      created: replacements.filter((p) => inBin(p.createdMs)).length,
      scheduled: replacements.filter((p) => inBin(p.scheduledMs)).length,
      ready: replacements.filter((p) => inBin(p.readyMs)).length,
    });
  }
  return bins;
}

export function schedulerThroughputChecks(
  run: SchedulerThroughputRun,
  p: SchedulerThroughputPrediction,
  o: Pick<ValidateSchedulerThroughputOptions, 'stageToleranceS' | 'rateTolerance'>,
): { checks: IntervalCheck[]; rateChecks: RateCheck[] } {
  const stages = evictionStages(run);
  const ready = stages[3];
  const init = initialCreation(run);
  return {
    checks: [
      intervalCheck('NotReady → first replacement Ready', ready.firstS, p.notReadyToFirstReadyS, o.stageToleranceS),
      intervalCheck('NotReady → all replicas Ready', ready.lastS, p.notReadyToAllReadyS, o.stageToleranceS),
    ],
    rateChecks: [
      rateCheck('replacements Ready per second', ready.perS, median(p.readyPerS), o.rateTolerance),
      rateCheck(`Deployment: pods created per second after the first ${CONTROLLER_MANAGER_API_BURST}`, init.perSAfterBurst, CONTROLLER_MANAGER_API_QPS, o.rateTolerance),
    ],
  };
}

export async function validateSchedulerThroughput(o: ValidateSchedulerThroughputOptions): Promise<ValidateSchedulerThroughputReport> {
  const binaries = findKubeBinaries(o.binDir);
  const nodes = localNodes(o.nodes, o.zones);
  if (!Number.isInteger(o.replicas) || o.replicas < 2 || o.replicas > (o.nodes - 1) * nodes[0].pods) {
    throw new RangeError(`replicas must be 2..${(o.nodes - 1) * nodes[0].pods} (what the surviving ${o.nodes - 1} nodes of ${nodes[0].pods} pods hold), got ${o.replicas}`);
  }
  const setup: SchedulerThroughputSetup = {
    nodes,
    namespace: 'default',
    deployment: 'web',
    replicas: o.replicas,
    // Small requests: only the pod count (110 a node) limits where replicas go.
    podCpuMillicores: 10,
    podMemoryMi: 16,
    pollMs: o.pollMs,
    timeoutMs: o.timeoutMs,
    onProgress: o.onProgress,
  };
  const cluster = await LocalKubeCluster.start({ binaries, settings: o.settings, baseDir: o.baseDir, onProgress: o.onProgress });
  let run: SchedulerThroughputRun;
  try {
    run = await runSchedulerThroughput(cluster, setup);
  } finally {
    await cluster.stop();
  }
  const prediction = predictSchedulerThroughput(setup, o.settings, run.node, o.simTrials, o.seed);
  const { checks, rateChecks } = schedulerThroughputChecks(run, prediction, o);
  const { replacements } = evictedAndReplacements(run);
  return {
    experiment: 'scheduler-throughput',
    kubernetesVersion: KUBE_VERSION,
    settings: o.settings,
    nodes: o.nodes,
    zones: o.zones,
    replicas: o.replicas,
    node: run.node,
    podsOnNode: run.podsOnNode,
    notReadyS: run.notReadyMs / 1000,
    taintS: run.taintMs / 1000,
    initial: initialCreation(run),
    stages: evictionStages(run),
    perSecond: perSecondBins(run, o.settings),
    lags: {
      createdToScheduledMs: median(replacements.map((p) => p.scheduledMs - p.createdMs)),
      scheduledToReadyMs: median(replacements.map((p) => p.readyMs - p.scheduledMs)),
    },
    model: { trials: o.simTrials, emptyNode: prediction.emptyNode, censored: prediction.censored, readyPerSMedian: median(prediction.readyPerS), replacementsMedian: median(prediction.replacements) },
    checks,
    rateChecks,
    agree: checks.every((c) => c.agree) && rateChecks.every((c) => c.agree),
  };
}

export function validateSchedulerThroughputText(r: ValidateSchedulerThroughputReport): string {
  const s = r.settings;
  const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
  const i = r.initial;
  const lines = [
    `Kubernetes ${r.kubernetesVersion} on 127.0.0.1 (etcd, kube-apiserver, kube-controller-manager, kube-scheduler; ${r.nodes} KWOK nodes in ${r.zones} zone(s)), ${r.replicas} replicas`,
    `grace period ${s.nodeMonitorGracePeriodS} s, tolerationSeconds ${s.tolerationS} s, pod start-up ${s.podStartupMs} ms; kube-controller-manager client ${CONTROLLER_MANAGER_API_QPS}/s, burst ${CONTROLLER_MANAGER_API_BURST} (defaults)`,
    '',
    `Deployment created: ${i.pods} pods, the first 30 in ${f(i.first30S, 2)} s (slow-start batches; CPU-bound), then ${f(i.perSAfterBurst)} pods/s; last created ${f(i.lastCreatedS, 2)} s, last Ready ${f(i.lastReadyS, 2)} s after the Deployment`,
    `Killed the kwok of ${r.node} (${r.podsOnNode} replicas): NotReady ${f(r.notReadyS)} s, unreachable:NoExecute taint ${f(r.taintS)} s after the kill`,
    '',
    'stage (s after NotReady)   pods   first    last   pods/s',
    ...r.stages.map((g) => `${g.stage.padEnd(24)} ${String(g.pods).padStart(6)} ${f(g.firstS, 2).padStart(7)} ${f(g.lastS, 2).padStart(7)} ${f(g.perS).padStart(8)}`),
    `(CPU-bound, not judged: median created → bound ${f(r.lags.createdToScheduledMs, 0)} ms, bound → Ready ${f(r.lags.scheduledToReadyMs, 0)} ms with a ${s.podStartupMs} ms stage delay)`,
    '',
    `interval, s                           real   model min  median    max   tolerance  verdict`,
    ...r.checks.map((c) => `${c.name.padEnd(36)} ${f(c.realS, 2).padStart(6)} ${f(c.modelMinS, 2).padStart(10)} ${f(c.modelMedianS, 2).padStart(7)} ${f(c.modelMaxS, 2).padStart(6)}   ±${c.toleranceS.toFixed(1).padEnd(8)} ${c.agree ? 'agree' : 'DISAGREE'}`),
    '',
    `rate, pods/s                                              real  model  tolerance  verdict`,
    ...r.rateChecks.map((c) => `${c.name.padEnd(56)} ${f(c.realPerS).padStart(5)} ${f(c.modelPerS).padStart(6)}  ±${Math.round(c.tolerance * 100)}%`.padEnd(83) + ` ${c.agree ? 'agree' : 'DISAGREE'}`),
    '',
    `Model: ${r.model.trials} simulated trials, median ${f(r.model.replacementsMedian, 0)} replacements${r.model.emptyNode > 0 ? `, ${r.model.emptyNode} left out (no replica on that node)` : ''}${r.model.censored > 0 ? `, ${r.model.censored} censored` : ''}.`,
    r.agree ? 'The model agrees with the real control plane within the tolerances.' : 'The model and the real control plane DISAGREE beyond the tolerance (exit code 3).',
  ];
  return lines.join('\n');
}
