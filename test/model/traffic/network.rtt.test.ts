import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rttMsBetweenClusters } from '../../../src/model/fleet/buildFleet.js';
import { resolveFleet } from '../../../src/model/fleet/resolveFleet.js';
import { FleetNetwork } from '../../../src/model/traffic/network.js';
import { parseScenario } from '../../../src/scenario/index.js';

function scenarioOf(file: string) {
  const parsed = parseScenario(readFileSync(file, 'utf8'), file);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return parsed.scenario;
}

describe('FleetNetwork base RTTs', () => {
  // The network keeps RTTs per pair of distinct zone lists, not per pair of clusters: every pair
  // must still read exactly what rttMsBetweenClusters computes for it.
  for (const file of ['scenarios/gdpr-eu-us.yaml', 'scenarios/edge-stores.yaml', 'scenarios/anycast-three-regions.yaml', 'scenarios/retail-segmented.yaml']) {
    it(`equal rttMsBetweenClusters for every pair of clusters (${file})`, () => {
      const scenario = scenarioOf(file);
      const fleet = resolveFleet(scenario);
      const network = new FleetNetwork(fleet, scenario);
      expect(fleet.clusters.length).toBeGreaterThan(1);
      for (let a = 0; a < fleet.clusters.length; a++) {
        expect(network.ownRttMs(a)).toBe(rttMsBetweenClusters(fleet, a, a));
        for (let b = 0; b < fleet.clusters.length; b++) expect(network.rttMs(a, b)).toBe(rttMsBetweenClusters(fleet, a, b));
      }
    });
  }
});
