import { haproxyVersion, ProxyRig } from './rig.js';
import { runLoad } from './loadGenerator.js';
import { measure, type Measurement } from './measure.js';
import { independentAmplification, independentSuccess, poolCapacityPerS, redispatchAmplification, redispatchSuccess } from './closedForms.js';
import { modelPredictions, type ModelPrediction } from './modelHook.js';

/**
 * `fleetsim validate proxy`: real HAProxy in front of real Node backends, with and without retries.
 *
 * dead-backend: D of N backends are SIGKILLed before the load starts and stay in rotation (no
 *   health checks); measured success ratio and attempts per request against the closed forms
 *   (closedForms.ts): independent attempts 1 − q^k, and HAProxy's redispatch 1 − q·r^(k−1).
 * overload: open-loop load above the pool's capacity N·c/S; HAProxy queues at maxconn and answers
 *   503 after its queue timeout; measured goodput against min(offered, capacity) and the share
 *   refused against 1 − capacity/offered.
 * latency: every backend behind a user-space delay proxy adding d each way (delayProxy.ts), at half
 *   the capacity; measured p50 against S + 2d. HAProxy holds a maxconn slot for the whole S + 2d,
 *   so the capacity it allows is N·c/(S + 2d), which sets the offered rate.
 * Each experiment runs once with 1 attempt and once with k, each on a fresh rig.
 */
export const PROXY_EXPERIMENTS = ['dead-backend', 'overload', 'latency'] as const;
export type ProxyExperiment = (typeof PROXY_EXPERIMENTS)[number];

export interface ProxyTolerance {
  /** Absolute difference allowed on success (and refused) ratios. */
  readonly ratioAbs: number;
  /** Absolute difference allowed on attempts per request. */
  readonly amplificationAbs: number;
  /** Relative difference allowed on goodput. */
  readonly goodputRelative: number;
}

/**
 * Defaults, and why: ~500 requests per run give a ratio's standard error ≤ 0.022, so 0.06 is about
 * three of them (plus HAProxy's consistent-hash ring, which splits first attempts unevenly by a
 * point or two even at weight 256). Goodput: timers overshoot the service time and HAProxy adds a
 * little per request, so a saturated pool does a few per cent under N·c/S; 15% leaves room for a
 * shared CI machine yet catches a wrong capacity (half or double).
 */
export const DEFAULT_PROXY_TOLERANCE: ProxyTolerance = { ratioAbs: 0.06, amplificationAbs: 0.12, goodputRelative: 0.15 };

export interface ValidateProxyOptions {
  readonly haproxyBin?: string;
  readonly experiments: readonly ProxyExperiment[];
  /** Attempts with retries on (k ≥ 2); every experiment also runs with 1. */
  readonly attempts: number;
  readonly backends: number;
  /** dead-backend: backends killed. */
  readonly dead: number;
  readonly concurrency: number;
  /** dead-backend: service time (short: the run is about refused connections, not queueing). */
  readonly serviceMs: number;
  /** overload: service time (long enough that the pool saturates at a rate the client can offer). */
  readonly overloadServiceMs: number;
  /** dead-backend: offered rate (below capacity, so only the dead backends cause failures). */
  readonly deadRatePerS: number;
  /** overload: offered load as a multiple of the pool's capacity. */
  readonly overloadFactor: number;
  readonly queueTimeoutMs: number;
  /** latency: one-way delay between HAProxy and each backend. */
  readonly delayMs: number;
  readonly durationMs: number;
  readonly warmupMs: number;
  readonly seed: string;
  readonly tolerance: ProxyTolerance;
  readonly baseDir?: string;
  readonly onProgress?: (line: string) => void;
}

export interface Check {
  readonly quantity: string;
  readonly measured: number;
  readonly expected: number;
  readonly allowed: number;
  readonly agree: boolean;
}

export interface ProxyRun {
  readonly experiment: ProxyExperiment;
  readonly attempts: number;
  readonly backends: number;
  readonly dead: number;
  readonly concurrency: number;
  readonly serviceMs: number;
  readonly ratePerS: number;
  readonly queueTimeoutMs: number;
  readonly measured: Measurement & { readonly attemptsPerRequest: number };
  /** Closed forms for this run (independent retries shown for comparison, not as the verdict). */
  /** One-way delay added between HAProxy and each backend (latency experiment; else 0). */
  readonly delayMs: number;
  readonly closedForm: { readonly p50Ms: number; readonly successRatio: number; readonly independentSuccessRatio: number; readonly attemptsPerRequest: number; readonly independentAttemptsPerRequest: number; readonly goodputPerS: number; readonly refusedRatio: number };
  readonly checks: readonly Check[];
  /** Fleetsim's predictions (modelHook.ts: the fluid model on the rig as a scenario); modelPending says why when there are none. */
  readonly model: readonly ModelPrediction[];
  readonly modelPending: string | undefined;
  readonly agree: boolean;
}

export interface ValidateProxyReport {
  readonly haproxy: string;
  readonly durationMs: number;
  readonly warmupMs: number;
  readonly seed: string;
  readonly tolerance: ProxyTolerance;
  readonly runs: readonly ProxyRun[];
  readonly orphansRemoved: readonly string[];
  readonly agree: boolean;
}

function check(quantity: string, measured: number, expected: number, allowed: number): Check {
  return { quantity, measured, expected, allowed, agree: Math.abs(measured - expected) <= allowed };
}

export function checkProxyOptions(o: ValidateProxyOptions): void {
  const intIn = (name: string, v: number, lo: number, hi: number) => {
    if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`${name} must be an integer in ${lo}..${hi}, got ${v}`);
  };
  intIn('--attempts', o.attempts, 2, 10);
  intIn('--backends', o.backends, 2, 32);
  intIn('--dead', o.dead, 1, o.backends - 1);
  intIn('--concurrency', o.concurrency, 1, 1000);
  if (!(o.serviceMs >= 1 && o.serviceMs <= 10_000)) throw new RangeError(`--service-time must be 1 ms..10 s, got ${o.serviceMs} ms`);
  if (!(o.overloadServiceMs >= 1 && o.overloadServiceMs <= 10_000)) throw new RangeError(`--overload-service-time must be 1 ms..10 s, got ${o.overloadServiceMs} ms`);
  const overloadRate = o.overloadFactor * poolCapacityPerS(o.backends, o.concurrency, o.overloadServiceMs);
  if (overloadRate > 2000) throw new RangeError(`overload would offer ${overloadRate.toFixed(0)} requests/s, more than the load generator keeps up with (2000/s): lengthen --overload-service-time or lower --concurrency`);
  if (!(o.overloadFactor > 1 && o.overloadFactor <= 10)) throw new RangeError(`--overload must be in (1, 10], got ${o.overloadFactor}`);
  if (!(o.warmupMs >= 0 && o.warmupMs < o.durationMs)) throw new RangeError(`--warmup (${o.warmupMs} ms) must be shorter than --duration (${o.durationMs} ms)`);
  if (!(o.delayMs >= 1 && o.delayMs <= 1000)) throw new RangeError(`--delay must be 1 ms..1 s, got ${o.delayMs} ms`);
  if (!(o.durationMs <= 600_000)) throw new RangeError(`--duration must be at most 10 min`);
  // Every request ends on a live backend at most once (retries only repeat refused connections), so
  // the live backends see at most the offered rate: keep it under 80% of their capacity, or the
  // dead-backend run measures overload too.
  const liveCapacity = poolCapacityPerS(o.backends - o.dead, o.concurrency, o.serviceMs);
  if (!(o.deadRatePerS > 0) || o.deadRatePerS > 0.8 * liveCapacity) {
    throw new RangeError(`--rate must be above 0 and at most 80% of the ${o.backends - o.dead} live backends' capacity (${liveCapacity.toFixed(0)}/s), got ${o.deadRatePerS}/s: lower it or raise --concurrency`);
  }
}

async function runOnce(o: ValidateProxyOptions, experiment: ProxyExperiment, attempts: number, orphans: string[]): Promise<ProxyRun> {
  const dead = experiment === 'dead-backend' ? o.dead : 0;
  const delayMs = experiment === 'latency' ? o.delayMs : 0;
  const serviceMs = experiment === 'overload' ? o.overloadServiceMs : o.serviceMs;
  // A maxconn slot is held from HAProxy's send to its receipt of the answer: S + 2d.
  const capacityPerS = poolCapacityPerS(o.backends, o.concurrency, serviceMs + 2 * delayMs);
  const ratePerS = experiment === 'dead-backend' ? o.deadRatePerS : experiment === 'overload' ? o.overloadFactor * capacityPerS : 0.5 * capacityPerS;
  o.onProgress?.(`${experiment}, ${attempts} attempt(s): ${o.backends} backends${dead > 0 ? `, ${dead} killed` : ''}${delayMs > 0 ? `, ${delayMs} ms each way` : ''}, ${ratePerS.toFixed(0)} requests/s for ${o.durationMs} ms`);
  const rig = await ProxyRig.start({ haproxyBin: o.haproxyBin, backends: o.backends, concurrency: o.concurrency, serviceMs, attempts, queueTimeoutMs: o.queueTimeoutMs, backendDelayMs: delayMs, baseDir: o.baseDir });
  orphans.push(...rig.orphansRemoved);
  let records;
  let attemptsPerRequest: number;
  try {
    for (let i = 0; i < dead; i++) await rig.killBackend(i);
    records = await runLoad({ port: rig.frontendPort, ratePerS, durationMs: o.durationMs, timeoutMs: o.queueTimeoutMs + serviceMs * 4 + 5000, seed: `${o.seed}/${experiment}` });
    // Every attempt after the first is counted by HAProxy as a retry (same server) or a redispatch
    // (another server) on the server that failed. (Sessions would miss the requests that timed out
    // in the queue, which never reached a server.)
    const stats = await rig.serverStats();
    attemptsPerRequest = 1 + stats.reduce((a, s) => a + s.retries + s.redispatches, 0) / Math.max(1, records.length);
  } finally {
    await rig.stop();
  }
  const m = measure(records, o.durationMs, o.warmupMs);
  const q = dead / o.backends;
  const tol = o.tolerance;
  const closedForm =
    experiment === 'dead-backend'
      ? {
          p50Ms: Number.NaN,
          successRatio: redispatchSuccess(dead, o.backends, attempts),
          independentSuccessRatio: independentSuccess(q, attempts),
          attemptsPerRequest: redispatchAmplification(dead, o.backends, attempts),
          independentAttemptsPerRequest: independentAmplification(q, attempts),
          goodputPerS: ratePerS * redispatchSuccess(dead, o.backends, attempts),
          refusedRatio: 1 - redispatchSuccess(dead, o.backends, attempts),
        }
      : experiment === 'latency'
        ? { p50Ms: serviceMs + 2 * delayMs, successRatio: 1, independentSuccessRatio: 1, attemptsPerRequest: 1, independentAttemptsPerRequest: 1, goodputPerS: ratePerS, refusedRatio: 0 }
        : {
          p50Ms: Number.NaN,
          // Refused connections are the only thing HAProxy retries here (retry-on conn-failure), and
          // none happen: retries must change nothing under overload.
          successRatio: Math.min(1, capacityPerS / ratePerS),
          independentSuccessRatio: Math.min(1, capacityPerS / ratePerS),
          attemptsPerRequest: 1,
          independentAttemptsPerRequest: 1,
          goodputPerS: Math.min(ratePerS, capacityPerS),
          refusedRatio: Math.max(0, 1 - capacityPerS / ratePerS),
        };
  const checks =
    experiment === 'dead-backend'
      ? [check('success ratio', m.successRatio, closedForm.successRatio, tol.ratioAbs), check('attempts per request', attemptsPerRequest, closedForm.attemptsPerRequest, tol.amplificationAbs)]
      : experiment === 'latency'
        ? [
            // Three timers (delay, service, delay) each fire a millisecond or so late, and HAProxy and
            // the client add their own: allow max(5 ms, 15%) above or below.
            check('p50 ms', m.p50Ms, closedForm.p50Ms, Math.max(5, 0.15 * closedForm.p50Ms)),
            check('success ratio', m.successRatio, 1, tol.ratioAbs),
            check('goodput /s', m.goodputPerS, closedForm.goodputPerS, tol.goodputRelative * closedForm.goodputPerS),
          ]
        : [
          check('goodput /s', m.goodputPerS, closedForm.goodputPerS, tol.goodputRelative * closedForm.goodputPerS),
          check('refused (503) ratio', m.httpErrorRatio, closedForm.refusedRatio, tol.ratioAbs),
          check('attempts per request', attemptsPerRequest, 1, tol.amplificationAbs),
        ];
  const model = modelPredictions({ backends: o.backends, dead, concurrency: o.concurrency, serviceMs, ratePerS, attempts, queueTimeoutMs: o.queueTimeoutMs });
  return {
    experiment,
    attempts,
    backends: o.backends,
    dead,
    concurrency: o.concurrency,
    serviceMs,
    ratePerS,
    queueTimeoutMs: o.queueTimeoutMs,
    delayMs,
    measured: { ...m, attemptsPerRequest },
    closedForm,
    checks,
    model: model.predictions,
    modelPending: model.pendingReason,
    agree: checks.every((c) => c.agree),
  };
}

export async function validateProxy(o: ValidateProxyOptions): Promise<ValidateProxyReport> {
  checkProxyOptions(o);
  const version = haproxyVersion(o.haproxyBin);
  const runs: ProxyRun[] = [];
  const orphans: string[] = [];
  for (const e of o.experiments) for (const k of [1, o.attempts]) runs.push(await runOnce(o, e, k, orphans));
  return { haproxy: version, durationMs: o.durationMs, warmupMs: o.warmupMs, seed: o.seed, tolerance: o.tolerance, runs, orphansRemoved: orphans, agree: runs.every((r) => r.agree) };
}
