import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectedMaxS } from '../../../src/model/traffic/heldConcurrency.js';
import { emptyTally } from '../../../src/model/traffic/loadFlow.js';
import { chainScenario, runTraffic, world } from './fixture.js';
import { trafficParts } from './parts.js';
import { erlangC } from './samplerFixture.js';

const HELD = 'traffic: { ingress: { dns: {} }, heldConcurrency: true }';
const held = (yaml: string) => yaml.replace('traffic: { ingress: { dns: {} } }', HELD);


/** Mean wait in M/G/c by Allen–Cunneen: Erlang C / (cμ − λ) × (1 + cs²)/2. */
function meanWaitS(ratePerS: number, servers: number, holdingS: number, scv: number): number {
  const mu = 1 / holdingS;
  return (erlangC(ratePerS / mu, servers) / (servers * mu - ratePerS)) * ((1 + scv) / 2);
}

describe('held concurrency (a slot is held while the pod waits on its calls)', () => {
  it("Little's law: busy web slots = rate × (service + 1.5 × (RTT + api's wait and holding)), worked callees first", () => {
    const parts = trafficParts(held(chainScenario({ ratePerS: 300 })));
    const { pods, group, flow, services, network } = parts;
    for (const [name, ready] of [['web', 6], ['api', 6], ['db', 3]] as const) pods.ready[group(name, 0)] = ready;
    const entry = new Float64Array(services.serviceCount * network.clusterCount);
    entry[group('web', 0)] = 300;
    flow.begin([0], entry, [services.indexByName.get('web')!]);
    flow.forward([0], Uint8Array.of(1), emptyTally(), 'reset');
    const idx = (n: string) => services.indexByName.get(n)!;
    const S = (n: string) => services.meanServiceS[idx(n)];
    const scv = (n: string) => services.serviceTimeScv[idx(n)];
    const rttS = network.rttMs(0, 0) / 1000;
    // Callees first: db holds for its service time; api for its own plus half a db call; web for its own plus 1.5 api calls.
    const apiRate = 450;
    const dbRate = 225;
    const hDb = S('db');
    const wDb = meanWaitS(dbRate, 24, hDb, scv('db'));
    const hApi = S('api') + 0.5 * (rttS + wDb + hDb);
    const wApi = meanWaitS(apiRate, 24, hApi, scv('api'));
    const hWeb = S('web') + 1.5 * (rttS + wApi + hApi);
    const web = flow.pools[group('web', 0)];
    expect(flow.holdingS[group('web', 0)]).toBeCloseTo(hWeb, 9);
    expect(web.utilization * web.servers).toBeCloseTo(300 * hWeb, 6);
    // The slot is held far longer than the service time: web's busy slots more than double.
    expect(hWeb).toBeGreaterThan(2 * S('web'));
  });

  it('fluid vs request-level with held concurrency at ~76% busy web slots: p50 and p99 within 10%', () => {
    // 12 web slots, each held ~47 ms (20 ms service + 1.5 api calls): at 200/s about 9.4 busy, against 4 without holding.
    const scenario = chainScenario({ ratePerS: 200, horizon: '30m', webConcurrency: 2 });
    const w = world(held(scenario));
    const fluid = runTraffic(w, 0, 0, 'fluid').traffic!;
    const requests = runTraffic(w, 0, 0, 'requests').traffic!;
    const plainWorld = world(scenario);
    const plainFluid = runTraffic(plainWorld, 0, 0, 'fluid').traffic!;
    const plainRequests = runTraffic(plainWorld, 0, 0, 'requests').traffic!;
    expect(fluid.clusters[0].peakUtilization).toBeGreaterThan(0.7);
    expect(plainFluid.clusters[0].peakUtilization).toBeLessThan(0.4);
    expect(requests.latency.p50S).toBeGreaterThan(plainRequests.latency.p50S * 1.04); // waiting for a held slot shows
    expect(Math.abs(fluid.latency.p50S - requests.latency.p50S) / requests.latency.p50S).toBeLessThan(0.1);
    expect(Math.abs(fluid.latency.p99S - requests.latency.p99S) / requests.latency.p99S).toBeLessThan(0.1);
    expect(Math.abs(fluid.availability - requests.availability)).toBeLessThan(0.001);
  });
});

/**
 * E[max] of independent exponential times, from inclusion–exclusion over the individual calls
 * (worked here over subsets, independently of the model's expansion by kinds):
 * E[max] = Σ over non-empty subsets S of (−1)^(|S|+1) / Σ_{i∈S} 1/m_i.
 */
function exactMaxS(meansS: readonly number[]): number {
  let sum = 0;
  for (let mask = 1; mask < 1 << meansS.length; mask++) {
    let rate = 0;
    let size = 0;
    for (let i = 0; i < meansS.length; i++) {
      if (mask & (1 << i)) {
        rate += 1 / meansS[i];
        size++;
      }
    }
    sum += (size % 2 === 1 ? 1 : -1) / rate;
  }
  return sum;
}

describe('E[max] of a parallel step (each call exponential with its mean)', () => {
  it('two calls: m1 + m2 − m1·m2/(m1 + m2); three and five calls: inclusion–exclusion over subsets', () => {
    expect(expectedMaxS([0.03, 0.01], [1, 1])).toBeCloseTo(0.03 + 0.01 - (0.03 * 0.01) / 0.04, 14);
    expect(expectedMaxS([0.03, 0.012], [1, 2])).toBeCloseTo(exactMaxS([0.03, 0.012, 0.012]), 13);
    expect(expectedMaxS([0.03, 0.012, 0.2], [1, 3, 1])).toBeCloseTo(exactMaxS([0.03, 0.012, 0.012, 0.012, 0.2]), 13);
  });

  it('n identical calls: m·H_n; a fractional fan-out mixes ⌊n⌋ and ⌈n⌉ calls', () => {
    expect(expectedMaxS([0.02], [4])).toBeCloseTo(0.02 * (1 + 1 / 2 + 1 / 3 + 1 / 4), 15);
    // 0.4 call to a (mean 50 ms) beside one call to b (mean 20 ms): 60% b alone, 40% max(a, b).
    expect(expectedMaxS([0.05, 0.02], [0.4, 1])).toBeCloseTo(0.6 * 0.02 + 0.4 * exactMaxS([0.05, 0.02]), 14);
    // Calls never made or taking no time change nothing.
    expect(expectedMaxS([0.05, 0.02, 0], [0, 1, 3])).toBeCloseTo(0.02, 15);
  });

  it('large fan-outs over two kinds (numerical path): 100 + 100 calls of one mean = m·H_200 within 1e-6', () => {
    let h200 = 0;
    for (let k = 1; k <= 200; k++) h200 += 1 / k;
    expect(Math.abs(expectedMaxS([0.01, 0.01], [100, 100]) / (0.01 * h200) - 1)).toBeLessThan(1e-6);
    // Different means: between the slowest kind alone and the two kinds' sum of maxima.
    const both = expectedMaxS([0.01, 0.03], [100, 100]);
    const slow = expectedMaxS([0.03], [100]);
    expect(both).toBeGreaterThan(slow);
    expect(both).toBeLessThan(slow + expectedMaxS([0.01], [100]));
  });

  it('never below the largest mean (the constant-time bound) nor above the sum of the means', () => {
    const means = [0.004, 0.03, 0.011];
    const e = expectedMaxS(means, [1, 1, 1]);
    expect(e).toBeGreaterThan(0.03);
    expect(e).toBeLessThan(0.045);
  });

  it("a fan-out's held time: web holds its service + ½ db call + E[max] of api and two search calls, with the pools' own waits", () => {
    const yaml = readFileSync(new URL('../../fixtures/parallel-fanout.yaml', import.meta.url), 'utf8');
    const parts = trafficParts(yaml);
    const { pods, group, flow, services, network } = parts;
    for (const [name, ready] of [['web', 6], ['api', 4], ['search', 6], ['db', 3]] as const) pods.ready[group(name, 0)] = ready;
    const entry = new Float64Array(services.serviceCount * network.clusterCount);
    entry[group('web', 0)] = 300;
    flow.begin([0], entry, [services.indexByName.get('web')!]);
    flow.forward([0], Uint8Array.of(1), emptyTally(), 'reset');
    const idx = (n: string) => services.indexByName.get(n)!;
    const S = (n: string) => services.meanServiceS[idx(n)];
    const scv = (n: string) => services.serviceTimeScv[idx(n)];
    const rttS = network.rttMs(0, 0) / 1000;
    // Leaf services hold for their service time; a call lasts RTT + the callee's wait + its holding.
    const call = (n: string, ratePerS: number, servers: number) => rttS + meanWaitS(ratePerS, servers, S(n), scv(n)) + S(n);
    const mDb = call('db', 150, 24);
    const mApi = call('api', 300, 32);
    const mSearch = call('search', 600, 48);
    const hWeb = S('web') + 0.5 * mDb + exactMaxS([mApi, mSearch, mSearch]);
    expect(flow.holdingS[group('web', 0)]).toBeCloseTo(hWeb, 9);
    // Counting the parallel calls one after another would overstate it; the slowest mean alone understates it.
    expect(hWeb).toBeLessThan(S('web') + 0.5 * mDb + mApi + 2 * mSearch);
    expect(hWeb).toBeGreaterThan(S('web') + 0.5 * mDb + Math.max(mApi, mSearch));
    const web = flow.pools[group('web', 0)];
    expect(web.utilization * web.servers).toBeCloseTo(300 * hWeb, 6);
  });
});
