import { statSync } from 'node:fs';
import { parseDuration, parsePercent } from '../../scenario/index.js';
import type { LocalKubeSettings } from '../../live/kube/local/localKubeCluster.js';
import { EXIT_RUNTIME_ERROR, EXIT_SLO_NOT_MET, UserError } from '../exitCodes.js';
import { requireFormat, structuredText } from '../structuredOutput.js';
import { LOCAL_EXPERIMENTS, type LocalExperiment } from '../../live/kube/local/experiments.js';

export interface KubeLocalCliOptions {
  /** Unset: node-failure (the kind path's default is its own). */
  experiment?: string;
  outage: string;
  nodes: number;
  zones: number;
  /** Unset: the experiment's own default (DEFAULT_REPLICAS). */
  replicas?: number;
  /** Unset: the experiment's own default (QUICK_SETTINGS, or ZONE_SETTINGS for zone-failure). */
  gracePeriod?: string;
  monitorPeriod?: string;
  leaseDuration?: string;
  toleration?: string;
  podStartup: string;
  evictionRate?: string;
  secondaryEvictionRate?: string;
  unhealthyZoneThreshold?: string;
  largeClusterSizeThreshold?: number;
  window: string;
  gapTolerance: string;
  firstTaintTolerance: string;
  allZonesDown?: boolean;
  poll?: string;
  timeout: string;
  simTrials: number;
  seed: string;
  heartbeatTolerance: string;
  recoveryTolerance: string;
  stageTolerance: string;
  rateTolerance: string;
  kubeBin?: string;
  tmpDir?: string;
  output: string;
}

/** Replicas of the experiment's Deployment when --replicas is not given (zone-failure runs none). */
const DEFAULT_REPLICAS: Record<Exclude<LocalExperiment, 'zone-failure'>, number> = { 'node-failure': 6, 'api-outage': 6, 'scheduler-throughput': 90 };

function seconds(flag: string, text: string): number {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new UserError(`${flag}: expected ${parsed.expected}, got "${text}"${parsed.hint ? ` (${parsed.hint})` : ''}`);
  return parsed.value;
}

/** Whole seconds, as the Kubernetes flags (and the lease) take them. */
function wholeSeconds(flag: string, text: string, min: number): number {
  const s = seconds(flag, text);
  if (!Number.isInteger(s) || s < min) throw new UserError(`${flag}: expected whole seconds, at least ${min} s, got "${text}"`);
  return s;
}

/** A rate in nodes per second: "0.5", "0.5/s". */
function perSecond(flag: string, text: string): number {
  const v = Number(text.replace(/\/s$/, ''));
  if (!Number.isFinite(v) || v < 0) throw new UserError(`${flag}: expected nodes per second (e.g. 0.5 or 0.5/s), got "${text}"`);
  return v;
}

/** A ratio written as a fraction (0.55) or a percentage (55%). */
function ratio(flag: string, text: string): number {
  const pct = text.endsWith('%');
  const v = Number(pct ? text.slice(0, -1) : text) / (pct ? 100 : 1);
  if (!Number.isFinite(v) || v <= 0 || v > 1) throw new UserError(`${flag}: expected a ratio in (0, 1] or a percentage, got "${text}"`);
  return v;
}

/** The node-lifecycle and eviction settings from the flags, over the experiment's defaults. */
function localSettings(opts: KubeLocalCliOptions, defaults: LocalKubeSettings): LocalKubeSettings {
  const monitorPeriodS = opts.monitorPeriod === undefined ? defaults.nodeMonitorPeriodS : wholeSeconds('--monitor-period', opts.monitorPeriod, 1);
  const gracePeriodS = opts.gracePeriod === undefined ? defaults.nodeMonitorGracePeriodS : wholeSeconds('--grace-period', opts.gracePeriod, 1);
  const leaseS = opts.leaseDuration === undefined ? defaults.nodeLeaseDurationS : wholeSeconds('--lease-duration', opts.leaseDuration, 4);
  if (gracePeriodS <= monitorPeriodS) throw new UserError(`--grace-period (${gracePeriodS} s) must be longer than --monitor-period (${monitorPeriodS} s)`);
  if (gracePeriodS <= leaseS / 4) throw new UserError(`--grace-period (${gracePeriodS} s) must be longer than the lease renewal interval (a quarter of --lease-duration, ${leaseS / 4} s), or healthy nodes flap NotReady`);
  const large = opts.largeClusterSizeThreshold;
  if (large !== undefined && (!Number.isInteger(large) || large < 1)) throw new UserError(`--large-cluster-size-threshold: expected a whole number of nodes ≥ 1, got ${large}`);
  return {
    ...defaults,
    nodeMonitorPeriodS: monitorPeriodS,
    nodeMonitorGracePeriodS: gracePeriodS,
    nodeLeaseDurationS: leaseS,
    tolerationS: opts.toleration === undefined ? defaults.tolerationS : wholeSeconds('--toleration', opts.toleration, 0),
    podStartupMs: seconds('--pod-startup', opts.podStartup) * 1000,
    evictionRateNodesPerS: opts.evictionRate === undefined ? defaults.evictionRateNodesPerS : perSecond('--eviction-rate', opts.evictionRate),
    secondaryEvictionRateNodesPerS: opts.secondaryEvictionRate === undefined ? defaults.secondaryEvictionRateNodesPerS : perSecond('--secondary-eviction-rate', opts.secondaryEvictionRate),
    unhealthyZoneThresholdRatio: opts.unhealthyZoneThreshold === undefined ? defaults.unhealthyZoneThresholdRatio : ratio('--unhealthy-zone-threshold', opts.unhealthyZoneThreshold),
    largeClusterSizeThreshold: large ?? defaults.largeClusterSizeThreshold,
  };
}

/** `fleetsim validate kube --local`: a real control plane on loopback, each experiment beside the model. */
export async function validateKubeLocalAction(opts: KubeLocalCliOptions): Promise<void> {
  const output = requireFormat(opts.output, ['table', 'json', 'yaml'] as const);
  const experiments = localExperiments(opts.experiment);
  const { QUICK_SETTINGS, validateKubeLocal, validateKubeLocalText } = await import('../../live/kube/local/validateKubeLocal.js');
  const { KubeBinariesMissing } = await import('../../live/kube/local/binaries.js');
  const { OpensslMissing } = await import('../../live/kube/local/pki.js');
  if (!Number.isInteger(opts.nodes) || opts.nodes < 2 || opts.nodes > 50) throw new UserError(`--nodes: expected 2..50, got ${opts.nodes}`);
  if (!Number.isInteger(opts.zones) || opts.zones < 1 || opts.zones > opts.nodes) throw new UserError(`--zones: expected 1..${opts.nodes} (--nodes), got ${opts.zones}`);
  if (opts.replicas !== undefined && (!Number.isInteger(opts.replicas) || opts.replicas < 1 || opts.replicas > 500)) throw new UserError(`--replicas: expected 1..500, got ${opts.replicas}`);
  if (experiments.includes('scheduler-throughput')) {
    const most = (opts.nodes - 1) * 110;
    const r = opts.replicas ?? DEFAULT_REPLICAS['scheduler-throughput'];
    if (r < 2 || r > most) throw new UserError(`--replicas: scheduler-throughput needs 2..${most} replicas (what the ${opts.nodes - 1} surviving nodes of 110 pods hold), got ${r}`);
  }
  if ((experiments.includes('node-failure') || experiments.includes('api-outage')) && opts.replicas !== undefined && opts.replicas > (opts.nodes - 1) * 40) {
    // Nodes of 4 CPUs, pods of 100m: 40 a node; after the kill the others must hold them all.
    throw new UserError(`--replicas: node-failure and api-outage need at most ${(opts.nodes - 1) * 40} replicas (40 pods of 100m fit a 4-CPU node, and the ${opts.nodes - 1} surviving nodes must hold them all), got ${opts.replicas}`);
  }
  if (!Number.isInteger(opts.simTrials) || opts.simTrials < 1 || opts.simTrials > 10_000) throw new UserError(`--sim-trials: expected 1..10000, got ${opts.simTrials}`);
  if (opts.tmpDir !== undefined && !statSync(opts.tmpDir, { throwIfNoEntry: false })?.isDirectory()) throw new UserError(`--tmp-dir: "${opts.tmpDir}" is not a directory`);
  // Every input is checked before the first control plane starts.
  const settings = localSettings(opts, QUICK_SETTINGS);
  const pollMs = seconds('--poll', opts.poll ?? '100ms') * 1000;
  const timeoutMs = seconds('--timeout', opts.timeout) * 1000;
  if (!(pollMs > 0) || !(timeoutMs > 0)) throw new UserError('--poll and --timeout must be positive durations');
  const progress = output === 'table' ? (l: string) => process.stderr.write(`${l}\n`) : undefined;
  const rateTolerance = parsePercent(opts.rateTolerance);
  if (!rateTolerance.ok || !(rateTolerance.value > 0)) throw new UserError(`--rate-tolerance: expected a positive percentage, got "${opts.rateTolerance}"`);
  const stageToleranceS = seconds('--stage-tolerance', opts.stageTolerance);
  const common = {
    settings,
    nodes: opts.nodes,
    zones: opts.zones,
    pollMs,
    timeoutMs,
    simTrials: opts.simTrials,
    seed: opts.seed,
    heartbeatToleranceS: seconds('--heartbeat-tolerance', opts.heartbeatTolerance),
    recoveryToleranceS: seconds('--recovery-tolerance', opts.recoveryTolerance),
    binDir: opts.kubeBin,
    baseDir: opts.tmpDir,
    onProgress: progress,
  };
  const outageS = seconds('--outage', opts.outage);
  if (experiments.includes('api-outage') && !(outageS > settings.nodeMonitorGracePeriodS)) throw new UserError(`--outage (${outageS} s) must be longer than --grace-period (${settings.nodeMonitorGracePeriodS} s): a shorter outage is not one the node controller notices`);
  let zone: import('../../live/kube/local/validateZoneFailure.js').ValidateZoneFailureOptions | undefined;
  if (experiments.includes('zone-failure')) {
    const z = await import('../../live/kube/local/validateZoneFailure.js');
    zone = {
      settings: localSettings(opts, z.ZONE_SETTINGS),
      zones: opts.allZonesDown === true ? z.ALL_DOWN_LAYOUT : z.ZONE_LAYOUT,
      pollMs,
      windowS: seconds('--window', opts.window),
      timeoutMs,
      simTrials: opts.simTrials,
      seed: opts.seed,
      gapToleranceS: seconds('--gap-tolerance', opts.gapTolerance),
      firstTaintToleranceS: seconds('--first-taint-tolerance', opts.firstTaintTolerance),
      binDir: opts.kubeBin,
      baseDir: opts.tmpDir,
      onProgress: progress,
    };
    if (!(zone.windowS > 0)) throw new UserError('--window must be a positive duration');
  }
  const reports: LocalExperimentReport[] = [];
  for (const experiment of experiments) {
    try {
      if (experiment === 'node-failure') {
        const report = await validateKubeLocal({ ...common, replicas: opts.replicas ?? DEFAULT_REPLICAS[experiment] });
        reports.push({ experiment, agree: report.agree, report, text: validateKubeLocalText(report) });
      } else if (experiment === 'api-outage') {
        const { validateApiOutage, apiOutageText } = await import('../../live/kube/local/validateApiOutage.js');
        const report = await validateApiOutage({ ...common, replicas: opts.replicas ?? DEFAULT_REPLICAS[experiment], outageS });
        reports.push({ experiment, agree: report.agree, report, text: apiOutageText(report) });
      } else if (experiment === 'scheduler-throughput') {
        const { validateSchedulerThroughput, validateSchedulerThroughputText } = await import('../../live/kube/local/validateSchedulerThroughput.js');
        const report = await validateSchedulerThroughput({ ...common, replicas: opts.replicas ?? DEFAULT_REPLICAS[experiment], stageToleranceS, rateTolerance: rateTolerance.value });
        reports.push({ experiment, agree: report.agree, report, text: validateSchedulerThroughputText(report) });
      } else {
        const { validateZoneFailure, zoneFailureText } = await import('../../live/kube/local/validateZoneFailure.js');
        const report = await validateZoneFailure(zone!);
        reports.push({ experiment, agree: report.agree, report, text: zoneFailureText(report) });
      }
    } catch (err) {
      if (err instanceof KubeBinariesMissing || err instanceof OpensslMissing) throw new UserError(err.message);
      if (err instanceof RangeError) throw new UserError(err.message);
      throw new UserError(`the local control plane failed (${experiment}): ${(err as Error).message}`, EXIT_RUNTIME_ERROR);
    }
  }
  const agree = reports.every((r) => r.agree);
  if (output !== 'table') {
    const doc = { agree, experiments: reports.map((r) => ({ experiment: r.experiment, ...r.report })) };
    process.stdout.write(structuredText(doc, output, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)));
  } else process.stdout.write(reports.map((r) => `== ${r.experiment} ==\n${r.text}`).join('\n\n') + '\n');
  if (!agree) process.exitCode = EXIT_SLO_NOT_MET;
}

interface LocalExperimentReport {
  experiment: LocalExperiment;
  agree: boolean;
  report: object;
  text: string;
}

function localExperiments(text: string | undefined): LocalExperiment[] {
  if (text === undefined) return ['node-failure'];
  if (text === 'all') return [...LOCAL_EXPERIMENTS];
  const list = text.split(',').map((x) => x.trim());
  for (const x of list) if (!(LOCAL_EXPERIMENTS as readonly string[]).includes(x)) throw new UserError(`--experiment: with --local expected ${LOCAL_EXPERIMENTS.join(', ')}, a comma-separated list of them, or all; got "${x}"`);
  return [...new Set(list)] as LocalExperiment[];
}
