import type { RequestRecord } from './loadGenerator.js';

/**
 * What one experiment measured, from the client's side.
 * - successRatio: answered 2xx/3xx over all requests sent.
 * - p50Ms / p99Ms: latency of the successful requests (a refused or timed-out request has no
 *   meaningful latency; their share is in the ratios).
 * - goodputPerS: successes finishing in the steady window [warmupMs, durationMs), per second, so the
 *   ramp-up and the queue draining after the last arrival do not count.
 */
export interface Measurement {
  readonly requests: number;
  readonly successRatio: number;
  readonly timedOutRatio: number;
  readonly httpErrorRatio: number;
  readonly connectErrorRatio: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly offeredPerS: number;
  readonly goodputPerS: number;
}

/** The p-quantile of sorted values by linear interpolation; NaN when empty. */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export function measure(records: readonly RequestRecord[], durationMs: number, warmupMs: number): Measurement {
  if (!(warmupMs >= 0 && warmupMs < durationMs)) throw new RangeError(`warm-up (${warmupMs} ms) must be in [0, duration ${durationMs} ms)`);
  const n = records.length;
  const share = (o: RequestRecord['outcome']) => (n === 0 ? Number.NaN : records.filter((r) => r.outcome === o).length / n);
  const ok = records.filter((r) => r.outcome === 'ok');
  const latencies = ok.map((r) => r.doneMs - r.sentMs).sort((a, b) => a - b);
  const windowS = (durationMs - warmupMs) / 1000;
  const inWindow = (t: number) => t >= warmupMs && t < durationMs;
  return {
    requests: n,
    successRatio: share('ok'),
    timedOutRatio: share('timeout'),
    httpErrorRatio: share('http-error'),
    connectErrorRatio: share('connect-error'),
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    offeredPerS: records.filter((r) => inWindow(r.sentMs)).length / windowS,
    goodputPerS: ok.filter((r) => inWindow(r.doneMs)).length / windowS,
  };
}
