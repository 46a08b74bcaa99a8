import type { FetchedPrice } from './types.js';

/**
 * The catalog file `fleetsim prices update` writes: the format of docs/cost.md ("Catalog files"),
 * in JSON (which the YAML loader reads as is), extending the built-in catalog, so a scenario uses it
 * with `pricing.catalog: prices.json` or `--catalog prices.json`.
 */
export function catalogFileText(prices: readonly FetchedPrice[], version: string): string {
  const sorted = [...prices].sort((a, b) => a.provider.localeCompare(b.provider) || a.type.localeCompare(b.type) || a.region.localeCompare(b.region));
  const shapes = new Map<string, { provider: string; name: string; vcpu: number; memoryGiB: number }>();
  for (const p of sorted) {
    if (p.vcpu !== undefined && p.memoryGiB !== undefined) shapes.set(`${p.provider}/${p.type}`, { provider: p.provider, name: p.type, vcpu: p.vcpu, memoryGiB: p.memoryGiB });
  }
  const file = {
    apiVersion: 'fleetsim/prices/v1',
    version,
    extends: 'builtin',
    items: sorted.map((p) => ({ key: `instance/${p.provider}/${p.type}@${p.region}`, unit: 'usd/node-hour', usd: p.usdPerHour, source: p.source, asOf: p.asOf === '' ? 'unknown' : p.asOf })),
    instanceShapes: [...shapes.values()],
  };
  return JSON.stringify(file, null, 1) + '\n';
}
