import type { ReplicationMode } from '../../scenario/types.js';

/**
 * The network part of a commit, in seconds (docs/state.md, "Commit latency"): the writer's round
 * trip to the primary, plus what the replication mode waits for after the primary's own flush:
 * - async: nothing;
 * - sync: the slowest synchronous standby's round trip (PostgreSQL with every listed standby
 *   required: synchronous_commit = on, FIRST n);
 * - semiSync: the fastest standby's acknowledgement (MySQL: one is enough), or nothing while
 *   degraded to async;
 * - quorum: the round trip to the (majority − 1)-th nearest other voter (the leader counts itself).
 * `standbyRttsS` are the primary's (leader's) round trips to the standbys that count: syncStandby
 * members for sync and semiSync, every other voter for quorum.
 */
export function commitNetworkS(mode: ReplicationMode | 'quorum', writerToPrimaryRttS: number, standbyRttsS: readonly number[], degraded = false): number {
  if (mode === 'async' || standbyRttsS.length === 0) return writerToPrimaryRttS;
  if (mode === 'semiSync') return degraded ? writerToPrimaryRttS : writerToPrimaryRttS + Math.min(...standbyRttsS);
  if (mode === 'sync') return writerToPrimaryRttS + Math.max(...standbyRttsS);
  // quorum: voters = standbys + the leader; a majority needs floor(n/2) acknowledgements from others.
  const voters = standbyRttsS.length + 1;
  const needed = Math.floor(voters / 2);
  const sorted = [...standbyRttsS].sort((a, b) => a - b);
  return writerToPrimaryRttS + (needed === 0 ? 0 : sorted[needed - 1]);
}

/**
 * Writes an asynchronous primary's failover loses: those committed on it that the promoted replica
 * had not received, i.e. the write rate times the replica's lag at that instant (a closed form; the
 * runtime integrates a changing rate over the lag window).
 */
export function asyncLostWrites(writeRatePerS: number, lagS: number): number {
  return writeRatePerS * Math.max(0, lagS);
}

/**
 * Replication lag of an asynchronous replica, in seconds: the one-way delay of the link plus the time
 * to ship the backlog of log not yet sent (bytes queued behind a link slower than the write stream,
 * or accumulated while the replica was cut off) at the link's bandwidth.
 */
export function replicationLagS(oneWayS: number, backlogBytes: number, bandwidthBytesPerS: number): number {
  return oneWayS + (bandwidthBytesPerS > 0 && Number.isFinite(bandwidthBytesPerS) ? backlogBytes / bandwidthBytesPerS : 0);
}
