/**
 * Shared check of the price generators: within one family and region, every size must cost the same
 * per vCPU (AWS prices large : xlarge : 2xlarge … as 1 : 2 : 4 …, Azure's v5 and Fsv2 sizes likewise).
 * A size out of line means the source file was misread (a wrong column, a region mixed up), so the
 * generator stops rather than write it.
 */

/** Relative difference tolerated between a size's price and the one its family's largest size implies. */
export const PROPORTION_TOLERANCE = 0.002;
/** And absolute, one unit of the third decimal: Azure rounds prices to 3 decimals (0.127 for a D2s_v5 whose D16s_v5 implies 0.1265). */
export const ROUNDING_USD = 0.001;

/**
 * @param {readonly { name: string, family: string, vcpu: number, prices: Record<string, number> }[]} types
 * @returns {string[]} one message per size out of proportion (empty when all agree)
 */
export function outOfProportion(types) {
  // The reference of a family in a region is its largest size, whose rounding matters least.
  const largest = new Map();
  for (const t of types) {
    for (const [region, usd] of Object.entries(t.prices)) {
      const key = `${t.family}@${region}`;
      const seen = largest.get(key);
      if (seen === undefined || t.vcpu > seen.vcpu) largest.set(key, { perVcpu: usd / t.vcpu, vcpu: t.vcpu, name: t.name });
    }
  }
  const problems = [];
  for (const t of types) {
    for (const [region, usd] of Object.entries(t.prices)) {
      const ref = largest.get(`${t.family}@${region}`);
      const expected = ref.perVcpu * t.vcpu;
      if (Math.abs(usd - expected) > Math.max(PROPORTION_TOLERANCE * expected, ROUNDING_USD)) {
        problems.push(`${t.name} in ${region} is ${usd} per hour, not in proportion to ${ref.name} (${expected.toFixed(6)} expected for ${t.vcpu} vCPUs)`);
      }
    }
  }
  return problems;
}

/** Sorts regions by name so a regenerated file diffs by price. */
export function sortedPrices(prices) {
  return Object.fromEntries(Object.entries(prices).sort(([a], [b]) => a.localeCompare(b)));
}

/** The date (YYYY-MM-DD) of a Go pseudo-version (v0.0.0-20250528091325-32acf84f42eb), else undefined. */
export function pseudoVersionDate(version) {
  const m = /-(\d{4})(\d{2})(\d{2})\d{6}-[0-9a-f]{12}$/.exec(version);
  return m === null ? undefined : `${m[1]}-${m[2]}-${m[3]}`;
}
