import { describe, expect, it } from 'vitest';
import { fluidPrediction, modelPredictions, proxyScenarioYaml, requestLevelPrediction, RIG_AVOIDANCE } from '../../../src/live/proxy/modelHook.js';

/**
 * Fleetsim's prediction for the proxy rig (modelHook.ts: the rig as a scenario, through the fluid
 * load flow) against closed forms worked here by hand, no HAProxy needed. D of N backends dead and
 * listed, first attempt uniform, q = D/N:
 * - HAProxy's redispatch (avoidPreviousHosts: last): later attempts miss with r = (D − 1)/(N − 1),
 *   success 1 − q·r^(k−1), attempts 1 + q·(1 + r + … + r^(k−2));
 * - Envoy's previous_hosts (all): the j-th attempt misses with (D − j + 1)/(N − j + 1);
 * - independent attempts (none): 1 − q^k.
 * - Overload (no dead backend, offered 2× N·c/S): goodput near N·c/S. The fluid model sheds a little
 *   before 100% busy, so its goodput sits a few percent under capacity: within 10%.
 */
const rig = (over: Partial<Parameters<typeof fluidPrediction>[0]>) => ({ backends: 4, dead: 1, concurrency: 4, serviceMs: 10, ratePerS: 250, attempts: 2, queueTimeoutMs: 250, ...over });

describe('model hook for validate proxy: fleetsim vs closed forms', () => {
  // The request level simulates 40 s at 250/s, about 10,000 requests: standard error ≤ 0.005; ±0.015 is three of them.
  it('request level, D of N dead with redispatch: 0.75, 1, 0.5, 17/18 within ±0.015; no prediction under overload', () => {
    for (const [dead, attempts, closed] of [[1, 1, 0.75], [1, 2, 1], [2, 1, 0.5], [2, 3, 17 / 18]] as const) {
      const p = requestLevelPrediction(rig({ dead, attempts }))!;
      expect(p.source).toBe('request-level');
      expect(Math.abs(p.successRatio - closed), `${dead} dead, ${attempts} attempts`).toBeLessThanOrEqual(0.015);
    }
    // Independent attempts for contrast: 7/8, well apart from redispatch's 17/18.
    expect(Math.abs(requestLevelPrediction(rig({ dead: 2, attempts: 3 }), 'none')!.successRatio - 7 / 8)).toBeLessThanOrEqual(0.015);
    expect(requestLevelPrediction(rig({ dead: 0, serviceMs: 100, ratePerS: 320 }))).toBeUndefined();
    expect(modelPredictions(rig({})).predictions.map((p) => p.source)).toEqual(['fluid', 'request-level']);
  });

  it('models HAProxy redispatch as avoidPreviousHosts: last, in a scenario that parses', () => {
    expect(RIG_AVOIDANCE).toBe('last');
    expect(proxyScenarioYaml(rig({ attempts: 3 }))).toContain('retries: { attempts: 3, retryOn: [deadEndpoint], avoidPreviousHosts: last }');
    expect(proxyScenarioYaml(rig({ attempts: 1 }))).not.toContain('retries');
  });

  it('no retries: success 1 − q (1 of 4: 0.75; 2 of 4: 0.5), one attempt each, goodput λ(1 − q)', () => {
    for (const dead of [1, 2]) {
      const p = fluidPrediction(rig({ dead, attempts: 1 }));
      expect(p.successRatio).toBeCloseTo(1 - dead / 4, 9);
      expect(p.attemptsPerRequest).toBe(1);
      expect(p.goodputPerS).toBeCloseTo(250 * (1 - dead / 4), 6);
    }
  });

  it('1 of 4 dead, 2 attempts: redispatch recovers every request (r = 0), attempts 1.25; independent attempts 15/16', () => {
    const p = modelPredictions(rig({})).predictions[0];
    expect(p.source).toBe('fluid');
    expect(p.successRatio).toBeCloseTo(1, 9);
    expect(p.attemptsPerRequest).toBeCloseTo(1.25, 9);
    expect(fluidPrediction(rig({}), 'none').successRatio).toBeCloseTo(15 / 16, 9);
  });

  it('2 of 4 dead, 3 attempts: 1 − (1/2)(1/3)² = 17/18 with redispatch, 1 with previous_hosts, 7/8 independent', () => {
    const c = rig({ dead: 2, attempts: 3 });
    const last = fluidPrediction(c);
    expect(last.successRatio).toBeCloseTo(17 / 18, 9);
    expect(last.attemptsPerRequest).toBeCloseTo(1 + 0.5 * (1 + 1 / 3), 9);
    expect(fluidPrediction(c, 'all').successRatio).toBeCloseTo(1, 9);
    expect(fluidPrediction(c, 'none').successRatio).toBeCloseTo(7 / 8, 9);
  });

  it('overload at twice N·c/S = 160/s: goodput within 10% of 160/s, retries on dead backends change nothing', () => {
    for (const attempts of [1, 3]) {
      const p = fluidPrediction(rig({ dead: 0, serviceMs: 100, ratePerS: 320, attempts }));
      expect(Math.abs(p.goodputPerS - 160)).toBeLessThanOrEqual(16);
      expect(p.attemptsPerRequest).toBe(1);
    }
  });
});
