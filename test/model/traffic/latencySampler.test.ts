import { describe, expect, it } from 'vitest';
import { LatencyMonteCarlo, sampleSeeds, type LatencyEstimate, type RequestOrigin } from '../../../src/model/traffic/latencyMonteCarlo.js';
import { pickCluster } from '../../../src/model/traffic/routing.js';
import { RunRoutes } from '../../../src/model/traffic/runRoutes.js';
import { trafficParts, type TrafficParts } from './parts.js';
import { generator, meshTreeYaml as yaml } from './samplerFixture.js';



/** Pods in random clusters (each service somewhere), random waits and added latencies. */
function randomState(parts: TrafficParts, rand: () => number): void {
  const names = ['web', 'api', 'db', 'cache', 'audit'];
  for (const name of names) {
    const home = Math.floor(rand() * 3);
    for (let c = 0; c < 3; c++) parts.pods.ready[parts.group(name, c)] = c === home || rand() < 0.4 ? 1 + Math.floor(rand() * 5) : 0;
  }
  parts.routes.clear();
  for (const pool of parts.flow.pools) {
    pool.servers = 16;
    pool.pWait = rand() < 0.3 ? 0 : rand();
    pool.waitRatePerS = 20 + 500 * rand();
    pool.extraLatencyS = rand() < 0.7 ? 0 : 0.01 * rand();
  }
}

function sameBits(a: LatencyEstimate | null, b: LatencyEstimate | null): void {
  expect(a).not.toBeNull();
  expect(b).not.toBeNull();
  expect(Array.from(new Uint32Array(a!.points.buffer))).toEqual(Array.from(new Uint32Array(b!.points.buffer)));
  expect(Object.is(a!.meanS, b!.meanS)).toBe(true);
}

describe('the sampler with and without the breakdown (no attempts drawn)', () => {
  it('draws the same samples, bit for bit: keeping where the time went changes no draw (calls sequential, parallel, fractional, async; routes across clusters)', () => {
    const parts = trafficParts(yaml);
    const web = parts.services.indexByName.get('web')!;
    const rand = generator(2024);
    const seeds = sampleSeeds(rand);
    // The breakdown's bookkeeping (parts per hop, saved and restored around parallel calls) must not move a draw.
    const plain = new LatencyMonteCarlo(parts.services, parts.network, parts.flow.pools, parts.routes);
    const general = new LatencyMonteCarlo(parts.services, parts.network, parts.flow.pools, parts.routes, undefined, { breakdown: true });
    let crossCluster = 0;
    for (let trial = 0; trial < 6; trial++) {
      randomState(parts, rand);
      const webIn = [0, 1, 2].filter((c) => parts.pods.ready[parts.group('web', c)] > 0);
      const origins: RequestOrigin[] = [
        { kind: 'cluster', cluster: webIn[0] },
        { kind: 'userRegion', userRegion: 0, answer: { clusters: webIn, weights: webIn.map(() => 1 / webIn.length) } },
      ];
      for (const origin of origins) sameBits(plain.run(seeds, web, origin), general.run(seeds, web, origin));
      for (const c of [0, 1, 2]) if (parts.routes.routeOf(parts.services.indexByName.get('db')!, c).clusters.length > 1) crossCluster++;
    }
    expect(crossCluster).toBeGreaterThan(0); // some trial split calls over several clusters
  });

  it('follows the routes of each run (the compiled routes are not kept from the last run)', () => {
    const parts = trafficParts(yaml);
    const web = parts.services.indexByName.get('web')!;
    const seeds = sampleSeeds(generator(7));
    for (const name of ['web', 'api', 'db', 'cache', 'audit']) parts.pods.ready[parts.group(name, 0)] = 2;
    for (const pool of parts.flow.pools) {
      pool.servers = 16;
      pool.pWait = 0;
    }
    const mc = new LatencyMonteCarlo(parts.services, parts.network, parts.flow.pools, parts.routes);
    const local = mc.run(seeds, web, { kind: 'cluster', cluster: 0 })!;
    // db leaves eu for us-east-1: every request pays at least two 70 ms round trips (its parallel db calls).
    parts.pods.ready[parts.group('db', 0)] = 0;
    parts.pods.ready[parts.group('db', 1)] = 2;
    parts.routes.clear();
    const remote = mc.run(seeds, web, { kind: 'cluster', cluster: 0 })!;
    expect(local.points[0]).toBeLessThan(0.07);
    expect(remote.points[0]).toBeGreaterThan(0.07);
  });
});

describe('RunRoutes', () => {
  it('picks the cluster pickCluster picks, with the RTT to it, for every draw', () => {
    const parts = trafficParts(yaml);
    const rand = generator(99);
    const runRoutes = new RunRoutes(parts.routes, parts.network, parts.services.serviceCount);
    for (let trial = 0; trial < 10; trial++) {
      randomState(parts, rand);
      runRoutes.begin();
      for (let s = 0; s < parts.services.serviceCount; s++) {
        for (let from = 0; from < 3; from++) {
          const route = parts.routes.routeOf(s, from);
          const group = runRoutes.of(s, from);
          for (let k = 0; k < 50; k++) {
            // Draws near the weights' boundaries too, where the running sum's rounding decides.
            const u = k < 10 ? route.weights.slice(0, k % (route.clusters.length + 1)).reduce((a, w) => a + w, 0) : rand();
            const entry = runRoutes.pick(group, u);
            const expected = pickCluster(route, u);
            expect(entry >= 0 ? runRoutes.clusters[entry] : -1).toBe(expected);
            if (entry >= 0) expect(runRoutes.rttS[entry]).toBe(parts.network.rttMs(from, expected) / 1000);
          }
        }
      }
    }
  });
});
