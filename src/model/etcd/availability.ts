import { quorumSize } from './config.js';

/**
 * Long-run probability that at least a quorum of n independent members is up, each up with
 * probability pUp (= MTBF / (MTBF + MTTR) for alternating up/down periods): the k-of-n formula
 * Σ_{k=q}^{n} C(n,k) p^k (1−p)^(n−k), q = floor(n/2)+1.
 */
export function quorumAvailability(members: number, pUp: number): number {
  if (!Number.isInteger(members) || members < 1) throw new RangeError(`members must be a positive integer, got ${members}`);
  if (!(pUp >= 0 && pUp <= 1)) throw new RangeError(`pUp must be in [0, 1], got ${pUp}`);
  const q = quorumSize(members);
  let sum = 0;
  let binom = 1; // C(n, k), built up from k = 0
  for (let k = 0; k <= members; k++) {
    if (k > 0) binom = (binom * (members - k + 1)) / k;
    if (k >= q) sum += binom * pUp ** k * (1 - pUp) ** (members - k);
  }
  return sum;
}

/** Steady-state fraction of time a component with the given mean up and down times is up. */
export function steadyStateUp(mtbfS: number, mttrS: number): number {
  if (!(mtbfS > 0) || !(mttrS >= 0)) throw new RangeError(`need MTBF > 0 and MTTR >= 0, got ${mtbfS} and ${mttrS}`);
  return mtbfS / (mtbfS + mttrS);
}
