import type { DatastoreOutcome, FailoverRecord } from '../../src/model/state/types.js';

/** Hand-made datastore outcomes (what a replication's runtime would report), for aggregation, cost and report tests. */
export function failover(rtoS: number, rpoS: number, lostWrites: number, extra: Partial<FailoverRecord> = {}): FailoverRecord {
  return { store: 'cart-db', atS: 86_400, cause: 'zone', rtoS, rpoS, lostWrites, lostBytes: lostWrites * 2048, splitBrain: false, promoted: true, ...extra };
}

export function outcome(extra: Partial<DatastoreOutcome> = {}): DatastoreOutcome {
  return {
    name: 'cart-db',
    kind: 'primaryReplica',
    writeAvailableRatio: 0.999,
    readAvailableRatio: 0.9995,
    commitLatencyS: { mean: 0.05, p50: 0.072, p99: 0.09 },
    failovers: [],
    replicationBytes: 2e9,
    interRegionReplicationBytes: [{ fromRegion: 'eu-west-1', toRegion: 'us-east-1', bytes: 1e9 }],
    maxLagS: 0.5,
    readStalenessS: 0,
    memberHours: 3 * 720,
    ...extra,
  };
}
