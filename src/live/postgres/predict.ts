import { asyncLostWrites, commitNetworkS, replicationLagS } from '../../model/state/commitLatency.js';

/**
 * The state model's predictions for the rig's configuration (docs/state.md; the closed forms of
 * src/model/state/commitLatency.ts): the writer sits next to its primary (writer RTT 0), one standby
 * at the link's RTT, the link's bandwidth unlimited (loopback), so no backlog.
 */

/**
 * Commit latency: commitNetworkS(mode, 0, [rtt]) + the local commit time (measured: the model takes it
 * as an input), + for sync the standby's own flush before it acknowledges (the state model adds one
 * more local commit: src/model/state/routes.ts standbyFlushS; this experiment is what showed it).
 */
export function predictedCommitMs(mode: 'async' | 'sync', rttMs: number, localCommitMs: number): number {
  return commitNetworkS(mode, 0, [rttMs / 1000]) * 1000 + localCommitMs + (mode === 'sync' ? localCommitMs : 0);
}

/**
 * Writes an asynchronous failover loses: asyncLostWrites(rate, lag) with lag = replicationLagS(one-way,
 * 0, ∞) + the sender's own delay (WAL flushed and acknowledged but not yet sent; measured).
 */
export function predictedLostWrites(ratePerS: number, oneWayMs: number, senderDelayMs: number): number {
  return asyncLostWrites(ratePerS, replicationLagS(oneWayMs / 1000, 0, Number.POSITIVE_INFINITY) + senderDelayMs / 1000);
}

/** Failover settings as the model takes them (DatastoreSpec failover: detection, promotion, reconnect). */
export interface ModelFailover {
  readonly detectionMs: number;
  readonly promotionMs: number;
  readonly reconnectMs: number;
}

/** RTO: loss → writes accepted again = detection + promotion + reconnect (automatic failover). */
export function predictedRtoMs(f: ModelFailover): number {
  return f.detectionMs + f.promotionMs + f.reconnectMs;
}
