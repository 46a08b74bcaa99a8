import { describe, expect, it } from 'vitest';
import { TrafficLedger } from '../../../src/model/traffic/accounting.js';
import type { IngressHealth } from '../../../src/model/traffic/ingress.js';
import { attemptPolicy } from '../../../src/model/traffic/latencyAttempts.js';
import { BAND_COUNT, breakdownOf, LATENCY_BREAKDOWN_IN_RESULTS, PARTS, type EstimateBreakdown, type HopLatency } from '../../../src/model/traffic/latencyBreakdown.js';
import { LATENCY_POINTS, LATENCY_SAMPLES, LatencyMonteCarlo, sampleSeeds } from '../../../src/model/traffic/latencyMonteCarlo.js';
import { TrafficRates } from '../../../src/model/traffic/rates.js';
import type { StaleCohort, UserAnswers } from '../../../src/model/traffic/routing.js';
import { chainScenario, world } from './fixture.js';
import { trafficParts } from './parts.js';

/** web → api (sequential, 1.5 per request) → db (parallel, 2 per request); lognormal and exponential service times. */
const yaml = (retries: string) =>
  chainScenario({ ratePerS: 100 })
    .replace('calls: [ { service: db, callsPerRequest: 0.5 } ]', 'calls: [ { service: db, callsPerRequest: 2, mode: parallel } ]')
    .replace('traffic: { ingress: { dns: {} } }', `traffic: { ingress: { dns: {} }${retries} }`);

function busyParts(retries: string) {
  const parts = trafficParts(yaml(retries));
  for (const pool of parts.flow.pools) {
    pool.servers = 16;
    pool.offeredPerS = 10;
    pool.admittedPerS = 9; // 10% shed
    pool.pWait = 0.4;
    pool.waitRatePerS = 200;
  }
  parts.flow.deadEndpointShare[parts.group('api', 0)] = 0.2;
  return parts;
}

const total = (h: HopLatency) => h.networkMs + h.queueingMs + h.serviceMs + h.retriesMs;
const bandTotal = (b: EstimateBreakdown, band: number) => {
  const stride = b.bandMeansS.length / BAND_COUNT;
  let sum = 0;
  for (let k = 0; k < stride; k++) sum += b.bandMeansS[band * stride + k];
  return sum;
};

describe('the latency breakdown of the Monte Carlo', () => {
  it("a request's parts add up to its latency (retries, timeouts, backoff, waits, parallel calls)", () => {
    const parts = busyParts(', retries: { attempts: 3, retryOn: [deadEndpoint, shed, timeout], perTryTimeout: 30ms, timeout: 120ms, backoff: { base: 10ms, max: 40ms }, avoidPreviousHosts: none }');
    const web = parts.services.indexByName.get('web')!;
    const mc = new LatencyMonteCarlo(parts.services, parts.network, parts.flow.pools, parts.routes, undefined, { flow: parts.flow, breakdown: true });
    let checked = 0;
    let withRetries = 0;
    // Every sample of a run drawn from one seed is the same request: each band's mean parts are that request's parts.
    for (let seed = 1; checked < 12 && seed < 200; seed++) {
      const r = mc.run(new Uint32Array(LATENCY_SAMPLES).fill(seed * 7919), web, { kind: 'userRegion', userRegion: 0, answer: { clusters: [0], weights: [1] } });
      if (r === null) continue; // that request failed
      const b = r.breakdown!;
      for (let band = 0; band < BAND_COUNT; band++) expect(bandTotal(b, band)).toBeCloseTo(r.points[0], 12);
      const stride = b.bandMeansS.length / BAND_COUNT;
      let retries = 0;
      for (let s = 0; s < stride / PARTS; s++) retries += b.bandMeansS[s * PARTS + 3];
      if (retries > 0) withRetries++;
      checked++;
    }
    expect(checked).toBe(12);
    expect(withRetries).toBeGreaterThan(2); // the check covered requests that retried
  });

  it('keeping the parts draws the same requests; the bands weigh up to the mean', () => {
    const parts = busyParts(', retries: { attempts: 2, retryOn: [deadEndpoint] }');
    const web = parts.services.indexByName.get('web')!;
    let x = 3;
    const seeds = sampleSeeds(() => (x = (x * 9301 + 49297) % 233280) / 233280);
    const plain = new LatencyMonteCarlo(parts.services, parts.network, parts.flow.pools, parts.routes, undefined, { flow: parts.flow });
    const kept = new LatencyMonteCarlo(parts.services, parts.network, parts.flow.pools, parts.routes, undefined, { flow: parts.flow, breakdown: true });
    const a = plain.run(seeds, web, { kind: 'cluster', cluster: 0 })!;
    const b = kept.run(seeds, web, { kind: 'cluster', cluster: 0 })!;
    expect(Array.from(b.points)).toEqual(Array.from(a.points));
    expect(a.breakdown).toBeUndefined();
    let mean = 0;
    let shares = 0;
    for (let band = 0; band < BAND_COUNT; band++) {
      mean += b.breakdown!.bandShares[band] * bandTotal(b.breakdown!, band);
      shares += b.breakdown!.bandShares[band];
    }
    expect(shares).toBeCloseTo(1, 12);
    expect(mean).toBeCloseTo(b.meanS, 12);
    // The tail bands are slower than the body.
    expect(bandTotal(b.breakdown!, BAND_COUNT - 2)).toBeGreaterThan(bandTotal(b.breakdown!, 0));
  });

  it('puts each time in its hop: the call RTT in the callee, the waits in queueing, the pauses in retries', () => {
    const parts = trafficParts(yaml(''));
    for (const pool of parts.flow.pools) {
      pool.servers = 16;
      pool.pWait = 0;
      pool.offeredPerS = 1;
      pool.admittedPerS = 1;
    }
    const db = parts.services.indexByName.get('db')!;
    const dbPool = parts.flow.pools[parts.group('db', 0)];
    dbPool.pWait = 1;
    dbPool.waitRatePerS = 100; // every db request waits, 10 ms on average
    const web = parts.services.indexByName.get('web')!;
    let x = 5;
    const seeds = sampleSeeds(() => (x = (x * 9301 + 49297) % 233280) / 233280);
    const mc = new LatencyMonteCarlo(parts.services, parts.network, parts.flow.pools, parts.routes, undefined, { breakdown: true });
    const r = mc.run(seeds, web, { kind: 'cluster', cluster: 0 })!;
    const names = parts.world.scenario.workload.services.map((s) => s.name);
    const bd = breakdownOf(names, [{ points: r.points, rttS: 0.02, weight: 1, breakdown: r.breakdown! }])!;
    const hop = (name: string) => bd.mean.find((h) => h.service === name)!;
    const rttMs = parts.network.rttMs(0, 0);
    expect(hop('web').networkMs).toBeCloseTo(20, 9); // the user's RTT, put on by the ledger
    expect(hop('web').serviceMs).toBeGreaterThan(18); // exponential, mean 20 ms
    expect(hop('web').serviceMs).toBeLessThan(22);
    expect(hop('web').queueingMs).toBe(0);
    expect(hop('api').networkMs).toBeCloseTo(1.5 * rttMs, 0); // 1.5 calls per request
    // db: two parallel calls per api call, the slower counted: its wait is more than one wait's mean of 10 ms.
    expect(hop('db').queueingMs / 1.5).toBeGreaterThan(10);
    expect(hop('db').retriesMs).toBe(0);
    const sum = bd.mean.reduce((a, h) => a + total(h), 0);
    expect(sum).toBeCloseTo((r.meanS + 0.02) * 1000, 9);
    expect(db).toBeGreaterThan(0);
  });
});

describe('a design breakdown over weighed estimates', () => {
  /** An estimate all of whose requests take `serviceS` in service 0 (one service, every band alike). */
  function constant(serviceS: number): { points: Float64Array; breakdown: EstimateBreakdown } {
    const bandMeansS = new Float64Array(BAND_COUNT * PARTS);
    const bandShares = new Float64Array(BAND_COUNT);
    const starts = [0, 128, 192, 224, 240, 248, 252, 254, 255, 256];
    for (let b = 0; b < BAND_COUNT; b++) {
      bandMeansS[b * PARTS + 2] = serviceS;
      bandShares[b] = (starts[b + 1] - starts[b]) / 256;
    }
    return { points: new Float64Array(LATENCY_POINTS).fill(serviceS), breakdown: { entryService: 0, bandMeansS, bandShares } };
  }

  it('the p99 is made by the slow estimate when it holds more than 1.5% of the requests; the mean mixes both', () => {
    const fast = constant(0.01);
    const slow = constant(0.2);
    const bd = breakdownOf(['web'], [
      { ...fast, rttS: 0.03, weight: 97 },
      { ...slow, rttS: 0.05, weight: 3 },
    ])!;
    expect(bd.p99[0].serviceMs).toBeCloseTo(200, 9);
    expect(bd.p99[0].networkMs).toBeCloseTo(50, 9);
    expect(bd.mean[0].serviceMs).toBeCloseTo(0.97 * 10 + 0.03 * 200, 9);
    expect(bd.mean[0].networkMs).toBeCloseTo(0.97 * 30 + 0.03 * 50, 9);
    // With 1% slow requests the band p98.5–p99.5 is half fast, half slow.
    const half = breakdownOf(['web'], [
      { ...fast, rttS: 0, weight: 99 },
      { ...slow, rttS: 0, weight: 1 },
    ])!;
    expect(half.p99[0].serviceMs).toBeCloseTo(105, 6);
    expect(breakdownOf(['web'], [])).toBeUndefined();
  });
});

describe('the ledger', () => {
  function ledger() {
    const rates = new TrafficRates(1, 1);
    const staleCohort: (StaleCohort | null)[] = [null];
    const l = new TrafficLedger(rates, { staleCohort } as unknown as UserAnswers, { staleIntegral: () => 0 } as unknown as IngressHealth, 1, 1, 0.999);
    const w = world(chainScenario({ ratePerS: 1 }));
    return { rates, l, w };
  }

  it('weighs the estimates by successful requests, the user RTT on the entry hop; only when asked', () => {
    const { rates, l, w } = ledger();
    const bandMeansS = new Float64Array(BAND_COUNT * 3 * PARTS);
    const bandShares = new Float64Array(BAND_COUNT).fill(1 / BAND_COUNT);
    for (let b = 0; b < BAND_COUNT; b++) {
      bandMeansS[b * 3 * PARTS + 2] = 0.02; // web's service
      bandMeansS[b * 3 * PARTS + PARTS + 1] = 0.005; // api's queueing
    }
    const result = { id: 0, points: new Float64Array(LATENCY_POINTS).fill(0.025), meanS: 0.025, breakdown: { entryService: 0, bandMeansS, bandShares } };
    rates.demandPerS[0] = 10;
    rates.successOnAnswer[0] = 0.5;
    rates.latencyMix[0] = [{ result, rttS: 0.04, share: 1 }];
    l.close(0, 100);
    const on = l.outcome(w.scenario, w.fleet, { evaluations: 0, latencyEstimates: 0, daysRepeated: 0 }, true);
    const expected = [
      { service: 'web', networkMs: 40, queueingMs: 0, serviceMs: 20, retriesMs: 0 },
      { service: 'api', networkMs: 0, queueingMs: 5, serviceMs: 0, retriesMs: 0 },
    ];
    for (const hops of [on.latencyBreakdown!.mean, on.latencyBreakdown!.p99]) {
      expect(hops.map((h) => h.service)).toEqual(['web', 'api']);
      hops.forEach((h, i) => {
        for (const k of ['networkMs', 'queueingMs', 'serviceMs', 'retriesMs'] as const) expect(h[k]).toBeCloseTo(expected[i][k], 9);
      });
    }
    const sum = on.latencyBreakdown!.mean.reduce((a, h) => a + total(h), 0);
    expect(sum).toBeCloseTo(65, 9); // = the latency, 25 ms + 40 ms
    const off = l.outcome(w.scenario, w.fleet, { evaluations: 0, latencyEstimates: 0, daysRepeated: 0 }, false);
    expect(off.latencyBreakdown).toBeUndefined();
    expect(LATENCY_BREAKDOWN_IN_RESULTS).toBe(false); // opt-in per scenario: run.latencyBreakdown
  });
});
