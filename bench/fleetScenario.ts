/**
 * A synthetic large fleet as scenario YAML, so the benchmark exercises the same path as a user's file
 * (parse, validate, resolve, place, simulate). Sizes are parameters; the realism is in the rates:
 * node failures ~0.55 per machine-year (Dean, 2009), zone incidents every 5 years, region incidents
 * every 20, link incidents twice a year, etcd members failing with their machines.
 */
export interface FleetSize {
  clusters: number;
  nodesPerCluster: number;
  services: number;
  userRegions: number;
  horizon: string;
  traffic: boolean;
  /** A service mesh (locality-ordered routing, outlier detection): calls may cross clusters. Needs traffic. */
  mesh?: boolean;
  /**
   * Segmented: the clusters form groups of `clusters / 10` (each group one cluster per region), and
   * service s runs only in group s mod 10, so every call leaves its cluster through the mesh. Needs mesh.
   */
  segmented?: boolean;
  /**
   * The mesh retries as Istio does by default (3 attempts on connect failures and 503s, 25 ms
   * jittered back-off, a 20% budget; no per-try or overall timeout). Needs mesh.
   */
  retries?: boolean;
  /** etcd members per cluster (default 3); an edge fleet runs 1. */
  etcdMembers?: number;
}

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-northeast-1', 'ap-southeast-1', 'sa-east-1', 'ca-central-1', 'eu-north-1', 'ap-south-1'];

export function fleetScenarioYaml(size: FleetSize): string {
  const regions = REGIONS.slice(0, Math.min(REGIONS.length, Math.max(1, Math.min(size.clusters, 10))));
  const lines: string[] = [];
  lines.push('apiVersion: fleetsim/v1', 'kind: Scenario', 'metadata: { name: bench-fleet }', 'topology:', '  regions:');
  for (const r of regions) lines.push(`    - { name: ${r} }`);
  lines.push('clusters:');
  for (let c = 0; c < size.clusters; c++) {
    const region = regions[c % regions.length];
    lines.push(
      `  - name: c${c}`,
      `    region: ${region}`,
      `    nodePools: [ { name: general, cpu: "4", memory: 16Gi, priceUsdPerHour: 0.2, count: ${size.nodesPerCluster} } ]`,
      `    controlPlane: { selfManaged: { etcd: { members: ${size.etcdMembers ?? 3} } } }`,
    );
  }
  lines.push('workload:', '  services:');
  for (let s = 0; s < size.services; s++) {
    // A tree of calls: service s calls 2s+1 (always) and 2s+2 (half the time).
    const calls: string[] = [];
    if (2 * s + 1 < size.services) calls.push(`{ service: s${2 * s + 1}, callsPerRequest: 1 }`);
    if (2 * s + 2 < size.services) calls.push(`{ service: s${2 * s + 2}, callsPerRequest: 0.5 }`);
    lines.push(
      `    - { name: s${s}, replicas: 3, cpu: 100m, memory: 128Mi, concurrencyPerPod: 16, serviceTime: { lognormal: { median: 5ms, p99: 40ms } }${calls.length ? `, calls: [ ${calls.join(', ')} ]` : ''} }`,
    );
  }
  lines.push('  userRegions:');
  for (let u = 0; u < size.userRegions; u++) {
    lines.push(`    - { name: users${u}, near: ${regions[u % regions.length]}, rate: 200/s, entryService: s0, diurnal: { peakToTrough: 3, peakHourUtc: ${(u * 7) % 24} } }`);
  }
  lines.push('designs:');
  if (size.segmented) {
    // Groups of consecutive clusters; cluster c is in region c mod regions, so each group spans every region.
    const groups = Math.min(10, size.clusters);
    const perGroup = Math.floor(size.clusters / groups);
    const group = (g: number): string => Array.from({ length: perGroup }, (_, i) => `c${g * perGroup + i}`).join(', ');
    lines.push('  - name: segmented', '    placement:', `      default: { clusterAffinity: { clusterNames: [${group(0)}] }, replicaScheduling: duplicated }`, '      services:');
    for (let s = 1; s < size.services; s++) lines.push(`        s${s}: { clusterAffinity: { clusterNames: [${group(s % groups)}] } }`);
  } else {
    lines.push('  - name: replicated', '    placement: { default: { replicaScheduling: duplicated } }');
  }
  lines.push(
    '    traffic:',
    '      ingress: { dns: {} }',
    ...(size.mesh ? ['      mesh: { localityOrder: [zone, region, any], outlierDetection: { consecutive5xx: 5, interval: 10s, baseEjectionTime: 30s, maxEjectionPercent: 50 } }'] : []),
    ...(size.retries ? ['      retries: { attempts: 3, retryOn: [deadEndpoint, shed], backoff: { base: 25ms }, budget: 20% }'] : []),
    'faults:',
    '  stochastic:',
    '    nodes: { mtbf: { exponential: { mean: 657d } }, mttr: { lognormal: { median: 10m, p99: 2h } } }',
    '    zones: { perYear: 0.2, duration: { lognormal: { median: 1h, p99: 6h } } }',
    '    regions: { perYear: 0.05, duration: { lognormal: { median: 2h, p99: 12h } } }',
    '    links: { perYear: 2, duration: { lognormal: { median: 10m, p99: 1h } } }',
    `run: { horizon: ${size.horizon}, seed: bench }`,
  );
  return lines.join('\n') + '\n';
}
