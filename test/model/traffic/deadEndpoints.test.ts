import { describe, expect, it } from 'vitest';
import { chainScenario } from './fixture.js';
import { trafficParts } from './parts.js';

describe('dead endpoints', () => {
  it('without a mesh swallow their share of the pool for as long as they are listed', () => {
    const parts = trafficParts(chainScenario({ ratePerS: 1 }));
    const api = parts.group('api', 0);
    parts.pods.ready[api] = 3;
    parts.pods.lost[api] = 1;
    parts.deadEndpoints.groupChanged(api);
    parts.sim.run({ untilS: 3600 });
    expect(parts.deadEndpoints.share(api)).toBe(0.25);
    parts.pods.ready[api] = 0;
    parts.pods.lost[api] = 0;
    parts.deadEndpoints.groupChanged(api);
    expect(parts.deadEndpoints.share(api)).toBe(0); // nothing listed
  });

  it('with a mesh are ejected after outlier detection’s interval, up to maxEjectionPercent of the pool', () => {
    // The default outlier detection (src/scenario/defaults.ts): 10 s interval, at most 10% ejected.
    const parts = trafficParts(chainScenario({ ratePerS: 1, mesh: true }));
    const detection = parts.world.scenario.designs[0].traffic.mesh!.outlierDetection;
    const api = parts.group('api', 0);
    parts.pods.ready[api] = 3;
    parts.pods.lost[api] = 1;
    parts.deadEndpoints.groupChanged(api);
    expect(parts.deadEndpoints.share(api)).toBe(0.25);
    parts.sim.run({ untilS: detection.intervalS });
    expect(parts.deadEndpoints.share(api)).toBeCloseTo(0.25 - detection.maxEjectionPercent / 100, 15);
    expect(parts.deadEndpoints.share(api)).toBeCloseTo(0.15, 15);
    // A second loss does not restart the clock; recovery resets it.
    parts.pods.lost[api] = 2;
    parts.deadEndpoints.groupChanged(api);
    expect(parts.deadEndpoints.lostSinceS[api]).toBe(0);
    parts.pods.lost[api] = 0;
    parts.deadEndpoints.groupChanged(api);
    expect(parts.deadEndpoints.lostSinceS[api]).toBeNaN();
  });
});
