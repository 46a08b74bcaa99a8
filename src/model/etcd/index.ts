// etcd as Raft: a message-level election model for episodes and the `fleetsim etcd` experiment,
// and a fleet-level EtcdCluster that costs no events while a leader holds its quorum.
export * from './config.js';
export { RaftModel, FOLLOWER, PRE_CANDIDATE, CANDIDATE, LEADER, type EpisodeResult, type RaftInitialState } from './raftModel.js';
export { runLeaderCrash, runLeaderCrashTrial, type LeaderCrashOptions, type LeaderCrashResult, type LeaderCrashTrial } from './leaderCrash.js';
export { EtcdCluster, type EtcdClusterOptions, type EtcdChange, type EtcdApiState } from './etcdCluster.js';
export { quorumAvailability, steadyStateUp } from './availability.js';
export { summarize, histogram, quantileSorted, type DistributionSummary, type HistogramBin } from './summary.js';
