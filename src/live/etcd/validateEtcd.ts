import { tmpdir } from 'node:os';
import { findEtcd, etcdMinorVersion, type EtcdBinary } from './binary.js';
import { LocalEtcdCluster } from './localCluster.js';
import { runEtcdExperiment, clientOverheadMs, type TrialRecord } from './experiments.js';
import { measureFdatasync } from './fsync.js';
import { liveRaftConfig, predict, LOOPBACK_RTT_MS, type EtcdExperiment } from './predict.js';
import { compareSamples, type Comparison, type Tolerance } from '../compare.js';
import { checkEtcdInput } from './checkInput.js';

/**
 * `fleetsim validate etcd` without the CLI: start the cluster, run each experiment K times, run the
 * model for the same configuration, compare. The input is checked before etcd is looked for; the
 * cluster is always stopped, also on errors.
 */
export interface ValidateEtcdOptions {
  etcdBin?: string;
  members: number;
  heartbeatMs: number;
  electionTimeoutMs: number;
  /** undefined: what the binary defaults to (off in 3.4, on from 3.5). */
  preVote?: boolean;
  experiments: readonly EtcdExperiment[];
  trials: number;
  simTrials: number;
  seed: string | number;
  /** One-way delay the peer proxy adds; with 0 and proxy false, no proxy. */
  peerOneWayDelayMs: number;
  proxy: boolean;
  /** 'auto': measure fdatasync in the data directory's file system. */
  fsyncMs: number | 'auto';
  pauseMs?: number;
  holdMs?: number;
  tolerance: Tolerance;
  baseDir?: string;
  onProgress?: (line: string) => void;
}

export interface ExperimentReport {
  experiment: EtcdExperiment;
  realMs: number[];
  /** Trials in which writes did not come back within the wait limit. */
  realTimedOut: number;
  simCensored: number;
  clientOverheadMs: number;
  comparison: Comparison;
  trials: TrialRecord[];
}

export interface ValidateEtcdReport {
  etcd: EtcdBinary;
  members: number;
  heartbeatMs: number;
  electionTimeoutMs: number;
  preVote: boolean;
  rttMs: number;
  fsyncMs: number;
  fsyncSource: string;
  proxy: boolean;
  peerOneWayDelayMs: number;
  seed: string | number;
  tolerance: Tolerance;
  experiments: ExperimentReport[];
  agree: boolean;
  /** Data folders of killed fleetsim runs (owner pid dead) removed before the start. */
  orphansRemoved: string[];
}

export function defaultPreVote(etcd: EtcdBinary): boolean {
  const [major, minor] = etcdMinorVersion(etcd.version);
  return major > 3 || (major === 3 && minor >= 5);
}

export async function validateEtcd(o: ValidateEtcdOptions): Promise<ValidateEtcdReport> {
  // Input first: a bad flag is reported as such whether or not etcd is installed.
  checkEtcdInput(o);
  const etcd = findEtcd(o.etcdBin);
  const preVote = o.preVote ?? defaultPreVote(etcd);
  const proxy = o.proxy || o.peerOneWayDelayMs > 0 || o.experiments.includes('leader-partition');
  const baseDir = o.baseDir ?? tmpdir();
  let fsyncMs: number;
  let fsyncSource: string;
  if (o.fsyncMs === 'auto') {
    const m = measureFdatasync(baseDir, 50);
    fsyncMs = m.medianMs;
    fsyncSource = `measured: median of ${m.samples} fdatasyncs of 4 KiB appends in ${baseDir} (p90 ${m.p90Ms.toFixed(2)} ms)`;
  } else {
    fsyncMs = o.fsyncMs;
    fsyncSource = 'given';
  }
  const rttMs = LOOPBACK_RTT_MS + 2 * o.peerOneWayDelayMs;
  const config = liveRaftConfig({ members: o.members, heartbeatMs: o.heartbeatMs, electionTimeoutMs: o.electionTimeoutMs, preVote, rttMs, fsyncMs });
  o.onProgress?.(`starting ${o.members} etcd ${etcd.version} members on 127.0.0.1${proxy ? ' behind peer proxies' : ''}`);
  const cluster = await LocalEtcdCluster.start({
    binary: etcd,
    members: o.members,
    heartbeatMs: o.heartbeatMs,
    electionTimeoutMs: o.electionTimeoutMs,
    preVote,
    proxy,
    peerOneWayDelayMs: o.peerOneWayDelayMs,
    baseDir,
  });
  if (cluster.orphansRemoved.length > 0) o.onProgress?.(`removed ${cluster.orphansRemoved.length} data folder(s) left by killed fleetsim runs: ${cluster.orphansRemoved.join(', ')}`);
  const reports: ExperimentReport[] = [];
  try {
    for (const experiment of o.experiments) {
      const result = await runEtcdExperiment(cluster, experiment, {
        trials: o.trials,
        pauseMs: o.pauseMs,
        holdMs: o.holdMs,
        onTrial: (t) => o.onProgress?.(`${experiment} ${t.trial + 1}/${o.trials}: writes back after ${Number.isNaN(t.unavailableMs) ? 'timeout' : `${t.unavailableMs.toFixed(0)} ms`}`),
      });
      const overhead = clientOverheadMs(result);
      const prediction = predict(experiment, config, { trials: o.simTrials, seed: o.seed, holdMs: o.holdMs });
      const realMs = result.trials.map((t) => t.unavailableMs).filter((x) => !Number.isNaN(x));
      const simMs = prediction.samplesMs.map((x) => x + overhead);
      reports.push({
        experiment,
        realMs,
        realTimedOut: result.trials.length - realMs.length,
        simCensored: prediction.censored,
        clientOverheadMs: overhead,
        comparison: compareSamples(realMs, simMs, o.tolerance),
        trials: result.trials,
      });
    }
  } finally {
    await cluster.stop();
  }
  return {
    etcd,
    members: o.members,
    heartbeatMs: o.heartbeatMs,
    electionTimeoutMs: o.electionTimeoutMs,
    preVote,
    rttMs,
    fsyncMs,
    fsyncSource,
    proxy,
    peerOneWayDelayMs: o.peerOneWayDelayMs,
    seed: o.seed,
    tolerance: o.tolerance,
    experiments: reports,
    agree: reports.every((r) => r.comparison.agree && r.realTimedOut === 0),
    orphansRemoved: cluster.orphansRemoved,
  };
}
