import { PriceCatalog } from '../../cost/catalog/catalog.js';
import { formatCatalogErrors, loadCatalog } from '../../cost/catalog/load.js';
import type { PriceItem } from '../../cost/catalog/types.js';
import { didYouMean } from '../../scenario/hints.js';
import { KNOWN_REGIONS, knownRegion } from '../../scenario/regions.js';
import { table } from '../../report/terminalTable.js';
import { UserError } from '../exitCodes.js';
import { requireFormat, structuredText } from '../structuredOutput.js';

export interface PricesShowOpts {
  output: string;
  provider?: string;
  kind?: string;
  catalog?: string;
}

const KINDS = ['controlPlane', 'instance', 'discount', 'loadBalancer', 'nat', 'transfer', 'logs', 'healthCheck', 'dns', 'monitoring'] as const;

/**
 * `fleetsim prices show [REGION]`: the catalog's items, each with its source, date and notes. With a
 * region: the price fleetsim bills there for every key (the `@region` item, else the region-less
 * one), stand-ins (no source for the region's price) marked and explained below the table.
 */
export function pricesShowAction(region: string | undefined, opts: PricesShowOpts): void {
  const output = requireFormat(opts.output, ['table', 'json', 'yaml'] as const);
  if (opts.kind !== undefined && !(KINDS as readonly string[]).includes(opts.kind)) throw new UserError(`--kind must be one of ${KINDS.join(', ')}, got "${opts.kind}"`);
  let catalog = PriceCatalog.builtin();
  if (opts.catalog !== undefined) {
    const loaded = loadCatalog(opts.catalog);
    if (!loaded.ok) throw new UserError(formatCatalogErrors(loaded.errors));
    catalog = loaded.catalog;
  }
  let provider = opts.provider;
  if (region !== undefined) {
    const known = knownRegion(region);
    if (known === undefined && provider === undefined) {
      const hint = didYouMean(region, KNOWN_REGIONS.map((r) => r.name));
      throw new UserError(`"${region}" is not a region fleetsim knows${hint ? `: ${hint}` : ''}; give --provider to look it up anyway`);
    }
    provider ??= known!.provider;
  }
  const wanted = (key: string) => {
    const [kind, p] = key.split('/');
    return (provider === undefined || p === provider) && (opts.kind === undefined || kind === opts.kind);
  };
  const items = region === undefined ? catalog.items().filter((i) => wanted(i.key)) : inRegion(catalog, region, wanted);
  if (output !== 'table') {
    process.stdout.write(structuredText({ catalog: catalog.version, region: region ?? null, items }, output));
    return;
  }
  const rows = items.map((i) => [i.key, priceText(i), i.unit, i.asOf, i.unsourced !== undefined ? 'stand-in' : '', i.source]);
  const standIns = [...new Set(items.flatMap((i) => (i.unsourced !== undefined ? [i.unsourced] : [])))];
  process.stdout.write(
    [
      `catalog ${catalog.version}${region !== undefined ? `, prices billed in ${region}` : ''}: ${items.length} item${items.length === 1 ? '' : 's'}`,
      table(['key', 'usd', 'unit', 'as of', '', 'source'], rows),
      ...(standIns.length > 0 ? ['', 'Stand-in prices (no source gives the region’s own; replace them in a catalog file when you have one):', ...standIns.map((n) => `  - ${n}`)] : []),
      '',
    ].join('\n'),
  );
}

/** For every key of the catalog, the item a bill in `region` uses: `key@region`, else `key`. */
function inRegion(catalog: PriceCatalog, region: string, wanted: (key: string) => boolean): PriceItem[] {
  const bases = [...new Set(catalog.items().map((i) => i.key.split('@')[0]))].filter(wanted);
  return bases.flatMap((k) => {
    const item = catalog.find(k, region);
    // An instance key with prices in other regions only is not a price here.
    if (item === undefined || (k.startsWith('instance/') && item.key !== `${k}@${region}`)) return [];
    return [item];
  });
}

/** "0.154 → 0.112 (4 tiers, 100 GB free)" for a tiered item, else the flat figure. */
function priceText(i: PriceItem): string {
  const free = i.freeGbPerMonth !== undefined ? `, ${i.freeGbPerMonth} GB free` : '';
  if (i.tiers !== undefined && i.tiers.length > 1) return `${i.tiers.map((t) => t.usdPerGb).join(' → ')} (${i.tiers.length} tiers${free})`;
  return `${i.usd}${free ? ` (${free.slice(2)})` : ''}`;
}
