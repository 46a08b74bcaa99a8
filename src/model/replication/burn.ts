import { BURN_BUCKET_S } from '../traffic/trafficTrace.js';
import type { BurnSeries } from './replicationTypes.js';

/** Steps a burn series may use, each a multiple of the ledger's bucket; the finest that fits BURN_POINTS wins. */
const BURN_STEPS_S = [600, 3600, 6 * 3600, 86_400, 7 * 86_400, 30 * 86_400];
/** At most this many points per series (a year: one a day). */
export const BURN_POINTS = 400;

/** The step a burn series over [warmupS, horizonS) uses. */
export function burnStepS(warmupS: number, horizonS: number): number {
  for (const s of BURN_STEPS_S) if (Math.ceil(horizonS / s) - Math.floor(warmupS / s) <= BURN_POINTS) return s;
  return BURN_STEPS_S[BURN_STEPS_S.length - 1];
}

/**
 * The ledger's failures per bucket (from t = 0; zero before warm-up, which reset them) summed into
 * steps of burnStepS. Each bucket lies in one step: steps are whole multiples of the bucket.
 */
export function burnSeries(failedPerBucket: Float64Array, warmupS: number, horizonS: number): BurnSeries {
  const stepS = burnStepS(warmupS, horizonS);
  const per = stepS / BURN_BUCKET_S;
  const first = Math.floor(warmupS / stepS);
  const end = Math.max(first + 1, Math.ceil(horizonS / stepS));
  const failed = new Array<number>(end - first).fill(0);
  for (let b = 0; b < failedPerBucket.length; b++) {
    const k = Math.floor(b / per) - first;
    if (k >= 0 && k < failed.length) failed[k] += failedPerBucket[b];
  }
  const endS = failed.map((_, i) => Math.min(horizonS, (first + i + 1) * stepS));
  return { stepS, endS, failed };
}
