import type { Simulator } from '../../engine/simulator.js';
import type { FaultEpisode } from '../faults/schedule.js';
import type { Scenario } from '../../scenario/types.js';
import type { Fleet } from '../fleet/types.js';
import { staticTraffic } from '../residency/staticTraffic.js';
import { DatastoreRuntime } from '../state/datastoreRuntime.js';
import type { DatastoreOutcome, StoreSink, StoreWorld } from '../state/types.js';
import type { ReplicationInput } from './replicationTypes.js';
import { StoreEffectSink } from './storeEffects.js';

/** What the replication needs of a datastore runtime: told of the fleet's faults, asked for outcomes at the end. */
export interface StoreRuntime {
  onFault(ep: FaultEpisode, delta: 1 | -1): void;
  result(): DatastoreOutcome[];
}

/** Builds the datastore runtime of one replication (a seam: tests hand in one that emits effects they chose). */
export type StoreRuntimeFactory = (world: StoreWorld, sink: StoreSink) => StoreRuntime;

export const datastoreRuntime: StoreRuntimeFactory = (world, sink) => new DatastoreRuntime(world, sink);

/**
 * The design's datastores, when the run models traffic and the scenario declares any (or a test
 * hands in a factory); null otherwise, and then nothing of them exists: no events, no base latency,
 * results exactly as without the state model.
 */
export function buildStores(input: ReplicationInput, sim: Simulator, fleet: Fleet, factory: StoreRuntimeFactory | undefined): { runtime: StoreRuntime; sink: StoreEffectSink } | null {
  const scenario = input.scenario;
  if (scenario === undefined) return null;
  const make = factory ?? (scenario.workload.datastores.length > 0 ? datastoreRuntime : undefined);
  if (make === undefined) return null;
  const clientClusters = clientShares(input, scenario, fleet);
  const sink = new StoreEffectSink(scenario.workload.services.map((s) => s.name), fleet.clusters.length);
  const world: StoreWorld = {
    sim,
    fleet,
    scenario,
    design: input.design,
    clientClusters,
    seed: input.seed,
    replication: input.replication,
    horizonS: input.horizonS,
    warmupS: input.warmupS,
    ...(input.repeatQuietDays === false ? { repeatQuietDays: false } : {}),
  };
  return { runtime: make(world, sink), sink };
}

/**
 * Per service, the clusters that run it and each one's share of its requests (so of its reads and
 * writes): the scenario's mean demand routed through the healthy fleet as the simulator routes it
 * (users to the nearest entry clusters, calls by the mesh's locality), not the pod shares, which a
 * duplicated placement splits evenly whatever the users' split. A service no user request reaches
 * falls back to its pod shares.
 */
function clientShares(input: ReplicationInput, scenario: Scenario, fleet: Fleet): { cluster: number; share: number }[][] {
  const C = fleet.clusters.length;
  const services = input.design.infrastructure?.services ?? scenario.workload.services;
  const ready = new Int32Array(services.length * C);
  input.resolved.placement.services.forEach((p, s) => ready.set(p.placed, s * C));
  const routed = staticTraffic(scenario, input.design, services, ready, fleet).requestsPerS;
  return input.resolved.placement.services.map((p, s) => {
    let routedTotal = 0;
    let podTotal = 0;
    for (let c = 0; c < C; c++) {
      if (p.assigned[c] === 0) continue;
      routedTotal += routed[s * C + c];
      podTotal += p.assigned[c];
    }
    const out: { cluster: number; share: number }[] = [];
    for (let c = 0; c < C; c++) {
      if (p.assigned[c] === 0) continue;
      out.push({ cluster: c, share: routedTotal > 0 ? routed[s * C + c] / routedTotal : p.assigned[c] / podTotal });
    }
    return out;
  });
}
