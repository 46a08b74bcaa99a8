import { describe, expect, it } from 'vitest';
import { FleetNetwork } from '../../../src/model/traffic/network.js';
import type { HopLatency } from '../../../src/model/traffic/latencyBreakdown.js';
import { onePool, runDirect, world } from './requestLevel/harness.js';

/**
 * The request level's per-hop latency breakdown (semantics §10) against closed forms: pools with far
 * more servers than load (no waiting), exponential service times.
 */
const total = (hops: readonly HopLatency[]) => hops.reduce((s, h) => s + h.networkMs + h.queueingMs + h.serviceMs + h.retriesMs, 0);
const wide = { pods: 8, concurrency: 16 };

describe('request level: per-hop latency breakdown', () => {
  it('per-try timeouts with retries: service E[S | S ≤ T], retries E[(J − 1)T + pauses | success], network the user RTT; parts add up to the mean latency', () => {
    const traffic = 'retries: { attempts: 3, retryOn: [timeout], perTryTimeout: 30ms, backoff: { base: 10ms, max: 100ms } }';
    const w = world(onePool({ ratePerS: 100, ...wide, serviceTime: '{ exponential: { mean: 20ms } }', traffic, horizon: '5m', warmup: '0s' }));
    const r = runDirect(w, { latencyBreakdown: true });
    const app = r.latencyBreakdown!.mean[0];
    const mu = 50;
    const T = 0.03;
    const p = Math.exp(-mu * T);
    const condS = 1 / mu - (T * p) / (1 - p);
    // Success at attempt j with p^(j−1)(1 − p); before it (j − 1) timeouts and pauses of mean 5 and 15 ms.
    const success = 1 - p ** 3;
    const retriesS = ((1 - p) * (p * (T + 0.005) + p * p * (2 * T + 0.005 + 0.015))) / success;
    expect(Math.abs(app.serviceMs / 1000 - condS) / condS).toBeLessThan(0.02);
    expect(Math.abs(app.retriesMs / 1000 - retriesS) / retriesS).toBeLessThan(0.04);
    expect(app.queueingMs).toBeLessThan(0.01);
    expect(app.networkMs / 1000).toBeCloseTo(new FleetNetwork(w.fleet, w.scenario).userRttMs(0, 0) / 1000, 9);
    expect(total(r.latencyBreakdown!.mean) / 1000).toBeCloseTo(r.latency.mean(), 3);
  });

  it('parallel calls: only the slowest counts (backend service E[max of 3] = 18.3 ms), and the p99 band is slower than the mean', () => {
    const w = world(onePool({ ratePerS: 100, ...wide, serviceTime: '{ exponential: { mean: 10ms } }', calls: '{ service: backend, callsPerRequest: 3, mode: parallel }', horizon: '5m', warmup: '0s' }));
    const r = runDirect(w, { latencyBreakdown: true });
    const [, backend] = r.latencyBreakdown!.mean;
    const eMax = (1 + 1 / 2 + 1 / 3) * 10;
    expect(Math.abs(backend.serviceMs - eMax) / eMax).toBeLessThan(0.03);
    expect(backend.networkMs).toBeCloseTo(new FleetNetwork(w.fleet, w.scenario).rttMs(0, 0), 6);
    expect(total(r.latencyBreakdown!.mean) / 1000).toBeCloseTo(r.latency.mean(), 3);
    // The requests near the p99 spent their extra time in service (no queues, no retries here).
    expect(r.latencyBreakdown!.p99[1].serviceMs).toBeGreaterThan(2 * backend.serviceMs);
    expect(Math.abs(total(r.latencyBreakdown!.p99) / 1000 - r.latency.quantile(0.99)) / r.latency.quantile(0.99)).toBeLessThan(0.05);
  });

  it('is off unless asked', () => {
    const w = world(onePool({ ratePerS: 10, ...wide, serviceTime: '{ exponential: { mean: 10ms } }', horizon: '1m', warmup: '0s' }));
    expect(runDirect(w).latencyBreakdown).toBeUndefined();
  });
});
