import seedrandom from 'seedrandom';
import { incremental } from '../../../src/model/traffic/incremental.js';
import { FluidEvaluation } from '../../../src/model/traffic/evaluation.js';
import { ClusterHourSlots } from '../../../src/model/traffic/clusterSlots.js';
import { LatencyEstimates } from '../../../src/model/traffic/latencyEstimates.js';
import { LoadFlow } from '../../../src/model/traffic/loadFlow.js';
import { parseScenario } from '../../../src/scenario/index.js';
import { resolveFleet } from '../../../src/model/fleet/resolveFleet.js';
import { resolveDesigns } from '../../../src/model/placement/resolveDesigns.js';
import { generateFaultSchedule } from '../../../src/model/faults/schedule.js';
import { runReplication } from '../../../src/model/replication/replication.js';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-south-1'];

function pick<T>(rng: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rng() * xs.length)];
}

function int(rng: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

/** A random subset of the clusters (at least one), as names in cluster order. */
function someClusters(rng: () => number, clusters: number): string[] {
  const out: string[] = [];
  for (let c = 0; c < clusters; c++) if (rng() < 0.5) out.push(`c${c}`);
  return out.length > 0 ? out : [`c${int(rng, 0, clusters - 1)}`];
}

/**
 * What a fleet holds besides the basics: nothing, or one of the model's paths that turn the delta
 * and sparse passes off (asynchronous calls with queues, held concurrency, inline ejection) or
 * change pools' behaviour in place (bad changes: errors, added latency, lost capacity, rolled out to
 * every cluster). Timeouts and queueing shedding policies are left out: they turn off every
 * shortcut counted here (a comparison of two full runs), and a random fleet with them can take
 * half a minute.
 */
export type Extra = 'none' | 'async' | 'held' | 'inlineEjection' | 'changes' | 'retries' | NoMesh;

/**
 * No mesh (the per-cluster evaluation and its changed-clusters shortcut): calls stay in their
 * cluster; the users enter through DNS or anycast; bad changes are rolled out.
 */
export type NoMesh = 'noMesh' | 'noMeshAnycast';

/**
 * A random fleet with a mesh, as scenario YAML: one to three regions, two to nine clusters, three to
 * seven services calling later ones (fan-out 0.5 to 2, sequential or parallel), each duplicated or
 * divided over every cluster or a random subset, one to three user regions entering at s0, outlier
 * detection on or off, plain retries now and then (always, of random policy, with the extra
 * `retries`), and frequent node, zone, region and link outages. `secondDesign` adds a design running
 * every service in every cluster.
 */
/** A retry policy without a timeout (its latency is computed): 2–4 attempts, some causes, backoff, a budget or none, host avoidance, a per-service override now and then. */
function randomRetries(rng: () => number): string {
  const causes = ['deadEndpoint', 'shed', 'impaired'].filter(() => rng() < 0.6);
  const parts = [
    `attempts: ${int(rng, 2, 4)}`,
    `retryOn: [${(causes.length > 0 ? causes : ['deadEndpoint']).join(', ')}]`,
    `backoff: { base: ${int(rng, 5, 40)}ms }`,
    `avoidPreviousHosts: ${['none', 'last', 'all'][int(rng, 0, 2)]}`,
  ];
  if (rng() < 0.5) parts.push(`budget: ${int(rng, 10, 40)}%`);
  if (rng() < 0.4) parts.push('services: [ { service: s1, attempts: 2, retryOn: [deadEndpoint] } ]');
  return `{ ${parts.join(', ')} }`;
}

export function randomMeshFleet(seed: string, extra: Extra = 'none', secondDesign = false): string {
  const rng = seedrandom(seed);
  const regions = REGIONS.slice(0, int(rng, 1, REGIONS.length));
  const clusters = int(rng, 2, 9);
  const services = int(rng, 3, 7);
  const lines: string[] = ['apiVersion: fleetsim/v1', 'kind: Scenario', `metadata: { name: random-${seed} }`, 'topology:', '  regions:'];
  for (const r of regions) lines.push(`    - { name: ${r} }`);
  lines.push('clusters:');
  for (let c = 0; c < clusters; c++) {
    lines.push(
      `  - name: c${c}`,
      `    region: ${regions[c % regions.length]}`,
      `    nodePools: [ { name: general, cpu: "4", memory: 16Gi, priceUsdPerHour: 0.2, count: ${int(rng, 2, 4)} } ]`,
      '    controlPlane: { selfManaged: { etcd: { members: 1 } } }',
    );
  }
  lines.push('workload:', '  services:');
  for (let s = 0; s < services; s++) {
    const calls: string[] = [];
    for (let t = s + 1; t < services; t++) {
      if (rng() >= 0.45) continue;
      const mode = extra === 'async' && rng() < 0.3 ? 'async, queue: { capacity: 100000, drainRate: 50/s }' : pick(rng, ['sequential', 'sequential', 'parallel']);
      calls.push(`{ service: s${t}, callsPerRequest: ${pick(rng, [0.5, 1, 2])}, mode: ${mode} }`);
    }
    lines.push(
      `    - { name: s${s}, replicas: ${int(rng, 1, 4)}, cpu: 100m, memory: 128Mi, concurrencyPerPod: ${pick(rng, [2, 4, 16])}, serviceTime: { lognormal: { median: ${int(rng, 2, 10)}ms, p99: ${int(rng, 30, 80)}ms } }${calls.length ? `, calls: [ ${calls.join(', ')} ]` : ''} }`,
    );
  }
  lines.push('  userRegions:');
  const users = int(rng, 1, 3);
  for (let u = 0; u < users; u++) {
    lines.push(`    - { name: users${u}, near: ${pick(rng, regions)}, rate: ${int(rng, 20, 400)}/s, entryService: s0, diurnal: { peakToTrough: 3, peakHourUtc: ${int(rng, 0, 23)} } }`);
  }
  lines.push('designs:', '  - name: mesh', '    placement:', '      default: { replicaScheduling: duplicated }', '      services:');
  for (let s = 0; s < services; s++) {
    const where = rng() < 0.3 ? '' : `clusterAffinity: { clusterNames: [${someClusters(rng, clusters).join(', ')}] }, `;
    const how = rng() < 0.3 ? 'replicaScheduling: { type: divided }' : 'replicaScheduling: duplicated';
    lines.push(`        s${s}: { ${where}${how} }`);
  }
  const ejection = extra === 'inlineEjection' ? ', ejection: inline' : '';
  const outlier = extra === 'inlineEjection' || rng() < 0.6 ? `, outlierDetection: { consecutive5xx: 5, interval: 10s, baseEjectionTime: 30s, maxEjectionPercent: 50${ejection} }` : '';
  if (extra.startsWith('noMesh')) lines.push('    traffic:', `      ingress: ${noMeshIngress(extra as NoMesh)}`);
  else lines.push('    traffic:', '      ingress: { dns: {} }', `      mesh: { localityOrder: [zone, region, any]${outlier} }`);
  // The draw is made for every extra, so that the fleets of the others do not depend on this one.
  if (rng() < 0.15 && extra !== 'retries') lines.push('      retries: { attempts: 2, retryOn: [deadEndpoint, shed] }');
  if (extra === 'retries') lines.push(`      retries: ${randomRetries(seedrandom(`${seed}/retries`))}`);
  if (extra === 'held') lines.push('      heldConcurrency: true');
  // A second design to compare with: every service in every cluster, the same ingress (the shortcut tests run the first only).
  if (secondDesign) lines.push('  - name: everywhere', '    placement: { default: { replicaScheduling: duplicated } }', '    traffic:', `      ingress: ${extra.startsWith('noMesh') ? noMeshIngress(extra as NoMesh) : '{ dns: {} }'}`);
  lines.push('faults:');
  if (extra === 'changes' || extra === 'noMesh' || extra === 'noMeshAnycast') {
    const bad = pick(rng, ['{ errors: 100% }', '{ extraLatency: 300ms }', '{ capacityLost: 50% }', '{ errors: 20%, extraLatency: 100ms }']);
    lines.push('  changes:', `    - { name: deploys, kind: deploy, rate: 5/w, badRatio: 40%, bad: ${bad} }`);
  }
  lines.push(
    '  stochastic:',
    `    nodes: { mtbf: { exponential: { mean: ${int(rng, 5, 30)}d } }, mttr: { lognormal: { median: 10m, p99: 2h } } }`,
    `    zones: { perYear: ${int(rng, 2, 12)}, duration: { lognormal: { median: 1h, p99: 6h } } }`,
    `    regions: { perYear: ${int(rng, 1, 8)}, duration: { lognormal: { median: 2h, p99: 12h } } }`,
    `    links: { perYear: ${int(rng, 2, 20)}, duration: { lognormal: { median: 10m, p99: 1h } } }`,
    `run: { horizon: 15d, seed: ${seed} }`,
  );
  return lines.join('\n') + '\n';
}

function noMeshIngress(extra: NoMesh): string {
  return extra === 'noMesh' ? '{ dns: {} }' : '{ anycast: { healthCheckInterval: 5s, unhealthyThreshold: 2 } }';
}

/** Replication 0 of one design (the first by default) through the model alone (no prices needed), as JSON. */
export function modelRun(text: string, design = 0): string {
  const parsed = parseScenario(text, 'random.yaml');
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.line}:${e.col} ${e.path}: ${e.message}`).join('; '));
  const sc = parsed.scenario;
  const fleet = resolveFleet(sc);
  const resolved = resolveDesigns(sc, fleet);
  const faults = generateFaultSchedule({ fleet, clusters: sc.clusters, faults: sc.faults, horizonS: sc.run.horizonS, seed: sc.run.seed, replication: 0 });
  const r = runReplication({ fleet, clusters: sc.clusters, design: sc.designs[design], resolved: resolved[design], faults, seed: sc.run.seed, replication: 0, horizonS: sc.run.horizonS, warmupS: 0, scenario: sc });
  return JSON.stringify(r);
}

/** Every shortcut of the fluid evaluation on or off (incremental.ts). */
export function setShortcuts(on: boolean): void {
  incremental.sparsePasses = on;
  incremental.keptRoutes = on;
  incremental.sparseBackward = on;
  incremental.watchedLatencyInputs = on;
  incremental.deltaPasses = on;
  incremental.hourSlots = on;
  incremental.changedClustersOnly = on;
  incremental.clusterHourSlots = on;
}

export interface Compared {
  /** Seeds whose results differ (empty when the shortcuts are exact). */
  readonly mismatches: string[];
  /** Shortcuts taken with them on: delta passes, sparse load-flow and success passes, latency lookups answered without a walk. */
  readonly deltas: number;
  readonly sparse: number;
  readonly sparseBackward: number;
  readonly keptEstimates: number;
  /** Per-cluster (no mesh) evaluations that visited the changed clusters only. */
  readonly changesOnly: number;
  /** Of those, the ones that started from the state kept for their hour of the day (ClusterHourSlots). */
  readonly slotRestores: number;
  /** Fleets where users saw failures (the outages reached them). */
  readonly failing: number;
}

/**
 * Each seed's fleet run with every shortcut on, then with none, the results compared as JSON text;
 * and how often each shortcut was taken (so that a comparison between two full runs shows).
 */
export function compareRandomFleets(seeds: readonly string[], extra: Extra): Compared {
  type Wrapped = (...a: unknown[]) => unknown;
  const flow = LoadFlow.prototype as unknown as Record<'deltaPass' | 'keptPass' | 'sparseAllowed' | 'sparseBackwardAllowed', Wrapped>;
  const latency = LatencyEstimates.prototype as unknown as Record<'forUserRegion' | 'lookUpUserRegion', Wrapped>;
  const flowOriginals = { deltaPass: flow.deltaPass, keptPass: flow.keptPass, sparseAllowed: flow.sparseAllowed, sparseBackwardAllowed: flow.sparseBackwardAllowed };
  const latencyOriginals = { forUserRegion: latency.forUserRegion, lookUpUserRegion: latency.lookUpUserRegion };
  const evaluation = FluidEvaluation.prototype as unknown as Record<'byClusterChanges', Wrapped>;
  const evaluationOriginals = { byClusterChanges: evaluation.byClusterChanges };
  const slots = ClusterHourSlots.prototype as unknown as Record<'restore', Wrapped>;
  const slotsOriginals = { restore: slots.restore };
  const out = { mismatches: [] as string[], deltas: 0, sparse: 0, sparseBackward: 0, keptEstimates: 0, changesOnly: 0, slotRestores: 0, failing: 0 };
  let counting = false;
  const count = (original: Wrapped, add: (r: unknown) => void): Wrapped =>
    function (this: unknown, ...a: unknown[]) {
      const r = original.apply(this, a);
      if (counting) add(r);
      return r;
    };
  flow.deltaPass = count(flowOriginals.deltaPass, () => out.deltas++);
  // A kept pass is a delta pass that found nothing to visit.
  flow.keptPass = count(flowOriginals.keptPass, () => out.deltas++);
  flow.sparseAllowed = count(flowOriginals.sparseAllowed, (r) => (out.sparse += r === true ? 1 : 0));
  flow.sparseBackwardAllowed = count(flowOriginals.sparseBackwardAllowed, (r) => (out.sparseBackward += r === true ? 1 : 0));
  latency.forUserRegion = count(latencyOriginals.forUserRegion, () => out.keptEstimates++);
  latency.lookUpUserRegion = count(latencyOriginals.lookUpUserRegion, () => out.keptEstimates--);
  evaluation.byClusterChanges = count(evaluationOriginals.byClusterChanges, () => out.changesOnly++);
  slots.restore = count(slotsOriginals.restore, (r) => (out.slotRestores += r === null ? 0 : 1));
  try {
    for (const seed of seeds) {
      const text = randomMeshFleet(seed, extra);
      setShortcuts(true);
      counting = true;
      const fast = modelRun(text);
      counting = false;
      setShortcuts(false);
      const full = modelRun(text);
      setShortcuts(true);
      if (fast !== full) out.mismatches.push(seed);
      if ((JSON.parse(fast) as { traffic: { availability: number } }).traffic.availability < 1) out.failing++;
    }
  } finally {
    Object.assign(flow, flowOriginals);
    Object.assign(latency, latencyOriginals);
    Object.assign(evaluation, evaluationOriginals);
    Object.assign(slots, slotsOriginals);
  }
  return out;
}
