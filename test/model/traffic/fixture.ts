import { world, type World } from '../runtime/fixture.js';
import { generateFaultSchedule } from '../../../src/model/faults/schedule.js';
import { runReplication, type ReplicationResult } from '../../../src/model/replication/replication.js';

export function runTraffic(w: World, design: number, replication: number, mode: 'fluid' | 'requests' = 'fluid', timelineStepS?: number): ReplicationResult {
  const sc = w.scenario;
  return runReplication({
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
    trafficMode: mode,
    ...(timelineStepS !== undefined ? { timelineStepS } : {}),
  });
}

export { world };

/** A three-tier app in one cluster: web → api (1.5 calls) → db (0.5 calls per api request). */
export function chainScenario(opts: { ratePerS: number; faults?: string; horizon?: string; warmup?: string; webConcurrency?: number; mesh?: boolean }): string {
  return `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: chain }
topology:
  regions: [ { name: us-east-1 } ]
clusters:
  - name: c1
    region: us-east-1
    nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 6 } ]
    controlPlane: { managed: { tier: eks-standard } }
workload:
  services:
    - name: web
      replicas: 6
      cpu: 500m
      memory: 256Mi
      concurrencyPerPod: ${opts.webConcurrency ?? 4}
      serviceTime: { exponential: { mean: 20ms } }
      calls: [ { service: api, callsPerRequest: 1.5 } ]
    - name: api
      replicas: 6
      cpu: 500m
      memory: 256Mi
      concurrencyPerPod: 4
      serviceTime: { lognormal: { median: 10ms, p99: 60ms } }
      calls: [ { service: db, callsPerRequest: 0.5 } ]
    - name: db
      replicas: 3
      cpu: 500m
      memory: 256Mi
      concurrencyPerPod: 8
      serviceTime: { exponential: { mean: 5ms } }
  userRegions:
    - { name: users, near: us-east-1, rate: ${opts.ratePerS}/s, entryService: web, diurnal: { peakToTrough: 1, peakHourUtc: 0 } }
designs:
  - name: one
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { dns: {} }${opts.mesh ? ', mesh: { localityOrder: [zone, region, any] }' : ''} }
faults:
${opts.faults ?? '  scripted: []'}
run: { horizon: ${opts.horizon ?? '1h'}, warmup: ${opts.warmup ?? '2m'}, seed: chain, slo: { availability: 99.9% } }
`;
}

/**
 * One pool (api: 5 pods × 2 servers, exponential 50 ms) in one cluster, users at `ratePerS` all day;
 * `traffic` is added inside the design's traffic map (e.g. ", shedding: { policy: queueLength }").
 */
export function onePoolScenario(opts: { ratePerS: number; traffic?: string; horizon?: string }): string {
  return `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: pool }
topology: { regions: [ { name: us-east-1 } ] }
clusters:
  - { name: c1, region: us-east-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 4 } ], controlPlane: { managed: { tier: eks-standard } } }
workload:
  services:
    - { name: api, replicas: 5, cpu: 500m, memory: 256Mi, concurrencyPerPod: 2, serviceTime: { exponential: { mean: 50ms } } }
  userRegions:
    - { name: users, near: us-east-1, rate: ${opts.ratePerS}/s, entryService: api, diurnal: { peakToTrough: 1, peakHourUtc: 0 } }
designs:
  - { name: one, placement: { default: { replicaScheduling: duplicated } }, traffic: { ingress: { dns: {} }${opts.traffic ?? ''} } }
run: { horizon: ${opts.horizon ?? '30m'}, seed: pool }
`;
}
