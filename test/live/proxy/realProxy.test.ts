import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_PROXY_TOLERANCE, DEFAULT_STORM, validateProxy, type ValidateProxyOptions } from '../../../src/live/proxy/validateProxy.js';
import { trackedCounts } from '../../../src/live/cleanup.js';
import { describeWithPrograms, realProgram } from '../../support/realProgram.js';

/**
 * Real HAProxy (Debian's) in front of four real Node backends on 127.0.0.1: backends killed with
 * SIGKILL, the pool overloaded, each with 1 attempt and with retries. Compared with closed forms
 * written out here, not taken from the code under test:
 *
 * - D of N backends dead, first attempt uniform (balance random(1)), q = D/N. No retries: success
 *   1 − q. With k attempts and `option redispatch 1`, HAProxy avoids the server that just failed, so
 *   a retry misses with r = (D − 1)/(N − 1): success 1 − q·r^(k−1). The naive independent-attempt
 *   form 1 − q^k is a LOWER bound for HAProxy (it forgets the avoidance): the test asserts HAProxy
 *   beats it where they differ. Attempts per request 1 + q·Σ_{j<k−1} r^j (for one retry: 1 + q, the
 *   same as the independent (1 − q^k)/(1 − q)).
 * - Overload: N backends of concurrency c and service time S complete N·c/S per second (Little's
 *   law at saturation); offered λ above it, goodput min(λ, N·c/S) and a share 1 − N·c/(S·λ) gets
 *   HAProxy's 503 after its queue timeout. Retries (on refused connections only) change nothing.
 *
 * - Latency: a user-space proxy adds d each way between HAProxy and every backend; p50 ≈ S + 2d.
 *   HAProxy holds a maxconn slot for S + 2d, so the pool's capacity becomes N·c/(S + 2d).
 *
 * Tolerances: ratios ±0.06 absolute (≈500 requests per run: a standard error ≤ 0.022, plus a point
 * or two from HAProxy's consistent-hash ring splitting first attempts unevenly), attempts per
 * request ±0.12, goodput ±15% (timer overshoot and HAProxy's own time on a shared 2-core machine).
 * Each run offers 2 s of load; the file takes about 20 s.
 *
 * FLEETSIM'S MODEL: every run carries run.model (modelHook.ts: the rig as a one-cluster scenario,
 * retries with avoidPreviousHosts: last, through the fluid load flow and the request-level mode). The dead-backend and overload
 * runs compare it with what HAProxy measured: dead-backend success within ±0.06 absolute
 * (MODEL_TOLERANCE; the same sampling error and ring skew as above) and, where they differ, a gain
 * from retrying nearer the measured one than the independent-attempt form 1 − q^k gives; overload
 * goodput within ±15%.
 */
// Skipped without haproxy on a developer machine; a failure under CI (test/support/realProgram.ts).
const haproxy = realProgram({ program: 'haproxy', candidates: ['haproxy', '/usr/sbin/haproxy'], install: 'apt-get install -y haproxy' });
let base = '';

/**
 * Model vs measurement, success ratio: ±0.06 absolute, the rig's own ratio tolerance (≈500 requests
 * per run, a standard error ≤ 0.022, plus the hash ring's skew toward some servers, which the model
 * does not know: it alone puts HAProxy 0.025–0.035 under the model with two of four dead).
 */
const MODEL_TOLERANCE = 0.06;

/** Latency vs fleetsim: 10% or these floors for the rig's timer noise, at p50 plus the rig's overhead measured in the run (why: DEFAULT_PROXY_TOLERANCE in validateProxy.ts). */
const P50_FLOOR_MS = DEFAULT_PROXY_TOLERANCE.latencyFloorMs;
const P99_FLOOR_MS = DEFAULT_PROXY_TOLERANCE.p99FloorMs;
// Requests that may fail to connect on a machine starved of CPU (HAProxy's 100 ms connect timeout).
const RARE_CONN_FAILURE_RATIO = 0.01;

function modelSuccess(run: { model: readonly { source: string; successRatio: number }[] }, source: 'fluid' | 'request-level' = 'fluid'): number {
  const p = run.model.find((m) => m.source === source);
  if (p === undefined) throw new Error(`the run carries no ${source} prediction`);
  return p.successRatio;
}

/** Both modes' success within MODEL_TOLERANCE of what HAProxy measured. */
function expectModelNear(run: { model: readonly { source: string; successRatio: number }[]; measured: { successRatio: number } }): void {
  for (const source of ['fluid', 'request-level'] as const) expect(Math.abs(modelSuccess(run, source) - run.measured.successRatio), source).toBeLessThanOrEqual(MODEL_TOLERANCE);
}

/** Our child processes still alive: HAProxy (its config is under `base`) or a backend (node -e …x-backend…). */
function leftovers(): string[] {
  const pgrep = (args: string[]) => {
    try {
      return execFileSync('pgrep', args, { encoding: 'utf8' }).split('\n').filter((l) => l.trim() !== '' && !l.includes('pgrep'));
    } catch {
      return []; // pgrep exits 1 when nothing matches
    }
  };
  return [...pgrep(['-a', '-f', base]), ...pgrep(['-a', '-P', String(process.pid), '-f', 'x-backend'])];
}

function options(over: Partial<ValidateProxyOptions>): ValidateProxyOptions {
  return {
    haproxyBin: haproxy.path,
    experiments: ['dead-backend'],
    attempts: 2,
    backends: 4,
    dead: 1,
    concurrency: 4,
    serviceMs: 10,
    overloadServiceMs: 100,
    deadRatePerS: 250,
    overloadFactor: 2,
    queueTimeoutMs: 250,
    delayMs: 20,
    durationMs: 2000,
    warmupMs: 300,
    timeoutServiceMs: 20,
    timeoutServiceP99Ms: 200,
    perTryTimeoutMs: 100,
    timeoutRatePerS: 150,
    storm: DEFAULT_STORM,
    seed: 'ci',
    tolerance: DEFAULT_PROXY_TOLERANCE,
    baseDir: base,
    ...over,
  };
}

describeWithPrograms([haproxy], 'real HAProxy with retries in front of Node backends', () => {
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'fleetsim-proxy-test-'));
  });
  afterAll(() => {
    try {
      expect(leftovers()).toEqual([]);
      expect(readdirSync(base)).toEqual([]);
      expect(trackedCounts()).toEqual({ children: 0, dirs: 0, closers: 0 });
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('one of four backends killed: 1 − q without retries; one retry with redispatch recovers every request', { timeout: 30_000 }, async () => {
    const r = await validateProxy(options({}));
    const [once, retried] = r.runs;
    const q = 1 / 4;
    expect(once.attempts).toBe(1);
    expect(once.measured.requests).toBeGreaterThan(350);
    expect(Math.abs(once.measured.successRatio - (1 - q))).toBeLessThanOrEqual(0.06);
    expect(once.measured.attemptsPerRequest).toBe(1);
    // HAProxy answers a refused connection with 503 at once: failures are HTTP errors, not hangs.
    expect(once.measured.timedOutRatio).toBe(0);
    expect(retried.attempts).toBe(2);
    // Redispatch avoids the dead server: 1 − q·0 = 1. Independent attempts would give 1 − q² = 0.9375.
    // Measured here 0.998–1.000 over four seeds (a rare retry still lands on the dead server); the
    // ±0.01 allowed is a sixth of the gap to the independent form.
    expect(retried.measured.successRatio).toBeGreaterThanOrEqual(0.99);
    expect(retried.measured.successRatio).toBeGreaterThan(1 - q ** 2 + 0.03);
    expect(Math.abs(retried.measured.attemptsPerRequest - (1 + q))).toBeLessThanOrEqual(0.12);
    // A refused connection costs no visible time: the retried requests are not slower at p50.
    expect(retried.measured.p50Ms).toBeLessThan(once.measured.p50Ms + 5);
    // Fleetsim (redispatch as avoidPreviousHosts: last) predicts 0.75 and 1, fluid and request level.
    expectModelNear(once);
    expectModelNear(retried);
    expect(r.agree).toBe(true);
  });

  it('two of four killed, three attempts: 1 − q·r², above the independent 1 − q³', { timeout: 30_000 }, async () => {
    const r = await validateProxy(options({ dead: 2, attempts: 3, deadRatePerS: 250 }));
    const [once, retried] = r.runs;
    const q = 2 / 4;
    const rMiss = 1 / 3;
    expect(Math.abs(once.measured.successRatio - (1 - q))).toBeLessThanOrEqual(0.06);
    // HAProxy's hash ring gives these two servers a shade more than half the first attempts (measured
    // 0.475–0.477 success over five seeds, every time): take q from the run without retries, so the
    // comparison tests the retry law, not the ring. Measured 0.919–0.932 against 0.942.
    const qMeasured = 1 - once.measured.successRatio;
    expect(Math.abs(retried.measured.successRatio - (1 - qMeasured * rMiss ** 2))).toBeLessThanOrEqual(0.06);
    expect(Math.abs(retried.measured.successRatio - (1 - q * rMiss ** 2))).toBeLessThanOrEqual(0.06);
    expect(retried.measured.successRatio).toBeGreaterThan(1 - q ** 3);
    expect(Math.abs(retried.measured.attemptsPerRequest - (1 + q * (1 + rMiss)))).toBeLessThanOrEqual(0.12);
    // Fleetsim predicts 0.5 and 17/18 ≈ 0.944 (the ring's skew puts HAProxy 0.025–0.035 under both).
    expectModelNear(once);
    expectModelNear(retried);
    // The gain from retrying (the ring's skew cancels out of it): HAProxy 0.44–0.45, fleetsim 17/18 − 1/2
    // = 0.444, independent attempts 7/8 − 1/2 = 0.375. Fleetsim's must be the nearer.
    const gain = retried.measured.successRatio - once.measured.successRatio;
    expect(Math.abs(modelSuccess(retried) - modelSuccess(once) - gain)).toBeLessThan(Math.abs(1 - q ** 3 - (1 - q) - gain));
    expect(Math.abs((retried.model[0].attemptsPerRequest ?? Number.NaN) - retried.measured.attemptsPerRequest)).toBeLessThanOrEqual(0.12);
    // Latency: both modes put p50 at S = 10 ms (a refused connection costs nothing; no backoff, as
    // HAProxy's redispatch); HAProxy measured 11.0–11.4 ms: within max(10%, 3 ms + the rig's overhead measured in the run).
    for (const run of r.runs) {
      for (const p of run.model) {
        expect(Math.abs(p.p50Ms - 10), p.source).toBeLessThanOrEqual(0.5);
        expect(Math.abs(run.measured.p50Ms - p.p50Ms), `${p.source} p50`).toBeLessThanOrEqual(Math.max(P50_FLOOR_MS + run.rig!.meanMs, 0.1 * p.p50Ms));
        expect(Math.abs(run.measured.p99Ms - p.p99Ms), `${p.source} p99`).toBeLessThanOrEqual(Math.max(P99_FLOOR_MS, 0.1 * p.p99Ms, run.rig!.p99Ms));
      }
    }
  });

  it('overload at twice the capacity N·c/S: goodput at capacity, half refused after the queue timeout, retries change nothing', { timeout: 30_000 }, async () => {
    const r = await validateProxy(options({ experiments: ['overload'], attempts: 3 }));
    const capacityPerS = (4 * 4) / 0.1; // 160/s
    for (const run of r.runs) {
      expect(run.ratePerS).toBeCloseTo(2 * capacityPerS, 6);
      expect(Math.abs(run.measured.goodputPerS - capacityPerS)).toBeLessThanOrEqual(0.15 * capacityPerS);
      expect(Math.abs(run.measured.httpErrorRatio - 0.5)).toBeLessThanOrEqual(0.06);
      // HAProxy retries only a failed connection (retry-on conn-failure), never a queue timeout: were
      // the 503s retried, attempts would be 1.5 or more. A rare connection does fail: in one CI run,
      // with the test files running beside each other on two cores, 0.15% of requests were retried
      // (HAProxy itself stalled past its 100 ms connect timeout). Allow 1%.
      expect(run.measured.attemptsPerRequest).toBeGreaterThanOrEqual(1);
      expect(run.measured.attemptsPerRequest).toBeLessThanOrEqual(1 + RARE_CONN_FAILURE_RATIO);
      // The successful requests waited in HAProxy's queue: p50 between S and queue timeout + S (+ slack).
      expect(run.measured.p50Ms).toBeGreaterThan(100);
      expect(run.measured.p99Ms).toBeLessThan(250 + 100 + 100);
      expect(run.model.map((m) => m.source)).toEqual(['fluid']); // the request level's queues are unbounded: no prediction under overload
      // Fleetsim's fluid pool sheds a little before 100% busy: goodput 152/s, success 0.475, where
      // HAProxy's queue lets a few more through (measured success 0.51–0.55): compare the goodput, ±15%.
      expect(Math.abs(run.model[0].goodputPerS - run.measured.goodputPerS)).toBeLessThanOrEqual(0.15 * capacityPerS);
    }
    expect(Math.abs(r.runs[0].measured.successRatio - r.runs[1].measured.successRatio)).toBeLessThanOrEqual(0.06);
    expect(r.agree).toBe(true);
  });

  it('20 ms each way to every backend: p50 = S + 2d, nothing lost, retries change nothing', { timeout: 30_000 }, async () => {
    const r = await validateProxy(options({ experiments: ['latency'], attempts: 3, delayMs: 20 }));
    const expectedP50Ms = 10 + 2 * 20;
    for (const run of r.runs) {
      expect(run.delayMs).toBe(20);
      // Offered half of N·c/(S + 2d) = 16 / 0.05 s = 320/s.
      expect(run.ratePerS).toBeCloseTo(160, 6);
      // Three timers fire a little late and HAProxy adds its own: max(5 ms, 15%) either way, or the
      // floor plus the rig's own overhead measured in the run (a busy machine).
      expect(Math.abs(run.measured.p50Ms - expectedP50Ms)).toBeLessThanOrEqual(Math.max(5, 0.15 * expectedP50Ms, P50_FLOOR_MS + run.rig!.meanMs));
      expect(run.measured.p50Ms).toBeGreaterThanOrEqual(expectedP50Ms);
      // Nothing is lost but a rare failed connection on a starved machine (see the overload test).
      expect(run.measured.successRatio).toBeGreaterThanOrEqual(1 - RARE_CONN_FAILURE_RATIO);
      expect(run.measured.attemptsPerRequest).toBeGreaterThanOrEqual(1);
      expect(run.measured.attemptsPerRequest).toBeLessThanOrEqual(1 + RARE_CONN_FAILURE_RATIO);
      // Fleetsim, both modes, with the slot held for S + 2d: p50 = 50 ms (its histogram bins: 50.4).
      for (const p of run.model) {
        expect(Math.abs(p.p50Ms - expectedP50Ms), p.source).toBeLessThanOrEqual(1);
        expect(Math.abs(run.measured.p50Ms - p.p50Ms), `${p.source} p50`).toBeLessThanOrEqual(Math.max(P50_FLOOR_MS + run.rig!.meanMs, 0.1 * p.p50Ms));
      }
    }
    // p99: the model has no wait to speak of at half load (p99 = p50), the rig its timer tail
    // (measured 13–17 ms over it alone, 20.6 ms beside the other rig test file, once 47 ms when the shared machine stalled). The two runs are the
    // same configuration (retries change nothing here), so the better of the two is compared: one
    // stall of the machine does not fail the test, a model that is off does. Where the rig's own
    // overhead p99 (measured in the run) is above the floor, that is the allowance.
    for (const source of ['fluid', 'request-level'] as const) {
      const excess = Math.min(...r.runs.map((run) => Math.abs(run.measured.p99Ms - run.model.find((p) => p.source === source)!.p99Ms) - Math.max(P99_FLOOR_MS, run.rig!.p99Ms)));
      expect(excess, source).toBeLessThanOrEqual(0);
    }
  });
});
