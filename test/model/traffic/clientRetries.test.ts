import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LogHistogram } from '../../../src/engine/stats/logHistogram.js';
import { CLIENT_RETRY_CONDITION, clientRetry, retriedOverRoute, type AttemptOutcome, type ClientRetry } from '../../../src/model/traffic/clientRetries.js';
import { noFailures, type FailureCounts } from '../../../src/model/traffic/rates.js';
import { resolveRetryPolicy, type RawRetryPolicy } from '../../../src/scenario/retries.js';
import { runTraffic, world } from './fixture.js';

function retry(raw: RawRetryPolicy, ingress: 'dns' | 'anycast'): ClientRetry {
  const r = clientRetry(resolveRetryPolicy(raw), ingress);
  if (r === undefined) throw new Error('expected a retry policy');
  return r;
}

function attempt(success: number, failed: Partial<FailureCounts>, rttS = 0.02): AttemptOutcome {
  return { success, failed: { ...noFailures(), ...failed }, rttS };
}

/** One of two clusters unreachable (every attempt there fails unroutable), the other always succeeds. */
const halfCut = [attempt(0, { unroutable: 1 }), attempt(1, {})];

describe('users\' retries over a route, closed forms', () => {
  it('DNS picks afresh among the cached answer: 3 attempts over a half-cut answer succeed with 1 − ½³', () => {
    const out = retriedOverRoute(retry({ attempts: 3 }, 'dns'), [0.5, 0.5], halfCut);
    expect(out.success).toBeCloseTo(0.875, 12);
    expect(out.failed.unroutable).toBeCloseTo(0.125, 12);
    // 1 + ½ + ¼ attempts per request, spread by the weights.
    expect(out.attempts).toBeCloseTo(1.75, 12);
    expect(Array.from(out.attemptsAt)).toEqual([expect.closeTo(0.875, 12), expect.closeTo(0.875, 12)]);
    // Successes at the live cluster on attempts 1, 2, 3: ½, ¼, ⅛; before attempt n + 1: n failed 20 ms
    // round trips and the mean backoffs (Envoy's 25 ms base: 12.5 ms, then 37.5 ms).
    expect(Array.from(out.successAt.subarray(3, 6))).toEqual([0.5, 0.25, 0.125]);
    expect(Array.from(out.delayBeforeS.subarray(3, 6))).toEqual([0, expect.closeTo(0.02 + 0.0125, 12), expect.closeTo(0.04 + 0.0125 + 0.0375, 12)]);
  });

  it('anycast sends the user to the same cluster again: the half that met the cut never gets through', () => {
    const out = retriedOverRoute(retry({ attempts: 3 }, 'anycast'), [0.5, 0.5], halfCut);
    expect(out.success).toBeCloseTo(0.5, 12);
    expect(out.failed.unroutable).toBeCloseTo(0.5, 12);
    // The cut half makes all 3 attempts, the other half one.
    expect(Array.from(out.attemptsAt)).toEqual([1.5, 0.5]);
  });

  it('a single-cluster answer: both picks give 1 − e³ for independent server errors retried as impaired', () => {
    const one = [attempt(0.9, { impaired: 0.1 })];
    for (const ingress of ['dns', 'anycast'] as const) {
      const out = retriedOverRoute(retry({ attempts: 3, retryOn: ['impaired'] }, ingress), [1], one);
      expect(out.success).toBeCloseTo(1 - 0.1 ** 3, 12);
      expect(out.failed.impaired).toBeCloseTo(0.1 ** 3, 12);
    }
  });

  it('a cause not in retryOn ends the request on the attempt it happens', () => {
    // s = 0.8, shed 0.1 (retried), impaired 0.1 (not), 2 attempts: 1 + 0.1 attempts per request.
    const out = retriedOverRoute(retry({ attempts: 2, retryOn: ['shed'] }, 'dns'), [1], [attempt(0.8, { shed: 0.1, impaired: 0.1 })]);
    expect(out.attempts).toBeCloseTo(1.1, 12);
    expect(out.success).toBeCloseTo(0.88, 12);
    expect(out.failed.impaired).toBeCloseTo(0.11, 12);
    expect(out.failed.shed).toBeCloseTo(0.01, 12);
  });

  it('a 20% budget caps the attempts per request at 1.25: each retry is made with x, 1 + x + x² = 1.25', () => {
    const out = retriedOverRoute(retry({ attempts: 3, retryOn: ['shed'], budget: 0.2 }, 'dns'), [1], [attempt(0.5, { shed: 0.5 })]);
    expect(out.attempts).toBeCloseTo(1.25, 9);
    expect(out.success).toBeCloseTo(0.5 * 1.25, 9);
    expect(out.success + out.failed.shed).toBeCloseTo(1, 12);
  });

  it('timeouts: the per-try one cuts each attempt, the overall one the attempts that still fit', () => {
    // Half the answers take 50 ms, half 150 ms; per-try 100 ms, timeouts retried; 3 attempts.
    const slowHalf = [{ ...attempt(1, {}), latency: Float64Array.of(0.05, 0.15), latencyShiftS: 0 }];
    const perTry = retriedOverRoute(retry({ attempts: 3, retryOn: ['timeout'], perTryTimeout: 0.1 }, 'dns'), [1], slowHalf);
    expect(perTry.success).toBeCloseTo(1 - 0.5 ** 3, 12);
    expect(perTry.failed.timeout).toBeCloseTo(0.5 ** 3, 12);
    // An overall 250 ms: attempt 2 starts after 100 ms + 12.5 ms of backoff, attempt 3 would start at
    // 112.5 + 100 + 37.5 = 250 ms: no time left, so the request ends there on a timeout.
    const overall = retriedOverRoute(retry({ attempts: 3, retryOn: ['timeout'], perTryTimeout: 0.1, timeout: 0.25 }, 'dns'), [1], slowHalf);
    expect(overall.success).toBeCloseTo(0.75, 12);
    expect(overall.failed.timeout).toBeCloseTo(0.25, 12);
    expect(overall.attempts).toBeCloseTo(1.5, 12);
    expect(Array.from(overall.successAt)).toEqual([0.5, 0.25, 0]);
    expect(Array.from(overall.delayBeforeS.subarray(0, 2))).toEqual([0, expect.closeTo(0.1125, 12)]);
    expect(Array.from(overall.limitS.subarray(0, 2))).toEqual([0.1, 0.1]);
    // An overall timeout below the per-try one cuts the first attempt, and that is not retried.
    const tight = retriedOverRoute(retry({ attempts: 3, retryOn: ['timeout'], perTryTimeout: 0.2, timeout: 0.1 }, 'dns'), [1], slowHalf);
    expect(tight.success).toBeCloseTo(0.5, 12);
    expect(tight.attempts).toBe(1);
  });

  it('a request that reached no server (unroutable, no replica) is retried like a refused connection', () => {
    expect(CLIENT_RETRY_CONDITION.unroutable).toBe('deadEndpoint');
    expect(CLIENT_RETRY_CONDITION.noReplica).toBe('deadEndpoint');
    const r = retry({ attempts: 2 }, 'dns');
    expect(r.retried).toEqual({ unroutable: true, deadEndpoint: true, noReplica: true, shed: false, impaired: false, timeout: false });
  });

  it('no policy, or a single attempt, is no client retry at all', () => {
    expect(clientRetry(undefined, 'dns')).toBeUndefined();
    expect(clientRetry(resolveRetryPolicy({ attempts: 1 }), 'dns')).toBeUndefined();
  });

  it('mean backoff before retry n: half of min(max, base × (2^n − 1))', () => {
    expect(Array.from(retry({ attempts: 6 }, 'dns').meanBackoffS)).toEqual([0.0125, 0.0375, 0.0875, 0.125, 0.125].map((x) => expect.closeTo(x, 12)));
  });
});

describe('users\' retries in the fluid model', () => {
  const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../fixtures/${name}.yaml`, import.meta.url)), 'utf8');

  describe('retrying shed requests into one overloaded cluster: the fixed point', () => {
    // C = 9 500/s admitted, λ = 2C, 3 attempts, shed retried. At the fixed point the pool sees x
    // attempts/s and sheds r = 1 − C/x of them; x = λ (1 + r + r²). So C = λ (1 − r³): r = ½^(1/3),
    // goodput stays C (availability C/λ = ½), and of the successes 1 : r : r² come on attempts 1, 2, 3.
    const w = world(fixture('clientretries-overload'));
    const plain = runTraffic(w, 0, 0, 'fluid').traffic!;
    const dns = runTraffic(w, 1, 0, 'fluid').traffic!;
    const anycast = runTraffic(w, 2, 0, 'fluid').traffic!;
    const r = Math.cbrt(0.5);

    it('availability stays C/λ = ½: retries of shed requests add load, not goodput', () => {
      expect(plain.availability).toBeCloseTo(0.5, 12);
      expect(dns.availability).toBeCloseTo(0.5, 5);
      expect(dns.clusters[0].requestsServed).toBeCloseTo(plain.clusters[0].requestsServed, -1);
    });

    it('successes come on attempts 1, 2, 3 in shares 1 : r : r², each retry 200 ms of RTT and a backoff later', () => {
      const h = LogHistogram.from(dns.latency.histogram);
      // Attempt 1 ends by ~0.25 s, attempt 2 after 400 + 12.5 ms, attempt 3 after 600 + 50 ms.
      expect(h.cdf(0.3)).toBeCloseTo(1 / (1 + r + r * r), 3);
      expect(h.cdf(0.55)).toBeCloseTo((1 + r) / (1 + r + r * r), 3);
      expect(LogHistogram.from(plain.latency.histogram).cdf(0.3)).toBe(1);
    });

    it('with one cluster anycast (the same cluster again) and DNS (a new pick among one) agree', () => {
      expect(anycast.availability).toBe(dns.availability);
      expect(anycast.latency.p99S).toBe(dns.latency.p99S);
    });
  });

  describe('retrying server errors while one of two equally near clusters fails every request', () => {
    // An expired certificate at one cluster for 20 of the 59 measured minutes; the answer keeps both.
    const w = world(fixture('clientretries-certificate'));
    const [plain, dns, anycast] = [0, 1, 2].map((d) => runTraffic(w, d, 0, 'fluid').traffic!);
    const share = 20 / 59;

    it('DNS picks again among the answer: 1 − share × ½³; anycast returns to the same cluster: 1 − share × ½, as without retries', () => {
      expect(plain.availability).toBeCloseTo(1 - share * 0.5, 9);
      expect(dns.availability).toBeCloseTo(1 - share * 0.125, 9);
      expect(anycast.availability).toBeCloseTo(1 - share * 0.5, 9);
      expect(anycast.failedBy.impaired).toBeCloseTo(plain.failedBy.impaired, 3);
    });

    it("the healthy cluster takes DNS clients' retries (1.75 attempts × ½ while the fault lasts); anycast's stay on the failing one", () => {
      // Requests entering the failing cluster are not served (its ingress fails them): compare the healthy one.
      // Anycast's users there succeed at once (50/s); DNS sends it 1.75 × ½ × 100 = 87.5/s during the fault.
      expect(anycast.clusters[0].requestsServed).toBeCloseTo(plain.clusters[0].requestsServed, 3);
      expect(dns.clusters[0].requestsServed / plain.clusters[0].requestsServed).toBeCloseTo((50 * 39 + 87.5 * 20) / (50 * 59), 9);
    });
  });

  describe('a per-try timeout at the client', () => {
    // Latency 20 ms + exponential 100 ms service (10% busy, waits negligible); T = 120 ms: τ = P(service > 100 ms) = e^−1.
    const w = world(fixture('clientretries-timeout'));
    const [plain, givingUp, retrying] = [0, 1, 2].map((d) => runTraffic(w, d, 0, 'fluid').traffic!);
    const tau = Math.exp(-1);

    it('one attempt: the slow share times out (1 − τ succeed); three, retrying timeouts: 1 − τ³', () => {
      expect(plain.availability).toBe(1);
      // The latency Monte Carlo's 8 192 draws: τ within ±0.015 (3σ).
      expect(Math.abs(givingUp.availability - (1 - tau))).toBeLessThan(0.015);
      expect(givingUp.failedBy.timeout).toBeCloseTo(givingUp.failedRequests, 6);
      expect(Math.abs(retrying.availability - (1 - tau ** 3))).toBeLessThan(0.01);
    });

    it('timed-out attempts still load the cluster: it serves 1 + τ + τ² attempts per request', () => {
      const ratio = retrying.clusters[0].requestsServed / plain.clusters[0].requestsServed;
      expect(Math.abs(ratio - (1 + tau + tau * tau))).toBeLessThan(0.03);
    });

    it('an overall timeout keeps the attempts that still fit: 300 ms leaves two (1 − τ²), 150 ms one (1 − τ)', () => {
      // Attempt 2 starts at 120 + 12.5 ms, attempt 3 at 132.5 + 120 + 37.5 = 290 ms: with 300 ms it has 10 ms, under the 20 ms RTT.
      // τ̂: the estimate's own share of points above 100 ms (the giving-up design measures it).
      const tauHat = 1 - givingUp.availability;
      const text = fixture('clientretries-timeout');
      for (const [overall, expected] of [['300ms', 1 - tauHat ** 2], ['150ms', 1 - tauHat]] as const) {
        const t = runTraffic(world(text.replace('retryOn: [timeout], perTryTimeout: 120ms', `retryOn: [timeout], perTryTimeout: 120ms, timeout: ${overall}`)), 2, 0, 'fluid').traffic!;
        expect(Math.abs(t.availability - expected)).toBeLessThan(0.005);
        expect(t.failedBy.timeout).toBeCloseTo(t.failedRequests, 6);
      }
    });

    it('successes come within T: on attempt 1 by 120 ms, later ones after T and a backoff per retry', () => {
      const h = LogHistogram.from(retrying.latency.histogram);
      const first = 1 / (1 + tau + tau * tau);
      // Attempt 2's successes start at 120 + 12.5 + 20 ms; the log histogram's bins are ~1% wide.
      expect(Math.abs(h.cdf(0.121) - first)).toBeLessThan(0.01);
      expect(h.cdf(0.15)).toBeCloseTo(h.cdf(0.121), 9);
      expect(LogHistogram.from(givingUp.latency.histogram).cdf(0.121)).toBe(1);
    });
  });

  describe('retrying through DNS while half the answer is cut off', () => {
    // 20 of the 59 measured minutes, half the attempts fail unroutable. Without retries those minutes
    // lose ½; with 3 attempts (dead endpoints retried, unroutable among them) ⅛.
    const text = fixture('clientretries-partition');
    const w = world(text);
    const plain = runTraffic(w, 0, 0, 'fluid').traffic!;
    const retrying = runTraffic(w, 1, 0, 'fluid').traffic!;
    const share = 20 / 59;

    it('availability 1 − share × ½ without retries, 1 − share × ⅛ with them (per-cluster path)', () => {
      expect(plain.availability).toBeCloseTo(1 - share * 0.5, 9);
      expect(retrying.availability).toBeCloseTo(1 - share * 0.125, 9);
      expect(retrying.failedBy.unroutable / plain.failedBy.unroutable).toBeCloseTo(0.25, 9);
    });

    it('the reachable cluster takes the retries: 1.75 attempts per request, half of them to it, while cut', () => {
      // Plain: 50/s at dub for 59 min. Retrying: 50/s for 39 min and 87.5/s for 20.
      expect(retrying.clusters[0].requestsServed / plain.clusters[0].requestsServed).toBeCloseTo((50 * 39 + 87.5 * 20) / (50 * 59), 9);
    });

    it('the fleet-wide path (with a mesh) gives the same closed form', () => {
      const meshed = world(text.replace('traffic: { ingress: { dns: {} }, clientRetries', 'traffic: { ingress: { dns: {} }, mesh: { localityOrder: [zone, region, any] }, clientRetries'));
      expect(meshed.scenario.designs[1].traffic.mesh).toBeDefined();
      const t = runTraffic(meshed, 1, 0, 'fluid').traffic!;
      expect(t.availability).toBeCloseTo(1 - share * 0.125, 9);
    });
  });
});
