/**
 * Limits on what a scenario may ask for. Each is generous for real fleets and keeps one run within
 * a small machine (2 cores, 24 GiB): a file past a limit is refused by the loader, so `check`,
 * `run`, `plan` and the TUI all refuse it with file:line:col, before simulating anything.
 * docs/scenario.md ("Limits") lists each value and why; keep the two in step.
 */

const DAY_S = 86400;
const YEAR_S = 365 * DAY_S;

export const LIMITS = {
  // Reading and parsing.
  /** Bytes read from a scenario file; the read stops here (a device or a disk image never ends). */
  fileBytes: 4 * 1024 * 1024,
  /** Collections inside collections; real scenarios nest about ten deep. */
  nestingDepth: 64,
  /** YAML alias expansion (the yaml package's maxAliasCount): stops "billion laughs" files. */
  aliasCount: 1000,

  // Fleet size.
  regions: 500,
  links: 10_000,
  clusters: 10_000,
  nodePoolsPerCluster: 100,
  nodesPerPool: 10_000,
  nodesPerCluster: 10_000,
  nodesTotal: 100_000,

  // Workload.
  services: 1000,
  callsPerService: 100,
  replicasPerService: 100_000,
  /** Pods a design can place (replicas × clusters for duplicated services), summed over services. */
  podsPerDesign: 1_000_000,
  /** Mean calls one call makes to one downstream service. */
  callsPerRequest: 100,
  /** Calls one user request causes through the whole call tree (the product along each path). */
  callsPerUserRequest: 10_000,
  userRegions: 1000,
  designs: 50,
  scriptedFaults: 10_000,
  /** Requests per second, per user region and for any other rate. */
  ratePerS: 1_000_000,
  spikeMultiplier: 1000,
  concurrencyPerPod: 100_000,

  // Quantities.
  durationS: 100 * YEAR_S,
  cpuMillicores: 10_000 * 1000,
  memoryBytes: 2 ** 50,
  payloadBytes: 2 ** 30,
  bandwidthGbps: 1_000_000,
  priceUsd: 1_000_000,
  perYear: 1_000_000,
  /** Small counts and ratios: thresholds, maxPods, etcd members, zones, spikes, peak-to-trough. */
  smallCount: 1000,

  // Run. Also the bounds of the flags that override the run section (--horizon, --replications,
  // --max-replications: cli/options.ts) and of shard files read back (run/fileNumbers.ts).
  horizonMinS: 60,
  horizonMaxS: 100 * YEAR_S,
  replications: 1000,
  /** Points of a plan's search space (knob values × designs), and of plan shard files. */
  planPoints: 100_000,
  /** Values one plan knob's `range` may hold. */
  planRangeValues: 1000,
  /** Estimated simulation events of a whole run (every design and replication). */
  runEvents: 1e10,
  /** Estimated placement work: pods × nodes of the largest cluster × designs (about 6e7 a second). */
  placementSteps: 1e9,
  /** Designs × services × clusters: the cells placement fills and `check` reports. */
  placementCells: 1_000_000,
  /** Estimated memory of the fleet model over all designs (1 KiB per node and pod). */
  modelMemoryBytes: 8 * 2 ** 30,
} as const;

export const LIMITS_HINT = 'fleetsim limits: see "Limits" in docs/scenario.md';
