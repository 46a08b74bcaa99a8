import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { incremental } from '../../../src/model/traffic/incremental.js';
import { FluidEvaluation } from '../../../src/model/traffic/evaluation.js';
import { ClusterHourSlots } from '../../../src/model/traffic/clusterSlots.js';
import { LoadFlow } from '../../../src/model/traffic/loadFlow.js';
import { LatencyEstimates } from '../../../src/model/traffic/latencyEstimates.js';
import { prepareRun } from '../../../src/run/context.js';
import { replicate, serializeSummary } from '../../../src/run/pipeline.js';
import { fleetScenarioYaml } from '../../../bench/fleetScenario.js';
import { modelRun as oneModelRun } from './randomFleets.js';

/**
 * The fleet-wide (mesh) evaluation's shortcuts (sparse load-flow passes, routes kept across
 * evaluations, success passes over changed services only, latency lookups that reuse a region's
 * estimate while its inputs are unchanged) must compute exactly what the full evaluation computes:
 * every replication below is run both ways and its whole summary compared as text.
 */
function summaries(text: string, file: string, horizonDays: number, replications: number): string[] {
  const ctx = prepareRun(text, file, { horizonS: horizonDays * 86_400, replications });
  return Array.from({ length: replications }, (_, r) => serializeSummary(replicate(ctx, r, ctx.cost)));
}

interface Shortcuts {
  /** Load-flow passes and success passes that took the sparse path. */
  sparse: number;
  sparseBackward: number;
  /** User-region latency lookups answered without walking (lookups less walks). */
  keptEstimates: number;
  /** Load-flow passes over the changed components only (kept passes, which find none, included). */
  deltas: number;
  /** Delta passes with nothing to visit (LoadFlow.keptPass): an hour's demand step answered by its hour's flow (hourSlots.ts). */
  kept: number;
}

/** Counts the shortcuts taken (so that the comparison is not trivially between two full runs). */
function countShortcuts<T>(run: () => T): { out: T } & Shortcuts {
  const flow = LoadFlow.prototype as unknown as Record<'sparseAllowed' | 'sparseBackwardAllowed' | 'deltaPass' | 'keptPass', (...a: unknown[]) => boolean>;
  const latency = LatencyEstimates.prototype as unknown as Record<'forUserRegion' | 'lookUpUserRegion', (...a: unknown[]) => unknown>;
  const originals = { sparseAllowed: flow.sparseAllowed, sparseBackwardAllowed: flow.sparseBackwardAllowed, deltaPass: flow.deltaPass, keptPass: flow.keptPass, forUserRegion: latency.forUserRegion, lookUpUserRegion: latency.lookUpUserRegion };
  const counts = { sparse: 0, sparseBackward: 0, lookups: 0, walks: 0, deltas: 0, kept: 0 };
  flow.sparseAllowed = function (this: unknown, ...a: unknown[]) {
    const r = originals.sparseAllowed.apply(this, a);
    if (r) counts.sparse++;
    return r;
  };
  flow.sparseBackwardAllowed = function (this: unknown, ...a: unknown[]) {
    const r = originals.sparseBackwardAllowed.apply(this, a);
    if (r) counts.sparseBackward++;
    return r;
  };
  flow.deltaPass = function (this: unknown, ...a: unknown[]) {
    counts.deltas++;
    return originals.deltaPass.apply(this, a);
  };
  flow.keptPass = function (this: unknown, ...a: unknown[]) {
    counts.deltas++;
    counts.kept++;
    return originals.keptPass.apply(this, a);
  };
  latency.forUserRegion = function (this: unknown, ...a: unknown[]) {
    counts.lookups++;
    return originals.forUserRegion.apply(this, a);
  };
  latency.lookUpUserRegion = function (this: unknown, ...a: unknown[]) {
    counts.walks++;
    return originals.lookUpUserRegion.apply(this, a);
  };
  try {
    const out = run();
    return { out, sparse: counts.sparse, sparseBackward: counts.sparseBackward, keptEstimates: counts.lookups - counts.walks, deltas: counts.deltas, kept: counts.kept };
  } finally {
    Object.assign(flow, { sparseAllowed: originals.sparseAllowed, sparseBackwardAllowed: originals.sparseBackwardAllowed, deltaPass: originals.deltaPass, keptPass: originals.keptPass });
    Object.assign(latency, { forUserRegion: originals.forUserRegion, lookUpUserRegion: originals.lookUpUserRegion });
  }
}

function setShortcuts(on: boolean): void {
  incremental.sparsePasses = on;
  incremental.keptRoutes = on;
  incremental.sparseBackward = on;
  incremental.watchedLatencyInputs = on;
  incremental.deltaPasses = on;
  incremental.hourSlots = on;
}

/** One replication of a scenario's design through the model alone, as JSON (the form bothWays compares). */
const modelRun = (text: string, design = 0): string[] => [oneModelRun(text, design)];

function bothWays(text: string, file: string, horizonDays: number, replications: number, run = () => summaries(text, file, horizonDays, replications)): { fast: string[]; full: string[] } & Shortcuts {
  const { out: fast, ...shortcuts } = countShortcuts(run);
  setShortcuts(false);
  const full = run();
  setShortcuts(true);
  return { fast, full, ...shortcuts };
}

afterEach(() => setShortcuts(true));

describe('incremental fleet-wide evaluation equals the full one', () => {
  // Bundled and test scenarios with a mesh: bad changes and upgrades (impairments), region and zone
  // outages (data planes), partitions and outlier ejection, async queues, datastores.
  const files = ['scenarios/default.yaml', 'scenarios/retail-segmented.yaml', 'scenarios/gdpr-eu-us.yaml', 'test/fixtures/edge-partition.yaml', 'test/fixtures/outlier-dead-endpoints.yaml'];
  for (const file of files) {
    it(file, () => {
      const { fast, full, sparse, sparseBackward, keptEstimates, deltas } = bothWays(readFileSync(file, 'utf8'), file, 60, 2);
      expect(fast).toEqual(full);
      // The bundled scenarios with a mesh reach the delta passes too (gdpr-eu-us takes none in these 60 days).
      if (file.startsWith('scenarios/') && file !== 'scenarios/gdpr-eu-us.yaml') expect(deltas, file).toBeGreaterThan(0);
      if (file === 'scenarios/default.yaml') {
        expect(sparse).toBeGreaterThan(100);
        expect(sparseBackward).toBeGreaterThan(100);
        expect(keptEstimates).toBeGreaterThan(100);
      }
    });
  }

  it('a segmented 30-cluster fleet with frequent zone, region and link outages', () => {
    // The benchmark's segmented fleet, with outages made frequent so that data planes, pods and
    // partitions change often in 10 days.
    const text = fleetScenarioYaml({ clusters: 30, nodesPerCluster: 5, services: 12, userRegions: 4, horizon: '10d', traffic: true, mesh: true, segmented: true })
      .replace('zones: { perYear: 0.2', 'zones: { perYear: 5')
      .replace('regions: { perYear: 0.05', 'regions: { perYear: 20')
      .replace('links: { perYear: 2', 'links: { perYear: 10')
      .replace('mean: 657d', 'mean: 60d');
    const { fast, full, sparse, sparseBackward, keptEstimates } = bothWays(text, 'segmented-fleet.yaml', 10, 1, () => modelRun(text));
    expect(fast).toEqual(full);
    expect(sparse).toBeGreaterThan(100);
    expect(sparseBackward).toBeGreaterThan(100);
    expect(keptEstimates).toBeGreaterThan(100);
    // The outages happened: requests failed.
    expect(JSON.parse(fast[0]).traffic.availability).toBeLessThan(1);
  });

  it('segmented and replicated fleets with a mesh and frequent node failures: passes over the changed components only', () => {
    // A node failure changes one cluster's pods: with calls kept in a region (segmented: 100
    // clusters in 10 regions, each service on one cluster per region) or in a cluster
    // (replicated), only that component's pools can differ.
    // Two nodes per cluster do not hold every service's pods: some services run in a few clusters
    // only, and calls to them leave their region (or fail where they are made) until pods start.
    for (const segmented of [true, false]) {
      const text = fleetScenarioYaml({ clusters: segmented ? 100 : 20, nodesPerCluster: 2, services: 12, userRegions: 4, horizon: '20d', traffic: true, mesh: true, segmented }).replace('mean: 657d', 'mean: 20d');
      const { fast, full, deltas } = bothWays(text, 'fleet.yaml', 20, 1, () => modelRun(text));
      expect(fast).toEqual(full);
      expect(deltas, segmented ? 'segmented' : 'replicated').toBeGreaterThan(segmented ? 500 : 100);
    }
    // With zone, region and link outages besides: data planes and partitions change too.
    const stormy = fleetScenarioYaml({ clusters: 100, nodesPerCluster: 2, services: 12, userRegions: 4, horizon: '20d', traffic: true, mesh: true, segmented: true })
      .replace('mean: 657d', 'mean: 20d')
      .replace('zones: { perYear: 0.2', 'zones: { perYear: 3')
      .replace('regions: { perYear: 0.05', 'regions: { perYear: 5')
      .replace('links: { perYear: 2', 'links: { perYear: 10');
    const { fast, full, deltas } = bothWays(stormy, 'fleet.yaml', 20, 1, () => modelRun(stormy));
    expect(fast).toEqual(full);
    expect(deltas).toBeGreaterThan(100);
    expect(JSON.parse(fast[0]).traffic.availability).toBeLessThan(1);
  });
});

/**
 * `run` with the per-cluster switch `flag` on, counting the calls of `proto[method]` whose result
 * `hit` accepts (so that the comparison is not between two full runs), then with it off.
 */
function perClusterBothWays(flag: 'changedClustersOnly' | 'clusterHourSlots', proto: object, method: string, hit: (r: unknown) => boolean, run: () => string[]): { fast: string[]; full: string[]; count: number } {
  const target = proto as Record<string, (...a: unknown[]) => unknown>;
  const original = target[method];
  let count = 0;
  target[method] = function (this: unknown, ...a: unknown[]) {
    const r = original.apply(this, a);
    if (hit(r)) count++;
    return r;
  };
  let fast: string[];
  try {
    fast = run();
  } finally {
    target[method] = original;
  }
  incremental[flag] = false;
  try {
    return { fast, full: run(), count };
  } finally {
    incremental[flag] = true;
  }
}

/** The evaluations that visited only the changed clusters (byClusterChanges). */
function changesOnlyBothWays(run: () => string[]): { fast: string[]; full: string[]; changesOnly: number } {
  const { fast, full, count } = perClusterBothWays('changedClustersOnly', FluidEvaluation.prototype, 'byClusterChanges', () => true, run);
  return { fast, full, changesOnly: count };
}

/** The evaluations that started from the state kept for their hour of the day (ClusterHourSlots.restore found a slot). */
function hourSlotsBothWays(run: () => string[]): { fast: string[]; full: string[]; restores: number } {
  const { fast, full, count } = perClusterBothWays('clusterHourSlots', ClusterHourSlots.prototype, 'restore', (r) => r !== null, run);
  return { fast, full, restores: count };
}

/**
 * Scenarios with designs without a mesh: zone and region outages (data planes), links, bad changes
 * (impairments), shared dependencies (stale DNS cohorts, frozen answers), datastores, overload
 * backlogs (a bypassed cache), residency, surge upgrades, spill-over and client retries (where the
 * shortcuts are off), warm-up.
 */
const NO_MESH_FILES = [
  'scenarios/default.yaml',
  'scenarios/edge-stores.yaml',
  'scenarios/anycast-three-regions.yaml',
  'test/fixtures/changes-waves.yaml',
  'test/fixtures/dependencies-shared.yaml',
  'test/fixtures/datastores-two-regions.yaml',
  'test/fixtures/overload-storm.yaml',
  'test/fixtures/residency-flows.yaml',
  'test/fixtures/upgrade-surge.yaml',
];

describe('per-cluster evaluations of the changed clusters only equal full ones', () => {
  for (const file of NO_MESH_FILES) {
    it(file, () => {
      const text = readFileSync(file, 'utf8');
      const { fast, full, changesOnly } = changesOnlyBothWays(() => summaries(text, file, 60, 2));
      expect(fast).toEqual(full);
      if (file === 'scenarios/default.yaml') expect(changesOnly).toBeGreaterThan(100);
    });
  }

  it('a partition without and with client retries (where the shortcut is off)', () => {
    const text = readFileSync('test/fixtures/clientretries-partition.yaml', 'utf8');
    const plain = changesOnlyBothWays(() => modelRun(text, 0));
    expect(plain.fast).toEqual(plain.full);
    expect(plain.changesOnly).toBeGreaterThan(0);
    const retrying = changesOnlyBothWays(() => modelRun(text, 1));
    expect(retrying.fast).toEqual(retrying.full);
    expect(retrying.changesOnly).toBe(0);
  });

  it('an edge fleet of 60 small clusters with frequent node, zone, region and link outages', () => {
    // The benchmark's edge fleet, smaller, with outages made frequent so that data planes, answers,
    // stale DNS cohorts, pods and partitions change often in 20 days.
    const text = fleetScenarioYaml({ clusters: 60, nodesPerCluster: 3, services: 10, userRegions: 10, horizon: '20d', traffic: true, etcdMembers: 1 })
      .replace('zones: { perYear: 0.2', 'zones: { perYear: 10')
      .replace('regions: { perYear: 0.05', 'regions: { perYear: 20')
      .replace('links: { perYear: 2', 'links: { perYear: 20')
      .replace('mean: 657d', 'mean: 20d');
    const { fast, full, changesOnly } = changesOnlyBothWays(() => modelRun(text));
    expect(fast).toEqual(full);
    expect(changesOnly).toBeGreaterThan(500);
    expect(JSON.parse(fast[0]).traffic.availability).toBeLessThan(1);
  });
});

describe('per-cluster evaluations from the state kept per hour of the day equal those from the last evaluation', () => {
  // The same scenarios: each global change (links, impairments, dependencies, data planes, stale DNS
  // cohorts, backlogs, warm-up) must leave no slot in use that predates it.
  for (const file of NO_MESH_FILES) {
    it(file, () => {
      const text = readFileSync(file, 'utf8');
      const { fast, full, restores } = hourSlotsBothWays(() => summaries(text, file, 60, 2));
      expect(fast).toEqual(full);
      // The default's quiet days are repeated without evaluations (quietDays); its days with faults are not.
      if (file === 'scenarios/default.yaml') expect(restores).toBeGreaterThan(100);
    });
  }

  it('users cut off from one of their two clusters for two days: slots kept before, during and after the partition', () => {
    // clientretries-partition.yaml over five days, with an hourly demand, the partition from 30 h to
    // 78 h: the users' share through to fra (every term of their route) and their unroutable failures
    // change with it, which no slot kept on the other side may carry over.
    const text = readFileSync('test/fixtures/clientretries-partition.yaml', 'utf8')
      .replace('diurnal: { peakToTrough: 1, peakHourUtc: 0 }', 'diurnal: { peakToTrough: 3, peakHourUtc: 14 }')
      .replace('{ at: 11m, kind: link, target: [eu-west-1, eu-central-1], for: 20m, mode: partition }', '{ at: 30h, kind: link, target: [eu-west-1, eu-central-1], for: 48h, mode: partition }')
      .replace('horizon: 1h, warmup: 1m', 'horizon: 5d, warmup: 1m');
    const { fast, full, restores } = hourSlotsBothWays(() => modelRun(text, 0));
    expect(fast).toEqual(full);
    expect(restores).toBeGreaterThan(30);
    expect(JSON.parse(fast[0]).traffic.failedBy.unroutable).toBeGreaterThan(0);
  });

  it('no slots where autoscalers read the clusters\' current utilization (the cache notes each evaluation it returns)', () => {
    // A restore would go around the utilization-tracking cache: a cluster whose pods did not change
    // would keep reporting its last full evaluation's utilization to its HPA.
    const text = readFileSync('test/fixtures/clientretries-partition.yaml', 'utf8')
      .replace('diurnal: { peakToTrough: 1, peakHourUtc: 0 }', 'diurnal: { peakToTrough: 3, peakHourUtc: 14 }')
      .replace('      serviceTime: { exponential: { mean: 10ms } }', '      serviceTime: { exponential: { mean: 10ms } }\n      autoscaling: { minReplicas: 2, maxReplicas: 6, targetCpuUtilization: 70% }')
      .replace('horizon: 1h, warmup: 1m', 'horizon: 3d, warmup: 1m');
    expect(text).toContain('autoscaling');
    const { fast, full, restores } = hourSlotsBothWays(() => modelRun(text, 0));
    expect(fast).toEqual(full);
    expect(restores).toBe(0);
    // The same fleet without the HPA does restore (so the zero above is the guard's).
    expect(hourSlotsBothWays(() => modelRun(text.replace(/\n {6}autoscaling: .*\n/, '\n'), 0)).restores).toBeGreaterThan(10);
  });

  it('edge fleets of 60 small clusters: frequent node failures, then frequent zone, region and link outages too', () => {
    const edge = fleetScenarioYaml({ clusters: 60, nodesPerCluster: 3, services: 10, userRegions: 10, horizon: '20d', traffic: true, etcdMembers: 1 }).replace('mean: 657d', 'mean: 20d');
    const nodes = hourSlotsBothWays(() => modelRun(edge));
    expect(nodes.fast).toEqual(nodes.full);
    // After the first day, most hours start from their slot with some clusters changed since.
    expect(nodes.restores).toBeGreaterThan(300);
    // Past the clusters' capacity at the peak hours (refused above 95% utilization), so that their
    // success ratios, and the users' terms and failures with them, differ from hour to hour.
    const busy = edge.replaceAll('rate: 200/s', 'rate: 30000/s');
    const shedding = hourSlotsBothWays(() => modelRun(busy));
    expect(shedding.fast).toEqual(shedding.full);
    expect(shedding.restores).toBeGreaterThan(300);
    expect(JSON.parse(shedding.fast[0]).traffic.failedBy.shed).toBeGreaterThan(0);
    // Every outage but a node's changes what all clusters or users read: slots kept before it must not be used.
    const stormy = busy.replace('zones: { perYear: 0.2', 'zones: { perYear: 10').replace('regions: { perYear: 0.05', 'regions: { perYear: 20').replace('links: { perYear: 2', 'links: { perYear: 20');
    const storm = hourSlotsBothWays(() => modelRun(stormy));
    expect(storm.fast).toEqual(storm.full);
    expect(storm.restores).toBeGreaterThan(0);
  });
});
