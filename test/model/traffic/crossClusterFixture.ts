/**
 * Two clusters in one region with a mesh. `split`: web runs in a only and api in b only, so every
 * web → api call crosses clusters (but not regions); otherwise both run everywhere.
 * `mesh: false` drops the mesh.
 */
export function twoClustersOneRegion(opts: { split: boolean; mesh?: boolean }): string {
  const placement = opts.split
    ? `placement:
      services:
        web: { clusterAffinity: { clusterNames: [a] } }
        api: { clusterAffinity: { clusterNames: [b] } }`
    : 'placement: { default: { replicaScheduling: duplicated } }';
  return `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: east-west }
topology:
  regions: [ { name: us-east-1 } ]
clusters:
  - { name: a, region: us-east-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 3 } ], controlPlane: { managed: { tier: eks-standard } } }
  - { name: b, region: us-east-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 3 } ], controlPlane: { managed: { tier: eks-standard } } }
workload:
  services:
    - { name: web, replicas: 4, cpu: 500m, memory: 256Mi, concurrencyPerPod: 8, serviceTime: { constant: 5ms }, calls: [ { service: api, callsPerRequest: 2, requestBytes: 1000, responseBytes: 4000 } ] }
    - { name: api, replicas: 4, cpu: 500m, memory: 256Mi, concurrencyPerPod: 8, serviceTime: { constant: 5ms } }
  userRegions:
    - { name: east, near: us-east-1, rate: 50/s, entryService: web, diurnal: { peakToTrough: 1, peakHourUtc: 0 } }
designs:
  - name: ${opts.split ? 'split' : 'replicated'}
    ${placement}
    traffic: { ingress: { dns: {} }${opts.mesh === false ? '' : ', mesh: { localityOrder: [zone, region, any] }'} }
run: { horizon: 1h, seed: east-west }
`;
}

/** 50 requests/s × 3600 s × 2 calls × (1000 + 4000) B. */
export const SPLIT_CROSS_CLUSTER_BYTES = 50 * 3600 * 2 * 5000;
