/**
 * Largest-remainder (Hamilton) apportionment: splits `total` into integers proportional to
 * non-negative integer weights, summing exactly to `total`. Each share is the floor of its quota plus
 * at most one; leftover units go to the largest remainders, ties to the smaller tie-break key
 * (callers pass cluster names). Integer arithmetic only, so the result is exact and deterministic.
 * All-zero weights are the caller's business (this throws).
 */
export function apportion(total: number, weights: ArrayLike<number>, tieKeys: readonly string[]): Int32Array {
  const n = weights.length;
  if (!(Number.isInteger(total) && total >= 0)) throw new RangeError(`apportion: total must be a non-negative integer, got ${total}`);
  if (tieKeys.length !== n) throw new RangeError('apportion: one tie key per weight');
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (!(Number.isInteger(w) && w >= 0)) throw new RangeError(`apportion: weights must be non-negative integers, got ${w}`);
    sum += w;
  }
  if (sum === 0) throw new RangeError('apportion: all weights are zero');
  if (!Number.isSafeInteger(total * sum)) throw new RangeError('apportion: total × weights too large for exact arithmetic');
  const shares = new Int32Array(n);
  const remainders = new Float64Array(n); // numerators over the common denominator `sum`: exact integers
  let given = 0;
  for (let i = 0; i < n; i++) {
    const num = total * weights[i];
    let q = Math.floor(num / sum);
    // The float quotient can round across an integer when num is near a multiple of sum: correct it.
    if (q * sum > num) q--;
    else if ((q + 1) * sum <= num) q++;
    shares[i] = q;
    remainders[i] = num - q * sum;
    given += q;
  }
  const left = total - given; // < n, since each floor loses less than one
  if (left > 0) {
    const order = Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => remainders[b] - remainders[a] || (tieKeys[a] < tieKeys[b] ? -1 : tieKeys[a] > tieKeys[b] ? 1 : a - b),
    );
    for (let k = 0; k < left; k++) shares[order[k]]++;
  }
  return shares;
}
