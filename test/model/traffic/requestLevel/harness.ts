import { generateFaultSchedule } from '../../../../src/model/faults/schedule.js';
import { FaultReplay } from '../../../../src/model/replication/faultReplay.js';
import { ReplicationMetrics } from '../../../../src/model/replication/replicationMetrics.js';
import type { ReplicationResult } from '../../../../src/model/replication/replicationTypes.js';
import { wireReplication } from '../../../../src/model/replication/replicationWiring.js';
import { FaultRecorder } from '../../../../src/model/runtime/faultRecords.js';
import { RequestLevelTraffic, type RequestLevelSummary } from '../../../../src/model/traffic/requestLevel.js';
import { FluidTraffic } from '../../../../src/model/traffic/fluid.js';
import type { RuntimeState } from '../../../../src/model/runtime/state.js';
import { Simulator } from '../../../../src/engine/simulator.js';
import { world, type World } from '../../runtime/fixture.js';

export { world };

/**
 * One replication in 'requests' mode, as runReplication runs it, returning the request level's own
 * summary (failure causes, attempts, queues) beside the replication's result.
 */
export function runRequests(w: World, design = 0, replication = 0): { result: ReplicationResult; requests: RequestLevelSummary } {
  const sc = w.scenario;
  const input = {
    fleet: w.fleet,
    clusters: sc.clusters,
    design: sc.designs[design],
    resolved: w.designs[design],
    faults: generateFaultSchedule({ fleet: w.fleet, clusters: sc.clusters, faults: sc.faults, horizonS: sc.run.horizonS, seed: sc.run.seed, replication }),
    seed: sc.run.seed,
    replication,
    horizonS: sc.run.horizonS,
    warmupS: sc.run.warmupS,
    scenario: sc,
    trafficMode: 'requests' as const,
  };
  const wiring = wireReplication(input);
  const recorder = new FaultRecorder();
  const metrics = new ReplicationMetrics(wiring, recorder, input.warmupS);
  new FaultReplay(wiring, recorder).schedule(input.faults, input.horizonS);
  metrics.scheduleWarmup(input.warmupS);
  wiring.sim.run({ untilS: input.horizonS });
  recorder.finish();
  return { result: metrics.result(input), requests: wiring.requestLevel!.summary() };
}

/**
 * One cluster, one service `app` (pods × concurrency servers, the given service time) that may call
 * `backend` (24 pods of 8, exponential 10 ms: never a queue), users at `ratePerS`. `traffic` is put
 * inside the design's traffic block; `calls` inside app's service.
 */
export function onePool(o: { ratePerS: number; pods: number; concurrency: number; serviceTime: string; traffic?: string; calls?: string; horizon?: string; warmup?: string; backendTime?: string }): string {
  return `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: one-pool }
topology:
  regions: [ { name: us-east-1 } ]
clusters:
  - name: c1
    region: us-east-1
    nodePools: [ { name: pool, instanceType: m6i.4xlarge, count: 8 } ]
    controlPlane: { managed: { tier: eks-standard } }
workload:
  services:
    - name: app
      replicas: ${o.pods}
      cpu: 100m
      memory: 128Mi
      concurrencyPerPod: ${o.concurrency}
      serviceTime: ${o.serviceTime}
      calls: [ ${o.calls ?? ''} ]
    - name: backend
      replicas: 24
      cpu: 100m
      memory: 128Mi
      concurrencyPerPod: 8
      serviceTime: ${o.backendTime ?? '{ exponential: { mean: 10ms } }'}
  userRegions:
    - { name: users, near: us-east-1, rate: ${o.ratePerS}/s, entryService: app, diurnal: { peakToTrough: 1, peakHourUtc: 0 } }
designs:
  - name: one
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { dns: {} }${o.traffic !== undefined ? `, ${o.traffic}` : ''} }
faults:
  scripted: []
run: { horizon: ${o.horizon ?? '10m'}, warmup: ${o.warmup ?? '30s'}, seed: pool, slo: { availability: 99.9% } }
`;
}

/**
 * The request level alone on a scenario's first design, with every service's pods ready in the
 * first cluster (no fault replay, no Kubernetes): for options the replication does not pass, such as
 * the latency breakdown.
 */
export function runDirect(w: World, extra: { latencyBreakdown?: boolean } = {}): RequestLevelSummary {
  const sc = w.scenario;
  const design = sc.designs[0];
  const C = w.fleet.clusters.length;
  const ready = new Int32Array(sc.workload.services.length * C);
  sc.workload.services.forEach((s, i) => (ready[i * C] = s.replicas));
  const state = { desired: ready, ready, lost: new Int32Array(ready.length), clusterCount: C } as unknown as RuntimeState;
  const sim = new Simulator();
  const common = { seed: sc.run.seed, replication: 0, horizonS: sc.run.horizonS, warmupS: sc.run.warmupS, dataplaneUp: () => true };
  const fluid = new FluidTraffic({ sim, st: state, fleet: w.fleet, scenario: sc, design, ...common });
  const requests = new RequestLevelTraffic(sim, state, fluid, sc, { ...common, retries: design.traffic.retries, traffic: design.traffic, ...extra });
  sim.run({ untilS: sc.run.horizonS });
  return requests.summary();
}
