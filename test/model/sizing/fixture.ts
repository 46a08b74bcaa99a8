import { parseScenario, type Design, type Scenario } from '../../../src/scenario/index.js';

/** Parse a scenario written inline in a test; fail loudly with its errors. */
export function scenarioOf(yaml: string): Scenario {
  const r = parseScenario(yaml, 'sizing.yaml');
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.line}:${e.col} ${e.path}: ${e.message}`).join('\n'));
  return r.scenario;
}

/**
 * scenarioOf with every design's fewest pods per cluster set (default 1), so a test sees the rule it
 * checks rather than the minimum (set on the resolved spec: the file's field is the loader's business).
 */
export function sizedScenario(yaml: string, minReplicasPerCluster = 1): Scenario {
  const s = scenarioOf(yaml);
  return { ...s, designs: s.designs.map((d) => ({ ...d, sizing: { ...d.sizing!, minReplicasPerCluster } as Design['sizing'] })) };
}

export interface TwoRegionOptions {
  /** Extra clusters (YAML list items) after eu and us. */
  readonly extraClusters?: string;
  readonly placement?: string;
  readonly sizing?: string;
  readonly latency?: string;
  readonly europePerS?: number;
  readonly americaPerS?: number;
  readonly mesh?: boolean;
  /** The mesh's sidecar (YAML flow mapping, e.g. "{ cpu: 100m, memory: 128Mi }"); the default when absent. */
  readonly sidecar?: string;
  readonly services?: string;
  readonly euZones?: string;
  readonly diurnal?: string;
  readonly daemonSets?: string;
  /** The faults section's body (YAML, indented two spaces). */
  readonly faults?: string;
  /** kubelet maxPods of every pool (default 10). */
  readonly maxPods?: number;
  /** The design's overrides (YAML flow mapping). */
  readonly overrides?: string;
}

/**
 * Two regions, one cluster each (eu in eu-west-1, us in us-east-1), one service `web`: Poisson
 * arrivals, exponential service (mean 50 ms), 4 requests at once per pod, 100m / 128Mi per pod, on
 * 16-core 64Gi nodes whose kubelet maxPods is 10, so a node holds 10 pods whatever the reservations.
 * No DaemonSets unless `daemonSets` says (written as [], so a provider default cannot move the hand
 * answers). Users' RTTs are explicit: Europe 15 ms to eu-west-1 and 85 ms to us-east-1; North America 90 ms
 * and 10 ms. Demand is flat (peak-to-trough 1) unless `diurnal` says otherwise. The SLO: p99 within
 * 400 ms, which the farthest users can meet (90 ms + the service time's own p99, 230 ms).
 */
export function twoRegions(o: TwoRegionOptions = {}): string {
  const pool = (zones?: string) => `nodePools: [ { name: general, cpu: "16", memory: 64Gi, priceUsdPerHour: 0.8, count: 3, maxPods: ${o.maxPods ?? 10}${zones ? `, zones: ${zones}` : ''}, autoscaling: { min: 2, max: 30 } } ]`;
  return `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: sizing-two-regions }
topology:
  regions:
    - { name: eu-west-1 }
    - { name: us-east-1 }
  links:
    - { between: [eu-west-1, us-east-1], rtt: 70ms }
clusters:
  - name: eu
    region: eu-west-1
    ${o.euZones ? `zones: ${o.euZones}` : ''}
    ${pool()}
    controlPlane: { managed: { tier: eks-standard } }
    daemonSets: ${o.daemonSets ?? '[]'}
  - name: us
    region: us-east-1
    ${pool()}
    controlPlane: { managed: { tier: eks-standard } }
    daemonSets: []
${o.extraClusters ?? ''}
workload:
  services:
${
  o.services ??
  `    - name: web
      replicas: 2
      cpu: 100m
      memory: 128Mi
      serviceTime: { exponential: { mean: 50ms } }
      concurrencyPerPod: 4`
}
  userRegions:
    - { name: europe, rtt: { eu-west-1: 15ms, us-east-1: 85ms }, rate: ${o.europePerS ?? 400}/s, entryService: web, diurnal: ${o.diurnal ?? '{ peakToTrough: 1, peakHourUtc: 0 }'} }
    - { name: north-america, rtt: { eu-west-1: 90ms, us-east-1: 10ms }, rate: ${o.americaPerS ?? 300}/s, entryService: web, diurnal: ${o.diurnal ?? '{ peakToTrough: 1, peakHourUtc: 0 }'} }
designs:
  - name: sized
    placement:
      default:
${o.placement ?? '        replicaScheduling: duplicated'}
    # Cluster failover on (off by default since Karmada 1.12): divided designs are sized to move.
    karmada: { version: "1.18", failoverGate: true, clusterTaintPolicy: { effect: NoExecute }, noExecuteTaintEviction: true }
    traffic:
      ingress: { dns: {} }
${o.mesh ? `      mesh: { localityOrder: [zone, region, any]${o.sidecar ? `, sidecar: ${o.sidecar}` : ''} }` : ''}
    sizing: ${o.sizing ?? '{ headroom: 20%, survive: region }'}
${o.overrides ? `    overrides: ${o.overrides}` : ''}
${o.faults ? `faults:\n${o.faults}` : ''}
run:
  horizon: 2d
  seed: sizing
  slo:
    availability: 99.9%
    latency: ${o.latency ?? '[ { percentile: 99, max: 400ms } ]'}
`;
}

/** Services for a segmented design: web calls profile (to be pinned to the EU cluster) `callsPerRequest` times. */
export function webCallsProfile(callsPerRequest: number, profileMeanMs: number): string {
  return `    - name: web
      replicas: 2
      cpu: 100m
      memory: 128Mi
      serviceTime: { exponential: { mean: 50ms } }
      concurrencyPerPod: 4
      calls: [ { service: profile, callsPerRequest: ${callsPerRequest} } ]
    - name: profile
      replicas: 2
      cpu: 100m
      memory: 128Mi
      serviceTime: { exponential: { mean: ${profileMeanMs}ms } }
      concurrencyPerPod: 4`;
}

/** The placement of that segmented design: profile only in the EU cluster. */
export const PROFILE_IN_EU = `        replicaScheduling: duplicated
      services:
        profile: { clusterAffinity: { clusterNames: [eu] } }`;
