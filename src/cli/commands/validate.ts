import type { Command } from 'commander';
import { table } from '../../report/terminalTable.js';
import { EXIT_RUNTIME_ERROR, EXIT_SLO_NOT_MET, UserError } from '../exitCodes.js';
import { parseScenario, formatError, parseDuration, parsePercent } from '../../scenario/index.js';
import { EtcdNotFoundError } from '../../live/etcd/binary.js';
import { ETCD_EXPERIMENTS, type EtcdExperiment } from '../../live/etcd/predict.js';
import { validateEtcd, type ValidateEtcdReport } from '../../live/etcd/validateEtcd.js';
import { compareSamples, type Comparison } from '../../live/compare.js';
import { statSync } from 'node:fs';
import { PostgresNotFoundError } from '../../live/postgres/binaries.js';
import { DEFAULT_POSTGRES_TOLERANCE, validatePostgres, type ValidatePostgresReport } from '../../live/postgres/validatePostgres.js';
import { postgresReportText } from '../../live/postgres/reportText.js';
import type { KillMode } from '../../live/postgres/experiments.js';
import { requireFormat, structuredText } from '../structuredOutput.js';
import { resolveScenarioArg } from '../scenarioSource.js';
import type { KubeLocalCliOptions } from './validateKubeLocal.js';

function durationMs(flag: string, text: string): number {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new UserError(`${flag}: expected ${parsed.expected}, got "${text}"${parsed.hint ? ` (${parsed.hint})` : ''}`);
  return parsed.value * 1000;
}

const fmt = (x: number) => (Number.isNaN(x) ? '-' : x.toFixed(0));

function comparisonRows(label: string, c: Comparison, unit: (x: number) => string): string[][] {
  return [
    [label, 'real', String(c.real.count), unit(c.real.median), unit(c.real.p90), unit(c.real.max), c.ks.toFixed(2), c.ksCritical.toFixed(2), c.agree ? 'agree' : 'DISAGREE'],
    ['', 'sim', String(c.sim.count), unit(c.sim.median), unit(c.sim.p90), unit(c.sim.max), '', '', ''],
  ];
}

interface EtcdCliOptions {
  cluster?: string;
  members?: number;
  heartbeat?: string;
  electionTimeout?: string;
  preVote?: boolean;
  experiment: string;
  trials: number;
  simTrials: number;
  seed: string;
  peerDelay: string;
  proxy: boolean;
  fsync: string;
  pause?: string;
  hold?: string;
  etcdBin?: string;
  alpha: string;
  medianTolerance: string;
  tmpDir?: string;
  output: string;
}

function etcdReportText(r: ValidateEtcdReport): string {
  const lines = [
    `etcd ${r.etcd.version} (${r.etcd.path}): ${r.members} members on 127.0.0.1${r.proxy ? `, peer traffic through proxies adding ${r.peerOneWayDelayMs} ms each way` : ''}`,
    `heartbeat ${r.heartbeatMs} ms, election timeout ${r.electionTimeoutMs} ms, pre-vote ${r.preVote ? 'on' : 'off'}, check-quorum on`,
    `simulated with: member RTT ${r.rttMs} ms, fsync ${r.fsyncMs.toFixed(2)} ms (${r.fsyncSource}), seed ${r.seed}`,
    `tolerance: medians within ±max(${(r.tolerance.medianRelative * 100).toFixed(0)}% of the simulated median, ${r.tolerance.absoluteMs} ms) and two-sample KS below its α = ${r.tolerance.alpha} critical value`,
    '',
    table(
      ['write unavailability ms', 'source', 'n', 'median', 'p90', 'max', 'KS', 'KS crit', 'verdict'],
      r.experiments.flatMap((e) => comparisonRows(e.experiment, e.comparison, fmt)),
    ),
    '',
  ];
  for (const e of r.experiments) {
    lines.push(`${e.experiment}: real trials (ms) ${e.realMs.map(fmt).join(' ')}${e.realTimedOut > 0 ? `; ${e.realTimedOut} timed out` : ''}`);
    lines.push(`  simulation + client overhead ${e.clientOverheadMs.toFixed(1)} ms (put latency before the fault + half the 5 ms probe interval${e.experiment === 'majority-restore' ? ' + member start-up' : ''})${e.simCensored > 0 ? `; ${e.simCensored} simulated trials without a leader left out` : ''}`);
    if (!e.comparison.agree) lines.push(`  DISAGREE: ${e.comparison.reason}`);
  }
  if (r.orphansRemoved.length > 0) lines.push('', `Removed ${r.orphansRemoved.length} data folder(s) left by killed fleetsim runs: ${r.orphansRemoved.join(', ')}`);
  lines.push('', r.agree ? 'The model agrees with real etcd within the tolerance.' : 'The model and real etcd DISAGREE beyond the tolerance (exit code 3).');
  return lines.join('\n');
}

/** `fleetsim validate etcd`: real etcd processes beside the Raft model. */
export async function validateEtcdAction(scenarioPath: string | undefined, opts: EtcdCliOptions, cmd: Command) {
  const output = requireFormat(opts.output, ['table', 'json', 'yaml'] as const);
  if (opts.trials < 1 || opts.trials > 1000) throw new UserError('--trials must be 1..1000');
  if (opts.simTrials < 1 || opts.simTrials > 1_000_000) throw new UserError('--sim-trials must be 1..1000000');
  const experiments = (opts.experiment === 'all' ? [...ETCD_EXPERIMENTS] : opts.experiment.split(',').map((s) => s.trim())) as EtcdExperiment[];
  for (const e of experiments) if (!ETCD_EXPERIMENTS.includes(e)) throw new UserError(`--experiment: unknown "${e}"; one of ${ETCD_EXPERIMENTS.join(', ')}, all`);
  let members = opts.members ?? 3;
  let heartbeatMs = 100;
  let electionTimeoutMs = 1000;
  let preVote = cmd.getOptionValueSource('preVote') === 'cli' ? opts.preVote : undefined;
  if (scenarioPath !== undefined) {
    if (opts.cluster === undefined) throw new UserError('with a scenario file, name the cluster: --cluster NAME');
    if (opts.members !== undefined) throw new UserError('--members comes from the scenario; drop it or drop the scenario');
    const source = resolveScenarioArg(scenarioPath);
    const loaded = parseScenario(source.text, source.name);
    if (!loaded.ok) throw new UserError(loaded.errors.map((e) => formatError(e)).join('\n'));
    const cluster = loaded.scenario.clusters.find((c) => c.name === opts.cluster);
    if (cluster === undefined) throw new UserError(`no cluster "${opts.cluster}" in ${scenarioPath}; clusters: ${loaded.scenario.clusters.map((c) => c.name).join(', ')}`);
    if (cluster.controlPlane.kind !== 'selfManaged') throw new UserError(`cluster "${cluster.name}" has a managed control plane: no etcd settings to validate`);
    const etcd = cluster.controlPlane.etcd;
    members = etcd.memberCount;
    heartbeatMs = etcd.heartbeatIntervalS * 1000;
    electionTimeoutMs = etcd.electionTimeoutS * 1000;
    preVote ??= etcd.preVote;
  } else if (opts.cluster !== undefined) throw new UserError('--cluster needs a scenario file');
  if (opts.heartbeat !== undefined) heartbeatMs = durationMs('--heartbeat', opts.heartbeat);
  if (opts.electionTimeout !== undefined) electionTimeoutMs = durationMs('--election-timeout', opts.electionTimeout);
  if (members < 2 || members > 9) throw new UserError('--members must be 2..9 for a local cluster');
  if (electionTimeoutMs < 5 * heartbeatMs) throw new UserError(`election timeout (${electionTimeoutMs} ms) must be at least 5 × heartbeat (${heartbeatMs} ms), as etcd requires`);
  const alpha = Number(opts.alpha);
  if (!(alpha > 0 && alpha < 1)) throw new UserError(`--alpha must be in (0, 1), got "${opts.alpha}"`);
  const tol = parsePercent(opts.medianTolerance);
  if (!tol.ok) throw new UserError(`--median-tolerance: expected ${tol.expected}, got "${opts.medianTolerance}"`);
  const fsyncMs = opts.fsync === 'auto' ? ('auto' as const) : durationMs('--fsync', opts.fsync);
  const progress = opts.output === 'table' && process.stderr.isTTY ? (l: string) => process.stderr.write(`${l}\n`) : undefined;
  let report: ValidateEtcdReport;
  try {
    report = await validateEtcd({
      etcdBin: opts.etcdBin,
      members,
      heartbeatMs,
      electionTimeoutMs,
      preVote,
      experiments,
      trials: opts.trials,
      simTrials: opts.simTrials,
      seed: opts.seed,
      peerOneWayDelayMs: durationMs('--peer-delay', opts.peerDelay),
      proxy: opts.proxy,
      fsyncMs,
      pauseMs: opts.pause !== undefined ? durationMs('--pause', opts.pause) : undefined,
      holdMs: opts.hold !== undefined ? durationMs('--hold', opts.hold) : undefined,
      // One heartbeat: the model counts time in ticks, so it cannot be finer than that.
      tolerance: { alpha, medianRelative: tol.value, absoluteMs: heartbeatMs },
      baseDir: opts.tmpDir,
      onProgress: progress,
    });
  } catch (err) {
    if (err instanceof EtcdNotFoundError || err instanceof RangeError) throw new UserError(err.message);
    throw err;
  }
  if (output !== 'table') process.stdout.write(structuredText(report, output, (_k, v) => (typeof v === 'number' && Number.isNaN(v) ? null : v)));
  else process.stdout.write(etcdReportText(report) + '\n');
  if (!report.agree) process.exitCode = EXIT_SLO_NOT_MET;
}

interface KubeCliOptions extends KubeLocalCliOptions {
  local: boolean;
  context?: string;
  allowContext: string[];
  kubeconfig?: string;
  experiment?: string;
  namespace: string;
  deployment?: string;
  trials: number;
  pods: number;
  docker: string;
  requestTimeout: string;
  medianTolerance: string;
}

/** `fleetsim validate kube`: a node-stop or pod-kill experiment on a kind cluster (or, with --local, a node failure on a loopback control plane) beside the simulation. */
export async function validateKubeAction(opts: KubeCliOptions) {
  if (opts.local) {
    const { validateKubeLocalAction } = await import('./validateKubeLocal.js');
    return validateKubeLocalAction(opts);
  }
  if (opts.context === undefined) throw new UserError('--context is required (or --local for a control plane started on 127.0.0.1)');
  if (opts.deployment === undefined) throw new UserError('--deployment is required with --context');
  const context = opts.context;
  const deployment = opts.deployment;
  const experiment = opts.experiment ?? 'pod-kill';
  if (experiment !== 'node-stop' && experiment !== 'pod-kill') throw new UserError(`--experiment must be node-stop or pod-kill, got "${experiment}"`);
  const output = requireFormat(opts.output, ['table', 'json', 'yaml'] as const);
  if (opts.trials < 1 || opts.pods < 1 || opts.simTrials < 1) throw new UserError('--trials, --pods and --sim-trials must be at least 1');
  const tol = parsePercent(opts.medianTolerance);
  if (!tol.ok) throw new UserError(`--median-tolerance: expected ${tol.expected}, got "${opts.medianTolerance}"`);
  const pollMs = durationMs('--poll', opts.poll ?? '1s');
  const timeoutMs = durationMs('--timeout', opts.timeout);
  const requestTimeoutMs = durationMs('--request-timeout', opts.requestTimeout);
  if (!(pollMs > 0) || !(timeoutMs > 0) || !(requestTimeoutMs > 0)) throw new UserError('--poll, --timeout and --request-timeout must be positive durations');
  const { serverRefusal } = await import('../../live/kube/contextGuard.js');
  const { contextServer, KubeApiError } = await import('../../live/kube/apiClient.js');
  const { loadKubeConfig } = await import('../../live/kube/snapshot.js');
  const { validateKube, KubeExperimentRefused, KubeExperimentFailed } = await import('../../live/kube/validateKube.js');
  const { predictNodeStop, predictPodKill } = await import('../../live/kube/predictKube.js');
  let kc;
  try {
    kc = await loadKubeConfig(opts.kubeconfig);
  } catch (err) {
    throw new UserError(`cannot read the kubeconfig: ${(err as Error).message}`);
  }
  if (!kc.getContexts().some((c) => c.name === context)) throw new UserError(`no context "${context}" in the kubeconfig; contexts: ${kc.getContexts().map((c) => c.name).join(', ') || 'none'}`);
  // Before any request: a context whose server is not on this machine is refused by its URL.
  const early = serverRefusal(context, contextServer(kc, context), opts.allowContext);
  if (early !== undefined) throw new UserError(early);
  let result;
  try {
    result = await validateKube({
      kubeconfig: kc,
      context: context,
      allowContexts: opts.allowContext,
      namespace: opts.namespace,
      workload: deployment,
      experiment: experiment,
      trials: opts.trials,
      pods: opts.pods,
      pollMs,
      timeoutMs,
      docker: opts.docker,
      requestTimeoutMs,
      onProgress: opts.output === 'table' ? (l) => process.stderr.write(`${l}\n`) : undefined,
    });
  } catch (err) {
    if (err instanceof KubeExperimentRefused) throw new UserError(err.message);
    // (An unreachable cluster is refused above, exit 2, before anything is touched.) The API
    // failing mid-experiment: exit 1 with a sentence, not "internal error".
    if (err instanceof KubeApiError || err instanceof KubeExperimentFailed) throw new UserError(err.message, EXIT_RUNTIME_ERROR);
    throw err;
  }
  const input = { snapshot: result.snapshot, namespace: opts.namespace, workload: deployment, trials: opts.simTrials, seed: opts.seed };
  const realS = result.trials.map((t) => t.recoveredS).filter((x) => !Number.isNaN(x));
  let simS: number[];
  try {
    simS = experiment === 'node-stop' ? predictNodeStop({ ...input, nodeName: result.firstNode! }).samplesS : predictPodKill({ ...input, pods: opts.pods });
  } catch (err) {
    // The real trials took minutes: never lose them to a failing prediction.
    process.stderr.write(`real trials (s): ${result.trials.map((t) => (Number.isNaN(t.recoveredS) ? 'timeout' : t.recoveredS.toFixed(1))).join(' ')}\n`);
    throw new UserError(`the simulation of ${experiment} failed: ${(err as Error).message}`, EXIT_RUNTIME_ERROR);
  }
  // With a handful of trials the KS test says little; the median check carries the verdict, with
  // the polling period as the absolute floor (the measurement cannot resolve less).
  const cmp = compareSamples(realS, simS, { alpha: 0.01, medianRelative: tol.value, absoluteMs: pollMs / 1000 });
  const agree = cmp.agree && realS.length === result.trials.length;
  if (output !== 'table') {
    process.stdout.write(structuredText({ context: context, experiment: experiment, replicas: result.replicas, trials: result.trials, comparison: cmp, agree }, output, (_k, v) => (typeof v === 'number' && Number.isNaN(v) ? null : v)));
  } else {
    const s = (x: number) => (Number.isNaN(x) ? '-' : x.toFixed(1));
    process.stdout.write(
      [
        `${experiment} on ${context}: ${opts.namespace}/${deployment}, ${result.replicas} replicas`,
        '',
        table(['time to all replicas ready, s', 'source', 'n', 'median', 'p90', 'max', 'KS', 'KS crit', 'verdict'], comparisonRows(experiment, cmp, s)),
        '',
        agree ? 'The model agrees with the cluster within the tolerance.' : `DISAGREE: ${cmp.reason}${realS.length < result.trials.length ? '; some trials timed out' : ''}`,
      ].join('\n') + '\n',
    );
  }
  if (!agree) process.exitCode = EXIT_SLO_NOT_MET;
}

interface PostgresCliOptions {
  rtt: string;
  commitSamples: number;
  trials: number;
  syncTrials: number;
  kill: string;
  rate: number;
  connections?: number;
  load: string;
  detection: string;
  checkInterval: string;
  promotion: string;
  reconnect: string;
  lostTolerance: string;
  pgBin?: string;
  tmpDir?: string;
  output: string;
  json?: boolean;
}

const KILL_MODES: readonly KillMode[] = ['crash', 'cut'];

/** `fleetsim validate postgres`: a real primary and standby beside the state model. */
export async function validatePostgresAction(opts: PostgresCliOptions) {
  const output = requireFormat(opts.json === true ? 'json' : opts.output, ['table', 'json', 'yaml'] as const);
  const rttsMs = opts.rtt.split(',').map((t) => durationMs('--rtt', t.trim()));
  const kills = opts.kill.split(',').map((k) => k.trim()) as KillMode[];
  for (const k of kills) if (!KILL_MODES.includes(k)) throw new UserError(`--kill: unknown "${k}"; one of ${KILL_MODES.join(', ')}`);
  if (opts.tmpDir !== undefined && !statSync(opts.tmpDir, { throwIfNoEntry: false })?.isDirectory()) throw new UserError(`--tmp-dir: "${opts.tmpDir}" is not a directory`);
  const lost = parsePercent(opts.lostTolerance);
  if (!lost.ok) throw new UserError(`--lost-tolerance: expected ${lost.expected}, got "${opts.lostTolerance}"`);
  const maxRtt = Math.max(...rttsMs);
  const connections = opts.connections ?? Math.min(30, Math.max(4, Math.ceil((opts.rate * (maxRtt + 20)) / 1000) + 2));
  const progress = output === 'table' && process.stderr.isTTY ? (l: string) => process.stderr.write(`${l}\n`) : undefined;
  let report: ValidatePostgresReport;
  try {
    report = await validatePostgres({
      pgBinDir: opts.pgBin,
      rttsMs,
      commitSamples: opts.commitSamples,
      trials: opts.trials,
      syncTrials: opts.syncTrials,
      kills: [...new Set(kills)],
      ratePerS: opts.rate,
      connections,
      loadMs: durationMs('--load', opts.load),
      detectionMs: durationMs('--detection', opts.detection),
      checkIntervalMs: durationMs('--check-interval', opts.checkInterval),
      promotionMs: durationMs('--promotion', opts.promotion),
      reconnectMs: durationMs('--reconnect', opts.reconnect),
      tolerance: { ...DEFAULT_POSTGRES_TOLERANCE, lostRelative: lost.value },
      baseDir: opts.tmpDir,
      onProgress: progress,
    });
  } catch (err) {
    if (err instanceof PostgresNotFoundError || err instanceof RangeError) throw new UserError(err.message);
    throw err;
  }
  if (output !== 'table') process.stdout.write(structuredText(report, output, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)));
  else process.stdout.write(postgresReportText(report) + '\n');
  if (!report.agree) process.exitCode = EXIT_SLO_NOT_MET;
}

/** `fleetsim validate etcd|kube|proxy|postgres`: put the real system's numbers beside the simulator's. */

