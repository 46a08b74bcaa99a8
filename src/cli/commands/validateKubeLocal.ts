import { statSync } from 'node:fs';
import { parseDuration } from '../../scenario/index.js';
import { EXIT_RUNTIME_ERROR, EXIT_SLO_NOT_MET, UserError } from '../exitCodes.js';
import { requireFormat, structuredText } from '../structuredOutput.js';
import { LOCAL_EXPERIMENTS } from '../../live/kube/local/experiments.js';

export interface KubeLocalCliOptions {
  /** Unset: node-failure (the kind path's default is its own). */
  experiment?: string;
  nodes: number;
  zones: number;
  replicas: number;
  /** Unset: the experiment's own default (LOCAL_TIMING_DEFAULTS). */
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
  kubeBin?: string;
  tmpDir?: string;
  output: string;
}

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

/** Which experiments `--experiment` names (default node-failure). */
export function localExperiments(text: string | undefined, known: readonly string[]): string[] {
  const list = text === undefined ? ['node-failure'] : text === 'all' ? [...known] : text.split(',').map((x) => x.trim());
  for (const e of list) if (!known.includes(e)) throw new UserError(`--experiment: with --local one of ${known.join(', ')}, a comma-separated list or all; got "${e}"`);
  return list;
}

/** The node-lifecycle and eviction settings from the flags, over the experiment's defaults. */
function localSettings<S extends import('../../live/kube/local/localKubeCluster.js').LocalKubeSettings>(opts: KubeLocalCliOptions, defaults: S): S {
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
  const experiments = localExperiments(opts.experiment, LOCAL_EXPERIMENTS);
  const { KubeBinariesMissing } = await import('../../live/kube/local/binaries.js');
  const { OpensslMissing } = await import('../../live/kube/local/pki.js');
  if (!Number.isInteger(opts.simTrials) || opts.simTrials < 1 || opts.simTrials > 10_000) throw new UserError(`--sim-trials: expected 1..10000, got ${opts.simTrials}`);
  if (opts.tmpDir !== undefined && !statSync(opts.tmpDir, { throwIfNoEntry: false })?.isDirectory()) throw new UserError(`--tmp-dir: "${opts.tmpDir}" is not a directory`);
  const pollMs = seconds('--poll', opts.poll ?? '100ms') * 1000;
  const timeoutMs = seconds('--timeout', opts.timeout) * 1000;
  if (!(pollMs > 0) || !(timeoutMs > 0)) throw new UserError('--poll and --timeout must be positive durations');
  const progress = output === 'table' ? (l: string) => process.stderr.write(`${l}\n`) : undefined;
  // Every input is checked before the first control plane starts.
  const runs: Array<() => Promise<{ name: string; report: { agree: boolean }; text: () => string }>> = [];
  for (const name of experiments) {
    if (name === 'node-failure') {
      const { QUICK_SETTINGS, validateKubeLocal, validateKubeLocalText } = await import('../../live/kube/local/validateKubeLocal.js');
      if (!Number.isInteger(opts.nodes) || opts.nodes < 2 || opts.nodes > 50) throw new UserError(`--nodes: expected 2..50, got ${opts.nodes}`);
      if (!Number.isInteger(opts.zones) || opts.zones < 1 || opts.zones > opts.nodes) throw new UserError(`--zones: expected 1..${opts.nodes} (--nodes), got ${opts.zones}`);
      if (!Number.isInteger(opts.replicas) || opts.replicas < 1 || opts.replicas > 500) throw new UserError(`--replicas: expected 1..500, got ${opts.replicas}`);
      const settings = localSettings(opts, QUICK_SETTINGS);
      const o = {
        settings,
        nodes: opts.nodes,
        zones: opts.zones,
        replicas: opts.replicas,
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
      runs.push(async () => {
        const report = await validateKubeLocal(o);
        return { name, report, text: () => validateKubeLocalText(report) };
      });
    } else {
      const { ALL_DOWN_LAYOUT, ZONE_LAYOUT, ZONE_SETTINGS, validateZoneFailure, zoneFailureText } = await import('../../live/kube/local/validateZoneFailure.js');
      const o = {
        settings: localSettings(opts, ZONE_SETTINGS),
        zones: opts.allZonesDown === true ? ALL_DOWN_LAYOUT : ZONE_LAYOUT,
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
      if (!(o.windowS > 0)) throw new UserError('--window must be a positive duration');
      runs.push(async () => {
        const report = await validateZoneFailure(o);
        return { name, report, text: () => zoneFailureText(report) };
      });
    }
  }
  const done: Array<{ name: string; report: { agree: boolean }; text: () => string }> = [];
  try {
    for (const r of runs) done.push(await r());
  } catch (err) {
    if (err instanceof KubeBinariesMissing || err instanceof OpensslMissing) throw new UserError(err.message);
    if (err instanceof RangeError) throw new UserError(err.message);
    throw new UserError(`the local control plane failed: ${(err as Error).message}`, EXIT_RUNTIME_ERROR);
  }
  const agree = done.every((d) => d.report.agree);
  // One experiment: its report as before; several: each under its name, and the overall verdict.
  const structured = done.length === 1 ? done[0].report : { experiments: Object.fromEntries(done.map((d) => [d.name, d.report])), agree };
  if (output !== 'table') process.stdout.write(structuredText(structured, output, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)));
  else process.stdout.write(done.map((d) => (done.length > 1 ? `== ${d.name}\n` : '') + d.text()).join('\n\n') + '\n');
  if (!agree) process.exitCode = EXIT_SLO_NOT_MET;
}
