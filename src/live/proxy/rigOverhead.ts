import type { RequestRecord } from './loadGenerator.js';

/**
 * The rig's own share of each answer's time: the time the client saw less the service time the
 * backend drew for it (its x-service-ms header) less any delay the run adds on purpose. That is the
 * backend timer's lateness, the client's and HAProxy's work and the loopback both ways, plus any
 * wait in HAProxy's queue (rare at the loads whose latency is checked). No model of the system
 * predicts it, and it grows when the machine's two cores are taken by something else (on CI, the
 * test files vitest runs alongside). Measured on the per-try-timeout experiment (3 s runs; first as
 * answer time less the backend's hold, which differs from this by the timer's lateness, a median
 * of −0.3 to +0.2 ms): median 1.3–1.4 ms and p90 3.0–4.3 ms on an idle machine; with four
 * CPU-bound processes beside it, median 2.0–3.3 ms and p90 6.2–10 ms, the measured p50 4–7 ms
 * above the model's (on CI once 9 ms: 29.2 against 20.1), and the dead-backend runs' p99 25–31 ms
 * above the model's constant 10 ms. So the latency checks allow for the
 * overhead measured in the same run (its mean: the tail moves a p50 more than the overhead's own
 * median does) rather than for a fixed guess, and at p99 for the overhead's own p99 where that is
 * above the fixed floor (a p99 through a busy rig is the rig's tail).
 */
export interface RigOverhead {
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
}

/**
 * The overhead of the answered requests, over those under capMs: an answer that waited out a
 * per-try timeout T before its retry carries T, which is the system's, not the rig's. All 0 when no
 * answer carries a service time.
 */
export function rigOverhead(records: readonly RequestRecord[], addedMs: number, capMs = Number.POSITIVE_INFINITY): RigOverhead {
  const o = records
    .filter((r) => r.outcome === 'ok' && r.serviceMs !== undefined)
    .map((r) => r.doneMs - r.sentMs - r.serviceMs! - addedMs)
    .filter((x) => x < capMs);
  if (o.length === 0) return { p50Ms: 0, p90Ms: 0, p99Ms: 0, meanMs: 0 };
  o.sort((a, b) => a - b);
  const at = (q: number) => o[Math.min(o.length - 1, Math.floor(q * o.length))]!;
  return { p50Ms: at(0.5), p90Ms: at(0.9), p99Ms: at(0.99), meanMs: o.reduce((a, b) => a + b, 0) / o.length };
}
