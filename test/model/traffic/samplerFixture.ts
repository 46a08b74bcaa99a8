/**
 * Shared by the latency tests: a seeded generator, Erlang C from its definition (not the model's
 * routine), and a three-region mesh whose web service makes sequential, fractional, parallel and
 * async calls.
 */

/** A small seeded generator (mulberry32), so that failures reproduce. */
export function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x100000000;
  };
}

/** Erlang C, worked from its definition: P(wait) in M/M/c at offered load a = λ/μ. */
export function erlangC(a: number, c: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const last = (term * a) / c / (1 - a / c);
  return last / (sum + last);
}

/**
 * Three clusters in three regions over a mesh; web calls api (sequential, fractional), db (parallel),
 * cache (parallel, fractional) and audit (async); api calls db. Where the pods are decides the routes:
 * a service with no pods in the caller's region is reached in every cluster that has some, split by pods.
 */
export const meshTreeYaml = `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: sampler }
topology:
  regions: [ { name: eu-west-1 }, { name: us-east-1 }, { name: us-west-2 } ]
  links:
    - { between: [eu-west-1, us-east-1], rtt: 70ms }
    - { between: [eu-west-1, us-west-2], rtt: 130ms }
    - { between: [us-east-1, us-west-2], rtt: 60ms }
clusters:
  - { name: eu, region: eu-west-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 6 } ], controlPlane: { managed: { tier: eks-standard } } }
  - { name: use, region: us-east-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 6 } ], controlPlane: { managed: { tier: eks-standard } } }
  - { name: usw, region: us-west-2, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 6 } ], controlPlane: { managed: { tier: eks-standard } } }
workload:
  services:
    - name: web
      replicas: 3
      cpu: 250m
      memory: 256Mi
      concurrencyPerPod: 8
      serviceTime: { lognormal: { median: 8ms, p99: 60ms } }
      calls:
        - { service: api, callsPerRequest: 1.5 }
        - { service: db, callsPerRequest: 2, mode: parallel }
        - { service: cache, callsPerRequest: 0.3, mode: parallel }
        - { service: audit, callsPerRequest: 1, mode: async, queue: { capacity: 1000, drainRate: 100/s } }
    - { name: api, replicas: 3, cpu: 250m, memory: 256Mi, concurrencyPerPod: 8, serviceTime: { exponential: { mean: 5ms } }, calls: [ { service: db, callsPerRequest: 0.5 } ] }
    - { name: db, replicas: 3, cpu: 250m, memory: 256Mi, concurrencyPerPod: 8, serviceTime: { lognormal: { median: 2ms, p99: 30ms } } }
    - { name: cache, replicas: 3, cpu: 250m, memory: 256Mi, concurrencyPerPod: 8, serviceTime: { constant: 1ms } }
    - { name: audit, replicas: 3, cpu: 250m, memory: 256Mi, concurrencyPerPod: 8, serviceTime: { constant: 1ms } }
  userRegions:
    - { name: europe, near: eu-west-1, rate: 100/s, entryService: web }
designs:
  - name: mesh
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { dns: {} }, mesh: { localityOrder: [zone, region, any] } }
run: { horizon: 1h, seed: sampler }
`;
