import type { Scenario } from '../../../src/scenario/types.js';

const GIB = 1024 ** 3;

/**
 * A two-region scenario holding only the fields fleet and placement read (the rest of Scenario —
 * timings, traffic, faults, run — is irrelevant here and left out, hence the cast).
 */
export function twoRegionScenario(): Scenario {
  const failover = { enabled: true, clusterStatusIntervalS: 10, failureThresholdS: 30, tolerationS: 300, purgeMode: 'Graciously', gracefulEvictionTimeoutS: 600 };
  const pool = (count: number) => ({ name: 'general', instanceType: 'm6i.xlarge', cpuMillicores: 4000, memoryBytes: 16 * GIB, count, zones: [] as string[], maxPods: 110 });
  const s = {
    apiVersion: 'fleetsim/v1',
    name: 'two regions',
    topology: {
      regions: [
        { name: 'eu-west-1', provider: 'aws', zones: ['eu-west-1a', 'eu-west-1b'] },
        { name: 'us-east-1', provider: 'aws', zones: ['us-east-1a', 'us-east-1b'] },
      ],
      links: [{ a: 'eu-west-1', b: 'us-east-1', rttMs: 68, rttSource: 'builtin-estimate', bandwidthGbps: undefined, lossRatio: 0 }],
      intraZoneRttMs: 0.25,
      interZoneRttMs: 1.2,
    },
    clusters: [
      {
        name: 'eu',
        region: 'eu-west-1',
        provider: 'aws',
        zones: ['eu-west-1a', 'eu-west-1b'],
        labels: {},
        nodePools: [{ ...pool(4), zones: ['eu-west-1a', 'eu-west-1b'] }],
        controlPlane: { kind: 'selfManaged', etcd: { members: [{ zone: 'eu-west-1a', count: 2 }, { zone: 'eu-west-1b', count: 1 }], memberCount: 3 } },
      },
      {
        name: 'us',
        region: 'us-east-1',
        provider: 'aws',
        zones: ['us-east-1a', 'us-east-1b'],
        labels: {},
        nodePools: [{ ...pool(2), zones: ['us-east-1a', 'us-east-1b'] }],
        controlPlane: { kind: 'managed', provider: 'aws', tier: 'eks-standard' },
      },
    ],
    workload: {
      services: [
        { name: 'web', replicas: 6, cpuMillicores: 500, memoryBytes: GIB },
        { name: 'db', replicas: 3, cpuMillicores: 2000, memoryBytes: 4 * GIB },
      ],
    },
    designs: [
      {
        name: 'replicated',
        policies: [
          { service: 'web', clusterAffinities: [{ name: '', clusterNames: undefined, exclude: [], regions: undefined, providers: undefined, labels: {} }], replicaScheduling: { type: 'duplicated' }, spreadConstraints: [], residency: undefined, failover },
          {
            service: 'db',
            clusterAffinities: [{ name: '', clusterNames: undefined, exclude: [], regions: undefined, providers: undefined, labels: {} }],
            replicaScheduling: { type: 'duplicated' },
            spreadConstraints: [],
            residency: { allowedRegions: ['eu-*'], enforcement: 'audit', source: 'dataClass:personal' },
            failover,
          },
        ],
      },
      {
        name: 'segmented',
        policies: [
          {
            service: 'web',
            clusterAffinities: [{ name: '', clusterNames: undefined, exclude: [], regions: undefined, providers: undefined, labels: {} }],
            replicaScheduling: { type: 'divided', division: 'weighted', weights: [{ cluster: 'eu', weight: 2 }, { cluster: 'us', weight: 1 }] },
            spreadConstraints: [{ spreadByField: 'cluster', minGroups: 1, maxGroups: undefined }],
            residency: undefined,
            failover,
          },
          {
            service: 'db',
            clusterAffinities: [
              { name: 'primary', clusterNames: ['us'], exclude: [], regions: undefined, providers: undefined, labels: {} },
              { name: 'backup', clusterNames: undefined, exclude: [], regions: ['eu-*'], providers: undefined, labels: {} },
            ],
            replicaScheduling: { type: 'divided', division: 'aggregated' },
            spreadConstraints: [],
            residency: { allowedRegions: ['eu-*'], enforcement: 'hard', source: 'dataClass:personal' },
            failover,
          },
        ],
      },
    ],
  };
  return s as unknown as Scenario;
}
