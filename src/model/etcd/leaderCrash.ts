import { createStream } from '../../engine/rng.js';
import type { RaftConfig } from './config.js';
import { RaftModel, type EpisodeResult } from './raftModel.js';
import { summarize, type DistributionSummary } from './summary.js';

/**
 * The leader-crash experiment: a steady cluster (leader up, heartbeats flowing), then the leader
 * crashes at a uniformly random instant within a heartbeat interval; measure the time until a new
 * leader is elected and until it has committed its first entry (writes possible again).
 * Trial i draws from stream (seed, i, "etcd/leader-crash"), so a trial's result does not depend on
 * how many trials run.
 */
export interface LeaderCrashOptions {
  trials: number;
  seed: string | number;
  /** Which member leads before the crash: a fixed index, or uniformly random per trial (default). */
  leader?: number | 'random';
  /** Give up on a trial after this long without a commit (counted as censored). Default 600 s. */
  maxEpisodeS?: number;
}

export interface LeaderCrashTrial extends EpisodeResult {
  crashedLeader: number;
}

export interface LeaderCrashResult {
  trials: number;
  /** Trials that reached a commit within maxEpisodeS; the summaries cover these only. */
  completed: number;
  censored: number;
  timeToLeaderS: DistributionSummary;
  writeUnavailableS: DistributionSummary;
  /** Mean terms used per trial (1 = elected at the first attempt). */
  meanTermsElapsed: number;
  /** Fraction of completed trials that needed more than one term (a split or lost vote). */
  multiTermFraction: number;
  /** Per-trial results, in trial order. */
  samples: LeaderCrashTrial[];
}

/** Warm-up before the crash: long enough for every timer to have been reset by heartbeats. */
function warmupS(config: RaftConfig): number {
  return (2 * Math.max(config.electionTimeoutMaxMs, 2 * config.electionTimeoutMs) + config.heartbeatMs) / 1000;
}

export function runLeaderCrashTrial(model: RaftModel, seed: string | number, trial: number, options: Pick<LeaderCrashOptions, 'leader' | 'maxEpisodeS'> = {}): LeaderCrashTrial {
  const config = model.config;
  const rng = createStream(seed, trial, 'etcd/leader-crash');
  const choice = options.leader ?? 'random';
  const leader = choice === 'random' ? Math.floor(rng.next() * config.members) : choice;
  if (!Number.isInteger(leader) || leader < 0 || leader >= config.members) throw new RangeError(`leader ${leader} out of range`);
  model.reset(rng, { leader });
  const crashS = warmupS(config) + rng.next() * (config.heartbeatMs / 1000);
  model.sim.run({ untilS: crashS });
  model.beginEpisode();
  model.crash(leader);
  return { ...model.runEpisode(options.maxEpisodeS ?? 600), crashedLeader: leader };
}

export function runLeaderCrash(config: RaftConfig, options: LeaderCrashOptions): LeaderCrashResult {
  if (!Number.isInteger(options.trials) || options.trials < 1) throw new RangeError(`trials must be a positive integer, got ${options.trials}`);
  if (config.members < 2) throw new RangeError('the leader-crash experiment needs at least 2 members');
  const model = new RaftModel(config);
  const samples: LeaderCrashTrial[] = [];
  for (let i = 0; i < options.trials; i++) samples.push(runLeaderCrashTrial(model, options.seed, i, options));
  const done = samples.filter((s) => !s.censored);
  const terms = done.reduce((a, s) => a + s.termsElapsed, 0);
  return {
    trials: options.trials,
    completed: done.length,
    censored: samples.length - done.length,
    timeToLeaderS: summarize(done.map((s) => s.timeToLeaderS)),
    writeUnavailableS: summarize(done.map((s) => s.writeUnavailableS)),
    meanTermsElapsed: done.length > 0 ? terms / done.length : Number.NaN,
    multiTermFraction: done.length > 0 ? done.filter((s) => s.termsElapsed > 1).length / done.length : Number.NaN,
    samples,
  };
}
