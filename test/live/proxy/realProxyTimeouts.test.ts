import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_PROXY_TOLERANCE, DEFAULT_STORM, validateProxy, type ValidateProxyOptions } from '../../../src/live/proxy/validateProxy.js';
import { trackedCounts } from '../../../src/live/cleanup.js';
import { describeWithPrograms, realProgram } from '../../support/realProgram.js';

/**
 * Real HAProxy with a per-try timeout (timeout server T, retry-on conn-failure response-timeout),
 * against closed forms worked here:
 *
 * - per-try-timeout: four backends whose service time is lognormal, median 20 ms, p99 200 ms, so
 *   τ = P(S > 100 ms) = 1 − Φ(ln 5 / (ln 10 / 2.326)) = 1 − Φ(1.626) = 0.052 (normal table). At 150/s
 *   the pool is ~30% busy, so attempts hardly wait. One attempt: success 1 − τ = 0.948, p99 of the
 *   successes under T (the timeout caps it). Three: 1 − τ³ ≈ 1, attempts 1 + τ + τ² = 1.055 (counted
 *   by the backends themselves), p99 in (T, 2T): a success on the second try. Fleetsim's fluid
 *   and request-level modes predict success within ±0.06 and p50/p99 within 10% or the rig's
 *   floors (4 ms p50; p99 also the sampling spread of a p99 over ~450 requests, 20–30 ms here).
 * - retry-storm: c = 4 backends × 4 / 50 ms = 320/s, λ = 0.6 c = 192/s, T = 200 ms, every backend
 *   stalled (SIGSTOP) for 1 s, then resumed; the backends queue and finish abandoned attempts. One
 *   attempt: λ < c, the ~1 s backlog drains at c − λ = 128/s, and the last second's goodput is back
 *   at the offered rate (±15%). Three attempts: λ·3 = 576/s > c, every attempt keeps timing out,
 *   the last second's goodput stays under 10% of λ: the storm outlives its trigger by 3.5 s.
 *   Measured over four seeds: last second 172–205/s with one attempt, 0/s with three. Fleetsim's
 *   verdict in both modes (modelHook.ts stormPredictions) must be the same: recovers, persists.
 *
 * The file takes about 35 s. Nothing is left behind (processes, folders, tracked handles).
 */
const haproxy = realProgram({ program: 'haproxy', candidates: ['haproxy', '/usr/sbin/haproxy'], install: 'apt-get install -y haproxy' });
let base = '';

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
    experiments: ['per-try-timeout'],
    attempts: 3,
    backends: 4,
    dead: 1,
    concurrency: 4,
    serviceMs: 10,
    overloadServiceMs: 100,
    deadRatePerS: 250,
    overloadFactor: 2,
    queueTimeoutMs: 250,
    delayMs: 20,
    durationMs: 3000,
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

describeWithPrograms([haproxy], 'real HAProxy with a per-try timeout: heavy tail and retry storm', () => {
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

  it('heavy tail, T = 100 ms: success 1 − τ then 1 − τ³, attempts 1 + τ + τ², p99 capped under T then in (T, 2T); fleetsim within tolerance', { timeout: 40_000 }, async () => {
    const r = await validateProxy(options({}));
    const [once, retried] = r.runs;
    const tau = 1 - 0.948;
    expect(once.timeoutShare).toBeCloseTo(tau, 3);
    expect(once.measured.requests).toBeGreaterThan(380);
    // ≈450 requests: a ratio's standard error ≤ 0.011; ±0.035 is three of them.
    expect(Math.abs(once.measured.successRatio - (1 - tau))).toBeLessThanOrEqual(0.035);
    // The failures are HAProxy's 504 after T, not client timeouts.
    expect(once.measured.httpErrorRatio).toBeCloseTo(1 - once.measured.successRatio, 9);
    expect(once.measured.p99Ms).toBeLessThan(100 + Math.max(P99_SLACK_MS, once.rig!.p99Ms));
    expect(retried.measured.successRatio).toBeGreaterThanOrEqual(0.995);
    expect(Math.abs(retried.measured.attemptsPerRequest - (1 + tau + tau * tau))).toBeLessThanOrEqual(0.04);
    expect(retried.measured.p99Ms).toBeGreaterThan(100);
    expect(retried.measured.p99Ms).toBeLessThan(200 + Math.max(P99_SLACK_MS, retried.rig!.p99Ms));
    for (const run of r.runs) {
      expect(run.model.map((p) => p.source)).toEqual(['fluid', 'request-level']);
      for (const p of run.model) expect(Math.abs(p.successRatio - run.measured.successRatio), p.source).toBeLessThanOrEqual(0.06);
    }
    // The backends' x-service-ms reached the client: the rig's own overhead (client time − service time) is a
    // real, positive time, a small share of the 20 ms median service time on a calm machine.
    for (const run of r.runs) expect(run.rig!.p50Ms).toBeGreaterThan(0);
    // Every check the command makes (closed forms, and p50/p99 against both modes) agrees.
    for (const run of r.runs) for (const c of run.checks) expect(c.agree, `k=${run.attempts} ${c.quantity}: ${c.measured} vs ${c.expected} ± ${c.allowed}`).toBe(true);
  });

  it('stall of every backend for 1 s at 60% load, T = 200 ms: one attempt recovers, three keep the storm going (λ·k > c)', { timeout: 40_000 }, async () => {
    const r = await validateProxy(options({ experiments: ['retry-storm'] }));
    const [once, retried] = r.runs;
    const lambda = 0.6 * 320;
    for (const run of r.runs) {
      expect(run.ratePerS).toBeCloseTo(lambda, 6);
      // Before the stall the offered load is served (against the arrivals of the same 0.7 s window,
      // whose count alone moves ±9% around λ); during it nothing is.
      expect(Math.abs(run.storm!.beforePerS - run.storm!.offeredBeforePerS)).toBeLessThanOrEqual(0.15 * lambda);
      expect(run.storm!.duringPerS).toBeLessThanOrEqual(0.1 * lambda);
    }
    expect(once.storm!.persists).toBe(false);
    expect(Math.abs(once.storm!.endPerS - once.storm!.offeredEndPerS)).toBeLessThanOrEqual(0.15 * lambda);
    expect(retried.storm!.persists).toBe(true);
    expect(retried.storm!.endPerS).toBeLessThanOrEqual(0.1 * lambda);
    // Retries amplify: the backends saw more than 2 attempts per request with three allowed (a
    // floor: attempts still queued in the kernel at the end are not counted), one with one.
    expect(retried.measured.attemptsPerRequest).toBeGreaterThan(2);
    expect(once.measured.attemptsPerRequest).toBeLessThanOrEqual(1.01);
    // Fleetsim, both modes (a trigger of three pods of four lost for the stall's second): the same verdicts.
    expect(once.stormModel!.map((p) => [p.source, p.persists])).toEqual([['fluid', false], ['request-level', false]]);
    expect(retried.stormModel!.map((p) => [p.source, p.persists])).toEqual([['fluid', true], ['request-level', true]]);
    expect(r.agree).toBe(true);
  });
});

/** A p99 measured through the rig: its timer tail on top of the quantity (DEFAULT_PROXY_TOLERANCE.p99FloorMs), or the rig's own overhead p99 measured in the run where larger. */
const P99_SLACK_MS = DEFAULT_PROXY_TOLERANCE.p99FloorMs;
