import type { DatastoreOutcome } from '../model/state/types.js';

/**
 * A design's datastores in one replication (docs/state.md), JSON-safe like the rest of a replication
 * summary: "did not happen" (no write, no recovery before the horizon) is null, never NaN.
 * Aggregated over replications by datastoreResults.ts.
 */

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** One failover in a replication summary; "never recovered before the horizon" is rtoS null. */
export interface FailoverSummary {
  readonly atS: number;
  readonly cause: string;
  readonly rtoS: number | null;
  readonly rpoS: number;
  readonly lostWrites: number;
  readonly lostBytes: number;
  readonly splitBrain: boolean;
  /** false: the primary came back before a promotion completed (an outage, no failover). */
  readonly promoted: boolean;
}

/** One store in one replication (DesignReplicationSummary.datastores[]). */
export interface DatastoreSummary {
  readonly name: string;
  readonly kind: string;
  readonly writeAvailableRatio: number | null;
  readonly readAvailableRatio: number | null;
  readonly commitLatencyS: { readonly mean: number | null; readonly p50: number | null; readonly p99: number | null };
  /** Every loss of the primary (leader) after warm-up, failover or not. */
  readonly failovers: readonly FailoverSummary[];
  readonly replicationBytes: number;
  readonly interRegionReplicationBytes: readonly { readonly fromRegion: string; readonly toRegion: string; readonly bytes: number }[];
  readonly maxLagS: number | null;
  /** Mean staleness of the reads served (seconds, read-weighted); 0 when every read goes to the primary. */
  readonly readStalenessS: number | null;
  readonly memberHours: number;
}

export function datastoreSummary(o: DatastoreOutcome): DatastoreSummary {
  return {
    name: o.name,
    kind: o.kind,
    writeAvailableRatio: finiteOrNull(o.writeAvailableRatio),
    readAvailableRatio: finiteOrNull(o.readAvailableRatio),
    commitLatencyS: { mean: finiteOrNull(o.commitLatencyS.mean), p50: finiteOrNull(o.commitLatencyS.p50), p99: finiteOrNull(o.commitLatencyS.p99) },
    failovers: o.failovers.map((f) => ({
      atS: f.atS,
      cause: f.cause,
      rtoS: finiteOrNull(f.rtoS),
      rpoS: f.rpoS,
      lostWrites: f.lostWrites,
      lostBytes: f.lostBytes,
      splitBrain: f.splitBrain,
      promoted: f.promoted,
    })),
    replicationBytes: o.replicationBytes,
    interRegionReplicationBytes: o.interRegionReplicationBytes.map((b) => ({ fromRegion: b.fromRegion, toRegion: b.toRegion, bytes: b.bytes })),
    maxLagS: finiteOrNull(o.maxLagS),
    readStalenessS: finiteOrNull(o.readStalenessS),
    memberHours: o.memberHours,
  };
}
