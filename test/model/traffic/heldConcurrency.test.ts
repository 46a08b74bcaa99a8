import { describe, expect, it } from 'vitest';
import { emptyTally } from '../../../src/model/traffic/loadFlow.js';
import { chainScenario, runTraffic, world } from './fixture.js';
import { trafficParts } from './parts.js';

const HELD = 'traffic: { ingress: { dns: {} }, heldConcurrency: true }';
const held = (yaml: string) => yaml.replace('traffic: { ingress: { dns: {} } }', HELD);

/** Erlang C, worked here from its definition (not the model's routine): P(wait) in M/M/c at offered load a = λ/μ. */
function erlangC(a: number, c: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const last = (term * a) / c / (1 - a / c);
  return last / (sum + last);
}

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
