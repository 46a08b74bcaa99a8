import { describe, expect, it } from 'vitest';
import { chainScenario } from './fixture.js';
import { trafficParts, type TrafficParts } from './parts.js';

/** The chain scenario with a mesh whose outlier detection is `detection` (YAML flow mapping body). */
function parts(detection: string): TrafficParts {
  const yaml = chainScenario({ ratePerS: 1, mesh: true }).replace('mesh: { localityOrder: [zone, region, any] }', `mesh: { localityOrder: [zone, region, any], outlierDetection: { ejection: inline, ${detection} } }`);
  const p = trafficParts(yaml);
  p.deadEndpoints.offeredPerS = new Float64Array(p.services.serviceCount * p.network.clusterCount);
  return p;
}

/** Pods of api in cluster 0, `offeredPerS` requests a second to the pool, at time 0. */
function pool(p: TrafficParts, ready: number, lost: number, offeredPerS: number): number {
  const api = p.group('api', 0);
  p.pods.ready[api] = ready;
  p.pods.lost[api] = lost;
  p.deadEndpoints.offeredPerS![api] = offeredPerS;
  p.deadEndpoints.groupChanged(api);
  return api;
}

/** What fluid.ts does at an evaluation: shares read, then the next ejection asked for. */
function evaluateAt(p: TrafficParts, group: number, atS: number): { share: number; nextS: number } {
  p.sim.run({ untilS: atS });
  const share = p.deadEndpoints.share(group);
  return { share, nextS: p.deadEndpoints.nextEjectionS(atS) };
}

describe('dead endpoints, inline ejection', () => {
  it('a dead endpoint is ejected consecutive5xx ÷ (offered ÷ listed) after it died, returns after baseEjectionTime, and each ejection lasts longer', () => {
    // 9 ready + 1 dead, 20 requests/s: 2/s per endpoint, 5 consecutive failures → ejected at 2.5 s.
    const p = parts('consecutive5xx: 5, baseEjectionTime: 30s');
    const api = pool(p, 9, 1, 20);
    expect(evaluateAt(p, api, 0)).toEqual({ share: 0.1, nextS: 2.5 });
    // Ejected: the pool's traffic spreads over the 9 live endpoints; it comes back after 30 s.
    expect(evaluateAt(p, api, 2.5)).toEqual({ share: 0, nextS: 32.5 });
    // Back (still dead): fails again, 5 more failures at 2/s → 35 s, then out for 2 × 30 s.
    expect(evaluateAt(p, api, 32.5)).toEqual({ share: 0.1, nextS: 35 });
    expect(evaluateAt(p, api, 35)).toEqual({ share: 0, nextS: 95 });
    const third = evaluateAt(p, api, 95);
    expect(third.share).toBe(0.1);
    expect(third.nextS).toBeCloseTo(97.5, 9);
    expect(evaluateAt(p, api, 97.5)).toEqual({ share: 0, nextS: 97.5 + 90 });
  });

  it('the ejection time follows the rate: twice the traffic, half the time; failures count at the rate of each interval', () => {
    const p = parts('consecutive5xx: 5');
    const api = pool(p, 9, 1, 40);
    expect(evaluateAt(p, api, 0).nextS).toBe(1.25);
    // The rate halves at 0.5 s (2 of 5 failures counted): the other 3 take 3 ÷ 2/s = 1.5 s more.
    p.deadEndpoints.offeredPerS![api] = 20;
    expect(evaluateAt(p, api, 0.5).nextS).toBeCloseTo(2, 12);
    expect(evaluateAt(p, api, 2).share).toBe(0);
  });

  it('max ejection percent: with 2 of 4 endpoints dead and 10%, one (the first to die) is ejected, never zero; with 50% both', () => {
    const tenPercent = parts('maxEjectionPercent: 10');
    const api = pool(tenPercent, 2, 2, 8); // 2/s per endpoint → 2.5 s
    expect(evaluateAt(tenPercent, api, 0).share).toBe(0.5);
    const after = evaluateAt(tenPercent, api, 2.5);
    expect(tenPercent.deadEndpoints.ejected(api)).toBe(1);
    expect(after.share).toBeCloseTo(1 / 3, 15); // 1 dead of the 3 left
    const half = parts('maxEjectionPercent: 50');
    const api2 = pool(half, 2, 2, 8);
    evaluateAt(half, api2, 0);
    expect(evaluateAt(half, api2, 2.5).share).toBe(0);
  });

  it('the held-back endpoint is ejected when the first returns and a slot frees', () => {
    const p = parts('maxEjectionPercent: 10, baseEjectionTime: 30s');
    const api = pool(p, 2, 2, 8);
    evaluateAt(p, api, 0);
    evaluateAt(p, api, 2.5);
    // At 32.5 the first returns; the second (its counter running all along, reset at each run of 5) takes the slot.
    evaluateAt(p, api, 32.5);
    expect(p.deadEndpoints.ejected(api)).toBe(1);
    expect(p.deadEndpoints.share(api)).toBeCloseTo(1 / 3, 15);
  });

  it('panic: below minHealthPercent healthy the pool balances over every endpoint, ejected ones included', () => {
    // 1 ready + 3 dead, all 3 ejectable (100%): 25% healthy.
    const panicking = parts('maxEjectionPercent: 100, minHealthPercent: 50');
    const api = pool(panicking, 1, 3, 8);
    evaluateAt(panicking, api, 0);
    const out = evaluateAt(panicking, api, 2.5);
    expect(panicking.deadEndpoints.ejected(api)).toBe(3);
    expect(out.share).toBe(0.75);
    // Istio's default (0%): no panic, the one live endpoint takes everything.
    const istio = parts('maxEjectionPercent: 100');
    const api2 = pool(istio, 1, 3, 8);
    evaluateAt(istio, api2, 0);
    expect(evaluateAt(istio, api2, 2.5).share).toBe(0);
    // Exactly at the threshold (2 of 4 healthy, 50%): not in panic.
    const edge = parts('maxEjectionPercent: 100, minHealthPercent: 50');
    const api3 = pool(edge, 2, 2, 8);
    evaluateAt(edge, api3, 0);
    expect(evaluateAt(edge, api3, 2.5).share).toBe(0);
  });

  it('delisted endpoints leave oldest first; none listed, nothing pending', () => {
    const p = parts('consecutive5xx: 5');
    const api = pool(p, 9, 1, 20);
    evaluateAt(p, api, 0);
    p.sim.run({ untilS: 1 });
    p.pods.ready[api] = 8;
    p.pods.lost[api] = 2; // a second one dies at 1 s (10 listed: still 2/s each)
    p.deadEndpoints.groupChanged(api);
    expect(p.deadEndpoints.nextEjectionS(1)).toBeCloseTo(2.5, 12); // the first, still on its clock
    p.pods.lost[api] = 0;
    p.deadEndpoints.groupChanged(api);
    expect(p.deadEndpoints.nextEjectionS(1)).toBe(Number.POSITIVE_INFINITY);
    expect(p.deadEndpoints.share(api)).toBe(0);
  });

  it('interval ejection ignores the inline-only fields (panic threshold): share − maxEjectionPercent after the interval, as before', () => {
    const yaml = chainScenario({ ratePerS: 1, mesh: true }).replace('mesh: { localityOrder: [zone, region, any] }', 'mesh: { localityOrder: [zone, region, any], outlierDetection: { ejection: interval, maxEjectionPercent: 100, minHealthPercent: 90 } }');
    const p = trafficParts(yaml);
    const api = p.group('api', 0);
    p.pods.ready[api] = 1;
    p.pods.lost[api] = 3;
    p.deadEndpoints.groupChanged(api);
    expect(p.deadEndpoints.nextEjectionS(0)).toBe(10);
    p.sim.run({ untilS: 10 });
    expect(p.deadEndpoints.share(api)).toBe(0);
  });
});
