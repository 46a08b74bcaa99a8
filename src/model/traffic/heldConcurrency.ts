import type { FleetNetwork } from './network.js';
import type { PoolState } from './pool.js';
import type { CallRoutes } from './routing.js';
import type { ServiceModel } from './serviceModel.js';

/**
 * Held concurrency: a synchronous handler keeps its slot (a thread, a worker, one unit of
 * concurrencyPerPod) while it waits on its downstream calls, so a pool's slots are held for
 *   H = own mean service time + added latency (an impairment's)
 *       + Σ over sequential calls of callsPerRequest × m(call)
 *       + E[max] over the parallel calls (one step: they start together and the slowest ends it),
 *   m(call) = Σ over the route's clusters of weight × (RTT to the callee's cluster + the callee's mean wait + the callee's H),
 * async calls taking no time (the caller does not wait), and by Little's law its busy slots are
 * (admitted rate) × H: slow or remote dependencies take capacity. H of a pool needs its callees' H and waits, so it is computed callees first over the
 * pools of the last pass; the load flow repeats its pass with the new H until they settle.
 *
 * Approximations: a failed call is taken to last as long as a successful one (failures here are
 * mostly fast: dead endpoints, shedding, so this overstates H a little while they happen); the
 * waiting time of the pool keeps the service time's squared coefficient of variation; a parallel
 * call's time is taken as exponential with its mean m (expectedMaxS): only means are known here,
 * and the exponential is the maximum-entropy law for a positive time of known mean. It overstates
 * the spread of a call dominated by its RTT (a constant), so E[max] lies between max(m) (the
 * constant-time bound, never above the truth) and the exponential value; docs/traffic/call-shapes.md.
 */

/** At most this many passes of the load flow (the call graph's depth plus one settles it without shedding). */
export const MAX_HOLDING_PASSES = 12;

/** Relative change below which a holding time has settled. */
const SETTLED = 1e-12;

/** Scratch for one pool's parallel calls (a service has at most LIMITS.callsPerService calls; grown on demand). */
let parallelMeansS = new Float64Array(16);
let parallelCounts = new Float64Array(16);

/** Mean wait for a server at a pool: P(wait) × mean conditional wait. */
export function meanWaitS(pool: PoolState): number {
  return pool.pWait > 0 && Number.isFinite(pool.waitRatePerS) ? pool.pWait / pool.waitRatePerS : 0;
}

/**
 * Set `holdingS` (per group) of the clusters' pools, callees first, from the pools' current waits.
 * Returns whether any holding time moved.
 */
export function holdingTimes(services: ServiceModel, network: FleetNetwork, routes: CallRoutes, pools: readonly PoolState[], clusters: ArrayLike<number>, holdingS: Float64Array): boolean {
  const clusterCount = network.clusterCount;
  const order = services.callersFirst;
  let moved = false;
  let widest = 0;
  for (const calls of services.calls) widest = Math.max(widest, calls.length);
  if (widest > parallelMeansS.length) {
    parallelMeansS = new Float64Array(widest);
    parallelCounts = new Float64Array(widest);
  }
  for (let ti = order.length - 1; ti >= 0; ti--) {
    const s = order[ti];
    const calls = services.calls[s];
    for (let k = 0; k < clusters.length; k++) {
      const c = clusters[k];
      const group = s * clusterCount + c;
      let h = services.meanServiceS[s] + pools[group].extraLatencyS;
      let parallel = 0;
      for (let j = 0; j < calls.length; j++) {
        const call = calls[j];
        if (call.mode === 'async') continue; // not waited for
        const route = routes.routeOf(call.service, c);
        let perCallS = 0;
        for (let i = 0; i < route.clusters.length; i++) {
          const to = route.clusters[i];
          const callee = call.service * clusterCount + to;
          const pool = pools[callee];
          perCallS += route.weights[i] * (network.rttMs(c, to) / 1000 + meanWaitS(pool) + holdingS[callee]);
        }
        if (call.mode === 'parallel') {
          parallelMeansS[parallel] = perCallS;
          parallelCounts[parallel++] = call.callsPerRequest;
        } else h += call.callsPerRequest * perCallS;
      }
      // After the sequential calls, one step as long as the slowest parallel call.
      if (parallel > 0) h += expectedMaxS(parallelMeansS, parallelCounts, parallel);
      if (Math.abs(h - holdingS[group]) > SETTLED * h) moved = true;
      holdingS[group] = h;
    }
  }
  return moved;
}

/** Terms of the exact expansion above which expectedMaxS integrates numerically instead (cancellation grows with the terms). */
const MAX_EXACT_TERMS = 4096;

/**
 * E[max] of the times of a parallel step: kind j makes N_j calls, each lasting an independent
 * exponential time of mean meansS[j]; N_j = ⌊n_j⌋, or ⌊n_j⌋ + 1 with probability n_j − ⌊n_j⌋
 * (n_j = counts[j], fractional fan-outs as everywhere in the call graph). With x_j = e^(−t/m_j),
 * P(max ≤ t) = Π_j G_j(t), G_j = (1 − x_j)^⌊n_j⌋ (1 − f_j x_j), and E[max] = ∫₀^∞ (1 − Π_j G_j) dt.
 * Expanding each G_j in powers of x_j, Π_j G_j = Σ_i c_i e^(−t Σ_j i_j/m_j) with c_0 = 1, so
 *   E[max] = −Σ_{i ≠ 0} c_i / (Σ_j i_j / m_j)   (inclusion–exclusion),
 * exact; one kind reduces to m (H_⌊n⌋ + f/(⌊n⌋+1)) with H the harmonic numbers. Large fan-outs
 * over several kinds make the alternating sum cancel badly, so past MAX_EXACT_TERMS the integral is
 * taken numerically (Simpson, relative error < 1e-6).
 */
export function expectedMaxS(meansS: ArrayLike<number>, counts: ArrayLike<number>, kinds = meansS.length): number {
  // Calls that take no time, or are never made, do not lengthen the step.
  let used = 0;
  let terms = 1;
  let only = -1;
  for (let j = 0; j < kinds; j++) {
    if (!(meansS[j] > 0) || !(counts[j] > 0)) continue;
    used++;
    only = j;
    terms *= Math.floor(counts[j]) + 2;
  }
  if (used === 0) return 0;
  if (used === 1) {
    const whole = Math.floor(counts[only]);
    return meansS[only] * (harmonic(whole) + (counts[only] - whole) / (whole + 1));
  }
  return terms <= MAX_EXACT_TERMS ? expandedMaxS(meansS, counts, kinds) : integratedMaxS(meansS, counts, kinds);
}

function harmonic(n: number): number {
  let h = 0;
  for (let k = n; k >= 1; k--) h += 1 / k;
  return h;
}

/** Coefficients of G(x) = (1 − x)^w (1 − f x) in powers of x (degree w + 1). */
function maxCdfCoefficients(count: number): Float64Array {
  const w = Math.floor(count);
  const f = count - w;
  const c = new Float64Array(w + 2);
  let binomial = 1;
  for (let i = 0; i <= w; i++) {
    c[i] += (i % 2 === 0 ? 1 : -1) * binomial;
    c[i + 1] -= f * (i % 2 === 0 ? 1 : -1) * binomial;
    binomial = (binomial * (w - i)) / (i + 1);
  }
  return c;
}

function expandedMaxS(meansS: ArrayLike<number>, counts: ArrayLike<number>, kinds: number): number {
  const coefficients: Float64Array[] = [];
  const rates: number[] = [];
  for (let j = 0; j < kinds; j++) {
    if (!(meansS[j] > 0) || !(counts[j] > 0)) continue;
    coefficients.push(maxCdfCoefficients(counts[j]));
    rates.push(1 / meansS[j]);
  }
  // Walk every index tuple (i_1, …, i_k) as an odometer, skipping the all-zero one.
  const k = coefficients.length;
  const index = new Int32Array(k);
  let sum = 0;
  for (;;) {
    let d = 0;
    while (d < k && ++index[d] === coefficients[d].length) index[d++] = 0;
    if (d === k) break;
    let coefficient = 1;
    let rate = 0;
    for (let j = 0; j < k; j++) {
      coefficient *= coefficients[j][index[j]];
      rate += index[j] * rates[j];
    }
    sum -= coefficient / rate;
  }
  return sum;
}

function integratedMaxS(meansS: ArrayLike<number>, counts: ArrayLike<number>, kinds: number): number {
  const survival = (t: number): number => {
    let p = 1;
    for (let j = 0; j < kinds; j++) {
      if (!(meansS[j] > 0) || !(counts[j] > 0)) continue;
      const x = Math.exp(-t / meansS[j]);
      const w = Math.floor(counts[j]);
      p *= Math.pow(1 - x, w) * (1 - (counts[j] - w) * x);
    }
    return 1 - p;
  };
  // Beyond endS the survival is below 1e-12 of the step (a union bound over the calls).
  let endS = 0;
  for (let j = 0; j < kinds; j++) if (meansS[j] > 0 && counts[j] > 0) endS = Math.max(endS, meansS[j] * Math.log(Math.ceil(counts[j]) * 1e12));
  const intervals = 4096;
  const h = endS / intervals;
  let sum = survival(0) + survival(endS);
  for (let i = 1; i < intervals; i++) sum += (i % 2 === 1 ? 4 : 2) * survival(i * h);
  return (sum * h) / 3;
}
