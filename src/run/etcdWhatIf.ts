// The etcd leader-crash what-if for the faces (`fleetsim etcd`): the model's Raft pieces through
// run/, so cli/ never reaches into model/, plus the bounds a command line must stay within.
export { electionTicks, resolveRaftConfig, MAX_MEMBERS, type RaftConfig, type RaftConfigInput } from '../model/etcd/config.js';
export { runLeaderCrash, type LeaderCrashResult } from '../model/etcd/leaderCrash.js';
export { histogram, type DistributionSummary, type HistogramBin } from '../model/etcd/summary.js';

/**
 * Beyond these a leader-crash run would not finish, or its histogram would not fit a terminal or a
 * JSON file (`--bins 1e9` once allocated a billion bins).
 */
export const ETCD_LIMITS = { trials: 1_000_000, bins: 1000, electionTimeouts: 20 } as const;

/** Why these numbers cannot be run, or null. */
export function etcdLimitProblem(o: { readonly trials: number; readonly bins: number; readonly electionTimeouts: number }): string | null {
  if (!Number.isInteger(o.trials) || o.trials < 1 || o.trials > ETCD_LIMITS.trials) return `--trials must be a whole number from 1 to ${ETCD_LIMITS.trials.toLocaleString('en-US')}, got ${o.trials}`;
  if (!Number.isInteger(o.bins) || o.bins < 1 || o.bins > ETCD_LIMITS.bins) return `--bins must be a whole number from 1 to ${ETCD_LIMITS.bins}, got ${o.bins}`;
  if (o.electionTimeouts > ETCD_LIMITS.electionTimeouts) return `--election-timeout lists ${o.electionTimeouts} values; compare at most ${ETCD_LIMITS.electionTimeouts} at once`;
  return null;
}
