import type { FaultEpisode } from '../faults/schedule.js';
import type { DatastoreOutcome, StoreSink, StoreWorld } from './types.js';

/**
 * The datastores of one design in one replication (docs/state.md): members up or down with the fleet,
 * replication lag, failover with its RTO and RPO, and what each service's requests feel.
 *
 * PLACEHOLDER (issue 17 scaffolding): no effects, no outcomes. Replaced by the state model.
 */
export class DatastoreRuntime {
  private readonly world: StoreWorld;

  constructor(world: StoreWorld, sink: StoreSink) {
    this.world = world;
    sink.baseline([]);
  }

  /** A fleet fault starts (+1) or ends (−1): zone, region, cluster and partitioning link faults move members. */
  onFault(_ep: FaultEpisode, _delta: 1 | -1): void {}

  /** After the run: one outcome per store the design places. */
  result(): DatastoreOutcome[] {
    return this.world.scenario.workload.datastores.map(() => {
      throw new Error('datastore runtime not implemented');
    });
  }
}
