import type { PriceItem } from './catalog/types.js';

/** USD for `gb` in one month under an item's free allowance and volume tiers (flat `usd` without tiers). */
export function tieredUsd(item: PriceItem, gb: number): number {
  if (!(gb >= 0)) throw new RangeError(`volume must be a non-negative number of GB, got ${gb}`);
  const billable = Math.max(0, gb - (item.freeGbPerMonth ?? 0));
  if (item.tiers === undefined) return billable * item.usd;
  let usd = 0;
  let from = 0;
  for (const t of item.tiers) {
    const to = t.upToGb ?? Number.POSITIVE_INFINITY;
    if (billable <= from) break;
    usd += (Math.min(billable, to) - from) * t.usdPerGb;
    from = to;
  }
  return usd;
}
