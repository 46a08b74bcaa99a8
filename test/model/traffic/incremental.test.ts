import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { incremental } from '../../../src/model/traffic/incremental.js';
import { LoadFlow } from '../../../src/model/traffic/loadFlow.js';
import { LatencyEstimates } from '../../../src/model/traffic/latencyEstimates.js';
import { parseScenario } from '../../../src/scenario/index.js';
import { resolveFleet } from '../../../src/model/fleet/resolveFleet.js';
import { resolveDesigns } from '../../../src/model/placement/resolveDesigns.js';
import { generateFaultSchedule } from '../../../src/model/faults/schedule.js';
import { runReplication } from '../../../src/model/replication/replication.js';
import { prepareRun } from '../../../src/run/context.js';
import { replicate, serializeSummary } from '../../../src/run/pipeline.js';
import { fleetScenarioYaml } from '../../../bench/fleetScenario.js';

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
}

/** Counts the shortcuts taken (so that the comparison is not trivially between two full runs). */
function countShortcuts<T>(run: () => T): { out: T } & Shortcuts {
  const flow = LoadFlow.prototype as unknown as Record<'sparseAllowed' | 'sparseBackwardAllowed', (...a: unknown[]) => boolean>;
  const latency = LatencyEstimates.prototype as unknown as Record<'forUserRegion' | 'lookUpUserRegion', (...a: unknown[]) => unknown>;
  const originals = { sparseAllowed: flow.sparseAllowed, sparseBackwardAllowed: flow.sparseBackwardAllowed, forUserRegion: latency.forUserRegion, lookUpUserRegion: latency.lookUpUserRegion };
  const counts = { sparse: 0, sparseBackward: 0, lookups: 0, walks: 0 };
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
    return { out, sparse: counts.sparse, sparseBackward: counts.sparseBackward, keptEstimates: counts.lookups - counts.walks };
  } finally {
    Object.assign(flow, { sparseAllowed: originals.sparseAllowed, sparseBackwardAllowed: originals.sparseBackwardAllowed });
    Object.assign(latency, { forUserRegion: originals.forUserRegion, lookUpUserRegion: originals.lookUpUserRegion });
  }
}

function setShortcuts(on: boolean): void {
  incremental.sparsePasses = on;
  incremental.keptRoutes = on;
  incremental.sparseBackward = on;
  incremental.watchedLatencyInputs = on;
}

/** One replication of a scenario's first design through the model alone (no prices needed), as JSON. */
function modelRun(text: string): string[] {
  const parsed = parseScenario(text, 'fleet.yaml');
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  const sc = parsed.scenario;
  const fleet = resolveFleet(sc);
  const resolved = resolveDesigns(sc, fleet);
  const faults = generateFaultSchedule({ fleet, clusters: sc.clusters, faults: sc.faults, horizonS: sc.run.horizonS, seed: sc.run.seed, replication: 0 });
  const r = runReplication({ fleet, clusters: sc.clusters, design: sc.designs[0], resolved: resolved[0], faults, seed: sc.run.seed, replication: 0, horizonS: sc.run.horizonS, warmupS: 0, scenario: sc });
  return [JSON.stringify(r)];
}

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
      const { fast, full, sparse, sparseBackward, keptEstimates } = bothWays(readFileSync(file, 'utf8'), file, 60, 2);
      expect(fast).toEqual(full);
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
});
