import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Route } from '../../../src/model/traffic/routing.js';
import { spillLevels, spillOver, type SpillUser } from '../../../src/model/traffic/spillover.js';
import { runTraffic, world } from './fixture.js';

/** Levels of one cluster each, nearest first. */
function levels(...clusters: number[]): Route[] {
  return clusters.map((c) => ({ clusters: [c], weights: [1] }));
}

const EU = 0;
const US = 1;
const AP = 2;

/** Shares of a route keyed by cluster. */
function shares(route: Route): Record<number, number> {
  return Object.fromEntries(route.clusters.map((c, i) => [c, route.weights[i]]));
}

describe('spillOver (GCP waterfall by region), by hand', () => {
  // Three clusters with room 8 000/s each (10 000/s capacity × 0.8); one entry service (0).
  const room = Float64Array.of(8000, 8000, 8000);
  const europe = (demandPerS: number): SpillUser => ({ demandPerS, entry: 0, levels: levels(EU, US, AP) });
  const americas: SpillUser = { demandPerS: 2000, entry: 0, levels: levels(US, EU, AP) };
  const asia: SpillUser = { demandPerS: 2000, entry: 0, levels: levels(AP, US, EU) };

  it('three regions, Europe full: 8 000 stay, 6 000 go to the US (its room after its own 2 000), 4 000 to Asia', () => {
    // Round 1: EU takes 8 000 of 18 000 and is full; US and AP take their own 2 000 (rooms left 6 000).
    // Round 2: Europe's 10 000 go to the US, which takes 6 000. Round 3: the last 4 000 go to AP.
    const users = [europe(18000), americas, asia];
    const routes = spillOver(users, room, 3);
    expect(shares(routes[0])).toEqual({ [EU]: 8000 / 18000, [US]: 6000 / 18000, [AP]: 4000 / 18000 });
    // Regions with room keep their answers, the very objects (nothing about them changes).
    expect(routes[1]).toBe(americas.levels[0]);
    expect(routes[2]).toBe(asia.levels[0]);
    // The room passed in is not touched.
    expect(Array.from(room)).toEqual([8000, 8000, 8000]);
  });

  it('with room everywhere nothing moves', () => {
    const users = [europe(7000), americas, asia];
    const routes = spillOver(users, room, 3);
    routes.forEach((r, u) => expect(r).toBe(users[u].levels[0]));
  });

  it('when every cluster is full the rest stays with the nearest (and is shed there)', () => {
    // Europe 30 000: EU 8 000, US 6 000, AP 6 000, and the 10 000 no one could take back at EU.
    const routes = spillOver([europe(30000), americas, asia], room, 3);
    expect(shares(routes[0])).toEqual({ [EU]: 18000 / 30000, [US]: 6000 / 30000, [AP]: 6000 / 30000 });
  });

  it('equally near clusters of the answer share the overflow before a farther one gets any', () => {
    // Answer {a, b} at 1/2 each; a has room 10, b 100; demand 100: a takes 10, b its 50 and then a's 40.
    const user: SpillUser = { demandPerS: 100, entry: 0, levels: [{ clusters: [0, 1], weights: [0.5, 0.5] }, ...levels(2)] };
    const [route] = spillOver([user], Float64Array.of(10, 100, 1000), 3);
    expect(shares(route)).toEqual({ 0: 0.1, 1: 0.9 });
  });

  it('regions competing for the same room share it in proportion to what they offer', () => {
    // Clusters 0 and 1 have no pods (room 0); both regions overflow to cluster 2 (room 30): A offers
    // 40 and gets 20, B offers 20 and gets 10; the rest of each stays with its nearest.
    const a: SpillUser = { demandPerS: 40, entry: 0, levels: levels(0, 2) };
    const b: SpillUser = { demandPerS: 20, entry: 0, levels: levels(1, 2) };
    const [ra, rb] = spillOver([a, b], Float64Array.of(0, 0, 30), 3);
    expect(shares(ra)).toEqual({ 0: 0.5, 2: 0.5 });
    expect(shares(rb)).toEqual({ 1: 0.5, 2: 0.5 });
  });

  it('rooms are per entry service: users of another entry service do not take them', () => {
    // Two entry services over 2 clusters (groups e × 2 + c). Service 1 has room 5 in cluster 0 only.
    const x: SpillUser = { demandPerS: 10, entry: 1, levels: levels(0, 1) };
    const [route] = spillOver([x], Float64Array.of(100, 100, 5, 0), 2);
    // Cluster 1 has no room for service 1: the rest (5) stays at cluster 0.
    expect(route).toBe(x.levels[0]);
  });

  it('spillLevels: the answer, then the others by RTT, ties within the answer-set tie sharing a level', () => {
    const rtt = [10, 50, 50.5, 90, 30];
    const answer = { clusters: [0], weights: [1] };
    const got = spillLevels(answer, [0, 1, 2, 3, 4], (c) => rtt[c], 1);
    expect(got[0]).toBe(answer);
    expect(got.slice(1)).toEqual([
      { clusters: [4], weights: [1] },
      { clusters: [1, 2], weights: [0.5, 0.5] },
      { clusters: [3], weights: [1] },
    ]);
  });
});

describe('spill-over in the fluid model: the worked example end to end', () => {
  // test/fixtures/spillover-three-regions.yaml: the numbers of the first case above (capacity 10 000/s
  // per cluster, room 8 000/s, 95% shedding threshold). RTTs from Europe: EU 10 ms, US 90 ms, AP 200 ms.
  const w = world(readFileSync(fileURLToPath(new URL('../../fixtures/spillover-three-regions.yaml', import.meta.url)), 'utf8'));
  const nearest = runTraffic(w, 0, 0, 'fluid').traffic!;
  const spill = runTraffic(w, 1, 0, 'fluid').traffic!;
  const seconds = nearest.requests / 22000;

  it('without spill-over Europe\'s cluster admits 9 500 of 18 000/s and sheds the rest', () => {
    expect(nearest.byUserRegion[0].availability).toBeCloseTo(9500 / 18000, 9);
    expect(nearest.availability).toBeCloseTo((9500 + 2000 + 2000) / 22000, 9);
    expect(nearest.failedBy.shed).toBeCloseTo(8500 * seconds, 0);
    expect(nearest.clusters.map((c) => c.requestsServed / seconds)).toEqual([9500, 2000, 2000].map((x) => expect.closeTo(x, 6)));
  });

  it('with spill-over nothing is shed: the clusters serve 8 000, 8 000 and 6 000/s', () => {
    expect(spill.availability).toBeCloseTo(1, 12);
    expect(spill.failedBy.shed).toBe(0);
    expect(spill.clusters.map((c) => c.requestsServed / seconds)).toEqual([8000, 8000, 6000].map((x) => expect.closeTo(x, 6)));
  });

  it('the fleet-wide path (with a mesh) spills the same shares', () => {
    const text = readFileSync(fileURLToPath(new URL('../../fixtures/spillover-three-regions.yaml', import.meta.url)), 'utf8');
    const meshed = world(text.replace('anycast: { spillover: {} } } }', 'anycast: { spillover: {} } }, mesh: { localityOrder: [zone, region, any] } }'));
    expect(meshed.scenario.designs[1].traffic.mesh).toBeDefined();
    const t = runTraffic(meshed, 1, 0, 'fluid').traffic!;
    expect(t.availability).toBeCloseTo(1, 12);
    expect(t.clusters.map((c) => c.requestsServed / seconds)).toEqual([8000, 8000, 6000].map((x) => expect.closeTo(x, 6)));
    expect(Math.abs(t.byUserRegion[0].latency.p50S - spill.byUserRegion[0].latency.p50S)).toBeLessThan(0.002);
  });

  it("Europe's p50 moves from the nearest cluster to the US one: it rises by about the 80 ms of extra RTT", () => {
    const before = nearest.byUserRegion[0].latency.p50S;
    const after = spill.byUserRegion[0].latency.p50S;
    // Without: 10 ms + the median of an exponential 10 ms service (6.9 ms) + waits at 95% busy (about 1 ms).
    expect(before - 0.010).toBeGreaterThan(0.0069);
    expect(before - 0.010).toBeLessThan(0.0069 + 0.003);
    // With: 4/9 of Europe's requests stay at 10 ms, 1/3 go to the US at 90 ms: the median is the US part's
    // (0.5 − 4/9) / (1/3) = 1/6 quantile, 90 ms + 10 ms × ln(6/5) = 91.8 ms, plus small waits at 80% busy.
    expect(after - 0.090).toBeGreaterThan(0.010 * Math.log(6 / 5) - 0.0005);
    expect(after - 0.090).toBeLessThan(0.010 * Math.log(6 / 5) + 0.0015);
    expect(after - before).toBeGreaterThan(0.080 - 0.010);
    expect(after - before).toBeLessThan(0.080);
    // The Americas' users keep their own cluster, now 80% busy instead of 20%: with 100 servers the waits stay under a millisecond.
    expect(Math.abs(spill.byUserRegion[1].latency.p50S - nearest.byUserRegion[1].latency.p50S)).toBeLessThan(0.001);
  });
});
