/** Nines of an availability: 0.999 → 3, 0.9995 → 3.3. Infinity for 1 (no failure seen). */
export function nines(availability: number): number {
  if (!(availability >= 0 && availability <= 1)) throw new RangeError(`availability must be in [0, 1], got ${availability}`);
  return -Math.log10(1 - availability);
}

/**
 * USD per month paid for each extra nine going from design A to design B:
 * (cost_B − cost_A) / (nines_B − nines_A). null when the nines are equal or either is infinite
 * (no failure observed: the price of a nine cannot be told).
 */
export function pricePerNine(a: { monthlyUsd: number; availability: number }, b: { monthlyUsd: number; availability: number }): number | null {
  const dn = nines(b.availability) - nines(a.availability);
  if (!Number.isFinite(dn) || dn === 0) return null;
  return (b.monthlyUsd - a.monthlyUsd) / dn;
}
