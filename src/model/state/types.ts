import type { Simulator } from '../../engine/simulator.js';
import type { Design, Scenario } from '../../scenario/types.js';
import type { Fleet } from '../fleet/types.js';

/**
 * What the datastore runtime of one replication reads from the rest of the model (docs/state.md).
 * Pure data plus the simulator: the runtime schedules its own events (failover timers, member
 * failures, replication-lag changes) and is told about the fleet's faults by the fault replay.
 */
export interface StoreWorld {
  readonly sim: Simulator;
  readonly fleet: Fleet;
  /** The design's view of the scenario (workload.datastores, services' stores). */
  readonly scenario: Scenario;
  readonly design: Design;
  /**
   * Per service (workload order): the clusters that run it in this design (its placement), which are
   * the clusters that read and write its stores; and per such cluster its share of the service's pods.
   */
  readonly clientClusters: readonly (readonly { readonly cluster: number; readonly share: number }[])[];
  readonly seed: string | number;
  readonly replication: number;
  readonly horizonS: number;
  readonly warmupS: number;
  /** Count a quiet day again rather than carry it hour by hour (default true; false: the tests compare the two). */
  readonly repeatQuietDays?: boolean;
}

/**
 * What stores do to the requests of one service in one cluster, right now: the share of its requests
 * that fail because a read or write they need cannot be served, and the time its store operations add
 * to each request (network round trips to the members used plus their local read/commit time).
 */
export interface StoreClientEffect {
  readonly service: number;
  readonly cluster: number;
  readonly errorRatio: number;
  readonly latencyS: number;
}

/** Where the runtime sends its effects; the wiring applies them to the traffic models. */
export interface StoreSink {
  /** Once, at set-up: every (service, cluster) that uses a store, in the healthy fleet. */
  baseline(effects: readonly StoreClientEffect[]): void;
  /** Whenever some change: the new effect of each group that changed (back to its baseline included). */
  changed(effects: readonly StoreClientEffect[]): void;
}

/** One failover of a store in a replication (after warm-up). */
export interface FailoverRecord {
  readonly store: string;
  /** When the primary (or leader) was lost. */
  readonly atS: number;
  /** What lost it: 'zone' | 'region' | 'cluster' | 'member' | 'partition' | 'quorumLost' (too many voters down for a majority). */
  readonly cause: string;
  /** From the loss until writes were accepted again by clients (detection + promotion + reconnection; manual delay). NaN: never within the horizon. */
  readonly rtoS: number;
  /** Replication lag of the promoted member at promotion (async data lost, in seconds of writes). */
  readonly rpoS: number;
  readonly lostWrites: number;
  readonly lostBytes: number;
  /** Two primaries took writes at once (fencing: none). */
  readonly splitBrain: boolean;
  /**
   * A member was promoted. false: the primary came back before a promotion completed (the outage is
   * recorded, RTO = its length, but it is no failover: count only promoted records as failovers).
   */
  readonly promoted: boolean;
}

/** What one replication measured of one store (after warm-up). */
export interface DatastoreOutcome {
  readonly name: string;
  readonly kind: string;
  /** Share of write (read) demand that found the store writable (readable): time-weighted and demand-weighted over client clusters. */
  readonly writeAvailableRatio: number;
  readonly readAvailableRatio: number;
  /** Commit latency seen by writers (network to the primary + commit), write-weighted: mean and percentiles, in seconds. */
  readonly commitLatencyS: { readonly mean: number; readonly p50: number; readonly p99: number };
  readonly failovers: readonly FailoverRecord[];
  /** Bytes shipped to replicas, and those crossing a region boundary, by (from, to) region. */
  readonly replicationBytes: number;
  readonly interRegionReplicationBytes: readonly { readonly fromRegion: string; readonly toRegion: string; readonly bytes: number }[];
  /** Largest replication lag of any replica seen (seconds). */
  readonly maxLagS: number;
  /** Mean staleness of the reads served (seconds): the answering member's lag, read-weighted; 0 when every read goes to the primary. */
  readonly readStalenessS: number;
  /** Member-hours (for member pricing). */
  readonly memberHours: number;
}
