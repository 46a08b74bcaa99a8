import { createStream } from '../../engine/rng.js';
import { quorumSize, resolveRaftConfig, type RaftConfig } from '../../model/etcd/config.js';
import { RaftModel } from '../../model/etcd/raftModel.js';

/**
 * The simulator's prediction for each live experiment, from the same Raft model `fleetsim etcd` uses
 * (src/model/etcd), configured like the real cluster: members, heartbeat, election timeout, pre-vote,
 * check-quorum (always on in etcd), the loopback RTT plus the proxy's delay, and the measured fsync.
 * Returned samples are the model's write unavailability in ms, one per simulated trial.
 */
export type EtcdExperiment = 'leader-kill' | 'leader-pause' | 'minority-kill' | 'majority-restore' | 'leader-partition';
export const ETCD_EXPERIMENTS: readonly EtcdExperiment[] = ['leader-kill', 'leader-pause', 'minority-kill', 'majority-restore', 'leader-partition'];

export interface LiveRaftSettings {
  members: number;
  heartbeatMs: number;
  electionTimeoutMs: number;
  preVote: boolean;
  /** Member-to-member RTT: loopback plus twice the proxy's one-way delay. */
  rttMs: number;
  fsyncMs: number;
}

/** Loopback RTT on Linux is tens of µs; 0.1 ms is a round, slightly pessimistic figure. */
export const LOOPBACK_RTT_MS = 0.1;

export function liveRaftConfig(s: LiveRaftSettings): RaftConfig {
  return resolveRaftConfig({
    members: s.members,
    rttMs: s.rttMs,
    heartbeatMs: s.heartbeatMs,
    electionTimeoutMs: s.electionTimeoutMs,
    preVote: s.preVote,
    checkQuorum: true,
    fsyncMs: s.fsyncMs,
    timerMode: 'etcdTicks',
  });
}

export interface PredictOptions {
  trials: number;
  seed: string | number;
  /** majority-restore: how long the majority stays down before it is restarted, ms. */
  holdMs?: number;
  /** Give up on a simulated trial after this long (counted as censored and left out). Default 120 s. */
  maxEpisodeS?: number;
}

export interface Prediction {
  samplesMs: number[];
  censored: number;
}

/** As src/model/etcd/leaderCrash.ts: long enough for every timer to have been reset by heartbeats. */
function warmupS(c: RaftConfig): number {
  return (2 * Math.max(c.electionTimeoutMaxMs, 2 * c.electionTimeoutMs) + c.heartbeatMs) / 1000;
}

/** The first `count` members other than `leader`, in a random order drawn from rng. */
function pickFollowers(members: number, leader: number, count: number, next: () => number): number[] {
  const others: number[] = [];
  for (let m = 0; m < members; m++) if (m !== leader) others.push(m);
  for (let i = others.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [others[i], others[j]] = [others[j], others[i]];
  }
  return others.slice(0, count);
}

/** Followers killed in the minority experiment: as many as can fail without losing quorum. */
export function minorityCount(members: number): number {
  return members - quorumSize(members);
}

export function predict(experiment: EtcdExperiment, config: RaftConfig, options: PredictOptions): Prediction {
  if (!Number.isInteger(options.trials) || options.trials < 1) throw new RangeError(`trials must be a positive integer, got ${options.trials}`);
  const n = config.members;
  if (n < 2) throw new RangeError('the experiments need at least 2 members');
  if (experiment === 'minority-kill' && minorityCount(n) < 1) throw new RangeError(`${n} members tolerate no failure: no minority to kill`);
  const model = new RaftModel(config);
  const maxEpisodeS = options.maxEpisodeS ?? 120;
  const samplesMs: number[] = [];
  let censored = 0;
  for (let t = 0; t < options.trials; t++) {
    const rng = createStream(options.seed, t, `live/etcd/${experiment}`);
    const leader = Math.floor(rng.next() * n);
    model.reset(rng, { leader });
    // The fault lands at a uniformly random phase of the heartbeat cycle, as a real kill does.
    model.sim.run({ untilS: warmupS(config) + rng.next() * (config.heartbeatMs / 1000) });
    if (experiment === 'leader-kill' || experiment === 'leader-pause') {
      // A pause longer than the largest randomized timeout looks to the followers exactly like a crash.
      model.beginEpisode();
      model.crash(leader);
    } else if (experiment === 'leader-partition') {
      model.beginEpisode();
      for (let m = 0; m < n; m++) if (m !== leader) model.setLink(leader, m, false);
    } else if (experiment === 'minority-kill') {
      model.beginEpisode();
      for (const f of pickFollowers(n, leader, minorityCount(n), () => rng.next())) model.crash(f);
      // The leader keeps its quorum: no new term should commit. Watch for one over a long window.
      const r = model.runEpisode(Math.min(maxEpisodeS, 4 * (2 * config.electionTimeoutMs) / 1000));
      if (!r.censored) samplesMs.push(r.writeUnavailableS * 1000);
      else if (model.currentLeader() === leader) samplesMs.push(0);
      else censored++;
      continue;
    } else {
      // The episode starts before the crash, so that a leader elected in a term some survivor already
      // reached while alone still counts; the sample is measured from the restart.
      const startS = model.nowS;
      model.beginEpisode();
      const down = [leader, ...pickFollowers(n, leader, quorumSize(n) - 1, () => rng.next())];
      for (const m of down) model.crash(m);
      const restartS = startS + (options.holdMs ?? 2 * config.electionTimeoutMs) / 1000;
      model.sim.run({ untilS: restartS });
      for (const m of down) model.restart(m);
      const r = model.runEpisode(restartS - startS + maxEpisodeS);
      if (r.censored) censored++;
      else samplesMs.push((startS + r.writeUnavailableS - restartS) * 1000);
      continue;
    }
    const r = model.runEpisode(maxEpisodeS);
    if (r.censored) censored++;
    else samplesMs.push(r.writeUnavailableS * 1000);
  }
  return { samplesMs, censored };
}
