import { statSync } from 'node:fs';
import { parseDuration } from '../../scenario/index.js';
import { EXIT_RUNTIME_ERROR, EXIT_SLO_NOT_MET, UserError } from '../exitCodes.js';
import { requireFormat, structuredText } from '../structuredOutput.js';

export interface KubeLocalCliOptions {
  experiment?: string;
  outage: string;
  nodes: number;
  zones: number;
  replicas: number;
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

/** `fleetsim validate kube --local`: a real control plane on loopback, one node killed, beside the model. */
export async function validateKubeLocalAction(opts: KubeLocalCliOptions): Promise<void> {
  const output = requireFormat(opts.output, ['table', 'json', 'yaml'] as const);
  const experiments = localExperiments(opts.experiment);
  const { QUICK_SETTINGS, validateKubeLocal, validateKubeLocalText } = await import('../../live/kube/local/validateKubeLocal.js');
  const { KubeBinariesMissing } = await import('../../live/kube/local/binaries.js');
  const { OpensslMissing } = await import('../../live/kube/local/pki.js');
  if (!Number.isInteger(opts.nodes) || opts.nodes < 2 || opts.nodes > 50) throw new UserError(`--nodes: expected 2..50, got ${opts.nodes}`);
  if (!Number.isInteger(opts.zones) || opts.zones < 1 || opts.zones > opts.nodes) throw new UserError(`--zones: expected 1..${opts.nodes} (--nodes), got ${opts.zones}`);
  if (!Number.isInteger(opts.replicas) || opts.replicas < 1 || opts.replicas > 500) throw new UserError(`--replicas: expected 1..500, got ${opts.replicas}`);
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
  const common = {
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
    onProgress: output === 'table' ? (l: string) => process.stderr.write(`${l}\n`) : undefined,
  };
  const outageS = seconds('--outage', opts.outage);
  if (experiments.includes('api-outage') && !(outageS > gracePeriodS)) throw new UserError(`--outage (${outageS} s) must be longer than --grace-period (${gracePeriodS} s): a shorter outage is not one the node controller notices`);
  const reports: LocalExperimentReport[] = [];
  for (const experiment of experiments) {
    try {
      if (experiment === 'node-failure') {
        const report = await validateKubeLocal(common);
        reports.push({ experiment, agree: report.agree, report, text: validateKubeLocalText(report) });
      } else {
        const { validateApiOutage, apiOutageText } = await import('../../live/kube/local/validateApiOutage.js');
        const report = await validateApiOutage({ ...common, outageS });
        reports.push({ experiment, agree: report.agree, report, text: apiOutageText(report) });
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

/** The local experiments, in the order `all` runs them. */
export const LOCAL_EXPERIMENTS = ['node-failure', 'api-outage'] as const;
type LocalExperiment = (typeof LOCAL_EXPERIMENTS)[number];

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
