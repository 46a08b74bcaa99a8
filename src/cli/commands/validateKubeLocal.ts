import { statSync } from 'node:fs';
import { parseDuration, parsePercent } from '../../scenario/index.js';
import { EXIT_RUNTIME_ERROR, EXIT_SLO_NOT_MET, UserError } from '../exitCodes.js';
import { requireFormat, structuredText } from '../structuredOutput.js';

/** The experiments `--local` runs (`--experiment`, comma-separated, or `all`). */
export const KUBE_LOCAL_EXPERIMENTS = ['node-failure', 'scheduler-throughput'] as const;
export type KubeLocalExperiment = (typeof KUBE_LOCAL_EXPERIMENTS)[number];
const DEFAULT_REPLICAS: Record<KubeLocalExperiment, number> = { 'node-failure': 6, 'scheduler-throughput': 90 };

export function kubeLocalExperiments(text: string | undefined): KubeLocalExperiment[] {
  if (text === undefined || text === 'pod-kill') return ['node-failure'];
  if (text === 'all') return [...KUBE_LOCAL_EXPERIMENTS];
  const list = text.split(',').map((x) => x.trim());
  for (const x of list) if (!(KUBE_LOCAL_EXPERIMENTS as readonly string[]).includes(x)) throw new UserError(`--experiment: with --local expected ${KUBE_LOCAL_EXPERIMENTS.join(', ')}, a comma-separated list of them, or all; got "${x}"`);
  return [...new Set(list)] as KubeLocalExperiment[];
}

export interface KubeLocalCliOptions {
  experiment?: string;
  nodes: number;
  zones: number;
  /** Default per experiment (DEFAULT_REPLICAS). */
  replicas?: number;
  gracePeriod: string;
  monitorPeriod: string;
  leaseDuration: string;
  toleration: string;
  podStartup: string;
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

/** `fleetsim validate kube --local`: a real control plane on loopback, each experiment beside the model. */
export async function validateKubeLocalAction(opts: KubeLocalCliOptions): Promise<void> {
  const output = requireFormat(opts.output, ['table', 'json', 'yaml'] as const);
  const experiments = kubeLocalExperiments(opts.experiment);
  const { QUICK_SETTINGS, validateKubeLocal, validateKubeLocalText } = await import('../../live/kube/local/validateKubeLocal.js');
  const { validateSchedulerThroughput, validateSchedulerThroughputText } = await import('../../live/kube/local/validateSchedulerThroughput.js');
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
  if (experiments.includes('node-failure') && opts.replicas !== undefined && opts.replicas > (opts.nodes - 1) * 40) {
    // Nodes of 4 CPUs, pods of 100m: 40 a node; after the kill the others must hold them all.
    throw new UserError(`--replicas: node-failure needs at most ${(opts.nodes - 1) * 40} replicas (40 pods of 100m fit a 4-CPU node, and the ${opts.nodes - 1} surviving nodes must hold them all), got ${opts.replicas}`);
  }
  if (!Number.isInteger(opts.simTrials) || opts.simTrials < 1 || opts.simTrials > 10_000) throw new UserError(`--sim-trials: expected 1..10000, got ${opts.simTrials}`);
  if (opts.tmpDir !== undefined && !statSync(opts.tmpDir, { throwIfNoEntry: false })?.isDirectory()) throw new UserError(`--tmp-dir: "${opts.tmpDir}" is not a directory`);
  const monitorPeriodS = wholeSeconds('--monitor-period', opts.monitorPeriod, 1);
  const gracePeriodS = wholeSeconds('--grace-period', opts.gracePeriod, 1);
  const leaseS = wholeSeconds('--lease-duration', opts.leaseDuration, 4);
  if (gracePeriodS <= monitorPeriodS) throw new UserError(`--grace-period (${gracePeriodS} s) must be longer than --monitor-period (${monitorPeriodS} s)`);
  if (gracePeriodS <= leaseS / 4) throw new UserError(`--grace-period (${gracePeriodS} s) must be longer than the lease renewal interval (a quarter of --lease-duration, ${leaseS / 4} s), or healthy nodes flap NotReady`);
  const settings = {
    ...QUICK_SETTINGS,
    nodeMonitorPeriodS: monitorPeriodS,
    nodeMonitorGracePeriodS: gracePeriodS,
    nodeLeaseDurationS: leaseS,
    tolerationS: wholeSeconds('--toleration', opts.toleration, 0),
    podStartupMs: seconds('--pod-startup', opts.podStartup) * 1000,
  };
  const pollMs = seconds('--poll', opts.poll ?? '100ms') * 1000;
  const timeoutMs = seconds('--timeout', opts.timeout) * 1000;
  if (!(pollMs > 0) || !(timeoutMs > 0)) throw new UserError('--poll and --timeout must be positive durations');
  const rateTolerance = parsePercent(opts.rateTolerance);
  if (!rateTolerance.ok || !(rateTolerance.value > 0)) throw new UserError(`--rate-tolerance: expected a positive percentage, got "${opts.rateTolerance}"`);
  const stageToleranceS = seconds('--stage-tolerance', opts.stageTolerance);
  const heartbeatToleranceS = seconds('--heartbeat-tolerance', opts.heartbeatTolerance);
  const recoveryToleranceS = seconds('--recovery-tolerance', opts.recoveryTolerance);
  const onProgress = output === 'table' ? (l: string) => process.stderr.write(`${l}\n`) : undefined;
  const common = { settings, nodes: opts.nodes, zones: opts.zones, pollMs, timeoutMs, simTrials: opts.simTrials, seed: opts.seed, binDir: opts.kubeBin, baseDir: opts.tmpDir, onProgress };

  const results: { experiment: KubeLocalExperiment; report: { agree: boolean }; text: string }[] = [];
  for (const experiment of experiments) {
    const replicas = opts.replicas ?? DEFAULT_REPLICAS[experiment];
    try {
      if (experiment === 'node-failure') {
        const report = await validateKubeLocal({ ...common, replicas, heartbeatToleranceS, recoveryToleranceS });
        results.push({ experiment, report, text: validateKubeLocalText(report) });
      } else {
        const report = await validateSchedulerThroughput({ ...common, replicas, stageToleranceS, rateTolerance: rateTolerance.value });
        results.push({ experiment, report, text: validateSchedulerThroughputText(report) });
      }
    } catch (err) {
      if (err instanceof KubeBinariesMissing || err instanceof OpensslMissing) throw new UserError(err.message);
      if (err instanceof RangeError) throw new UserError(err.message);
      throw new UserError(`${experiment}: the local control plane failed: ${(err as Error).message}`, EXIT_RUNTIME_ERROR);
    }
  }
  const agree = results.every((r) => r.report.agree);
  // One experiment: its report as it always was; several: each under its name.
  const structured = results.length === 1 ? results[0].report : { experiments: Object.fromEntries(results.map((r) => [r.experiment, r.report])), agree };
  if (output !== 'table') process.stdout.write(structuredText(structured, output, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)));
  else process.stdout.write(results.map((r) => (results.length > 1 ? `== ${r.experiment} ==\n${r.text}` : r.text)).join('\n\n') + '\n');
  if (!agree) process.exitCode = EXIT_SLO_NOT_MET;
}
