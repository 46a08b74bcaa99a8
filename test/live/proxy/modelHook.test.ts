import { describe, expect, it } from 'vitest';
import { fluidPrediction, modelPredictions, proxyScenarioYaml, requestLevelPrediction, RIG_AVOIDANCE, stormPredictions } from '../../../src/live/proxy/modelHook.js';

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

  // Latency: both modes' user round trip is taken off, so a constant service time S with no
  // waiting gives p50 = p99 = S. Histogram bins are ~1% wide, so within 2%.
  it('latency: constant S + 2d held (10 ms + 40 ms at half capacity) gives p50 = p99 = 50 ms in both modes; 2 of 4 dead with 3 attempts, p50 10 ms', () => {
    const within = (x: number, want: number) => Math.abs(x - want) <= 0.02 * want;
    for (const p of modelPredictions(rig({ dead: 0, attempts: 1, ratePerS: 160, extraHeldMs: 40 })).predictions) {
      expect(within(p.p50Ms, 50), `${p.source} p50 ${p.p50Ms}`).toBe(true);
      expect(within(p.p99Ms, 50), `${p.source} p99 ${p.p99Ms}`).toBe(true);
    }
    for (const p of modelPredictions(rig({ dead: 2, attempts: 3 })).predictions) expect(within(p.p50Ms, 10), `${p.source} p50 ${p.p50Ms}`).toBe(true);
    // Under overload the fluid model gives no latency (no timed run), the request level nothing.
    const overload = modelPredictions(rig({ dead: 0, serviceMs: 100, ratePerS: 320 })).predictions;
    expect(overload.map((p) => p.source)).toEqual(['fluid']);
    expect(overload[0].p50Ms).toBeNaN();
  });

  // Per-try timeout T = 100 ms on a lognormal of median 20 ms and p99 200 ms: σ = ln 10 / 2.326,
  // τ = P(S > T) = 1 − Φ(ln 5 / σ) = 0.0520 (worked here, not by closedForms.ts). One attempt:
  // success 1 − τ; three: 1 − τ³ = 0.99986, attempts 1 + τ + τ² = 1.0547.
  it('per-try timeout on a heavy tail: success 1 − τ and 1 − τ³, attempts 1 + τ + τ², p99 under T with one attempt and under 2T with three', () => {
    const sigma = Math.log(10) / 2.3263478740408408;
    // z = ln 5 / σ = 1.6258; Φ(1.6258) = 0.94800 from a normal table.
    expect(Math.log(5) / sigma).toBeCloseTo(1.6258, 3);
    const tau = 1 - 0.948;
    const c = rig({ dead: 0, serviceMs: 20, serviceP99Ms: 200, perTryTimeoutMs: 100, ratePerS: 150 });
    const one = modelPredictions({ ...c, attempts: 1 }).predictions;
    const three = modelPredictions({ ...c, attempts: 3 }).predictions;
    for (const p of one) {
      expect(Math.abs(p.successRatio - (1 - tau)), p.source).toBeLessThanOrEqual(p.source === 'fluid' ? 0.002 : 0.01);
      expect(p.p99Ms, p.source).toBeLessThan(100);
      expect(p.p99Ms, p.source).toBeGreaterThan(80);
    }
    for (const p of three) {
      expect(Math.abs(p.successRatio - (1 - tau ** 3)), p.source).toBeLessThanOrEqual(0.002);
      expect(Math.abs((p.attemptsPerRequest ?? Number.NaN) - (1 + tau + tau ** 2)), p.source).toBeLessThanOrEqual(0.015);
      // τ > 1%: the p99 is a success on the second try, T + S with S < T.
      expect(p.p99Ms, p.source).toBeGreaterThan(100);
      expect(p.p99Ms, p.source).toBeLessThan(200);
    }
  });

  it('models HAProxy redispatch as avoidPreviousHosts: last, in a scenario that parses', () => {
    expect(RIG_AVOIDANCE).toBe('last');
    // HAProxy redispatches at once: no backoff pause (the schema's smallest, 1 ms).
    expect(proxyScenarioYaml(rig({ attempts: 3 }))).toContain('retries: { attempts: 3, retryOn: [deadEndpoint], avoidPreviousHosts: last, backoff: { base: 1ms, max: 1ms } }');
    // One attempt is written out, so a default retry policy cannot slip in.
    expect(proxyScenarioYaml(rig({ attempts: 1 }))).toContain('retries: { attempts: 1 }');
    expect(proxyScenarioYaml(rig({ attempts: 3, perTryTimeoutMs: 100 }))).toContain('retryOn: [deadEndpoint, timeout], avoidPreviousHosts: last, perTryTimeout: 100ms');
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

  // The storm's closed-form condition (semantics §5): after waits pass T, the pool is offered λ·k
  // against c = 4 × 4 / 50 ms = 320/s. λ = 192/s: k = 3 gives 576 > 320 (persists), k = 1 gives 192 < 320.
  it('retry storm: capacity down to a quarter for 1 s at 60% load, T = 200 ms: both modes recover with one attempt, stay in the storm with three', () => {
    const timing = { beforeMs: 1000, pauseMs: 1000, afterMs: 3500 };
    const c = rig({ dead: 0, serviceMs: 50, ratePerS: 192, perTryTimeoutMs: 200 });
    const once = stormPredictions({ ...c, attempts: 1 }, timing);
    const three = stormPredictions({ ...c, attempts: 3 }, timing);
    expect(once.map((p) => p.persists)).toEqual([false, false]);
    expect(three.map((p) => p.persists)).toEqual([true, true]);
    // One attempt: the request level is back near λ in the last second. One second holds ~192 Poisson
    // arrivals (±14 one standard deviation; this seed's second has 163 successes), so the bound is 70%
    // of λ: far from a storm's < 10%, and three standard deviations under λ.
    expect(once[1].endGoodputPerS).toBeGreaterThan(0.7 * 192);
    expect(three[1].endGoodputPerS).toBeLessThan(0.1 * 192);
    // The fluid storm lasts from shortly after the trigger to the end (3.5 s after it), not with one attempt.
    expect(three[0].stormS).toBeGreaterThanOrEqual(3);
    expect(once[0].stormS).toBeLessThan(2);
    expect(proxyScenarioYaml({ ...c, unboundedQueues: true })).toContain('shedding: { policy: none }');
  });
});
