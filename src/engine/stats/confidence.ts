import jstatPkg from 'jstat';

const { jStat } = jstatPkg;

/** A mean with a symmetric confidence interval. */
export interface ConfidenceInterval {
  n: number;
  mean: number;
  /** Half the interval's width; NaN with fewer than two observations. */
  halfWidth: number;
  lower: number;
  upper: number;
  level: number;
}

/** Two-sided Student-t critical value: P(|T| <= t) = level with `dof` degrees of freedom. */
export function tCritical(dof: number, level = 0.95): number {
  if (!(dof >= 1)) throw new RangeError(`degrees of freedom must be >= 1, got ${dof}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  return jStat.studentt.inv(1 - (1 - level) / 2, dof);
}

/**
 * Student-t confidence interval for the mean of independent replications (each value is one
 * replication's result, so the t assumption is about replication means, which the CLT makes near normal).
 */
export function meanConfidence(values: readonly number[], level = 0.95): ConfidenceInterval {
  const n = values.length;
  if (n === 0) return { n: 0, mean: Number.NaN, halfWidth: Number.NaN, lower: Number.NaN, upper: Number.NaN, level };
  let mean = 0;
  for (let i = 0; i < n; i++) mean += (values[i] - mean) / (i + 1);
  if (n < 2) return { n, mean, halfWidth: Number.NaN, lower: Number.NaN, upper: Number.NaN, level };
  let ss = 0;
  for (const x of values) ss += (x - mean) * (x - mean);
  const sd = Math.sqrt(ss / (n - 1));
  const halfWidth = (tCritical(n - 1, level) * sd) / Math.sqrt(n);
  return { n, mean, halfWidth, lower: mean - halfWidth, upper: mean + halfWidth, level };
}

/**
 * Confidence interval for mean(a − b) where a[i] and b[i] come from the same replication (same
 * random numbers). Pairing removes the shared noise, which is why common random numbers tighten it.
 */
export function pairedDifference(a: readonly number[], b: readonly number[], level = 0.95): ConfidenceInterval {
  if (a.length !== b.length) throw new RangeError(`paired samples differ in length: ${a.length} vs ${b.length}`);
  return meanConfidence(
    a.map((x, i) => x - b[i]),
    level,
  );
}
