import { dirname, isAbsolute, resolve } from 'node:path';
import type { Scenario } from '../scenario/types.js';
import { PriceCatalog } from './catalog/catalog.js';
import { formatCatalogErrors, loadCatalog } from './catalog/load.js';
import type { PriceItem } from './catalog/types.js';
import { costUsageSchema, priceOverridesSchema, resolveUsage, type CostUsage } from './usage.js';

/** The prices and usage assumptions a scenario is costed with. */
export interface CostSetup {
  readonly catalog: PriceCatalog;
  readonly usage: CostUsage;
}

/** A catalog file or pricing section that cannot be used; the message names file, line and fix. */
export class CostSetupError extends Error {
  override readonly name = 'CostSetupError';
}

/**
 * Built-in catalog, then the scenario's catalog file (pricing.catalog, relative to the scenario),
 * then its overrides: pricing.overrides (instance prices) and pricing.prices (any key). Usage from
 * pricing.usage. `catalogPath` (a CLI flag) replaces pricing.catalog.
 */
export function costSetup(scenario: Scenario, catalogPath?: string): CostSetup {
  const pricing = scenario.pricing as (Scenario['pricing'] & { readonly usage?: unknown; readonly prices?: unknown }) | undefined;
  let catalog = PriceCatalog.builtin();
  const file = catalogPath ?? (pricing?.catalog !== undefined ? (isAbsolute(pricing.catalog) ? pricing.catalog : resolve(dirname(scenario.sourceFile), pricing.catalog)) : undefined);
  if (file !== undefined) {
    const loaded = loadCatalog(file);
    if (!loaded.ok) throw new CostSetupError(formatCatalogErrors(loaded.errors));
    catalog = loaded.catalog;
  }
  const items: PriceItem[] = [];
  for (const o of pricing?.overrides ?? []) {
    for (const provider of ['aws', 'gcp', 'azure']) {
      items.push({ key: `instance/${provider}/${o.instanceType}${o.region !== undefined ? `@${o.region}` : ''}`, unit: 'usd/node-hour', usd: o.priceUsdPerHour, source: 'scenario pricing.overrides', asOf: 'scenario' });
    }
  }
  if (pricing?.prices !== undefined) {
    const parsed = priceOverridesSchema.safeParse(pricing.prices);
    if (!parsed.success) throw new CostSetupError(`${scenario.sourceFile}: pricing.prices: ${parsed.error.issues.map((i) => `[${i.path.join('.')}] ${i.message}`).join('; ')}`);
    for (const o of parsed.data) {
      const base = catalog.find(o.key.split('@')[0], o.key.split('@')[1]);
      if (base === undefined) throw new CostSetupError(`${scenario.sourceFile}: pricing.prices: "${o.key}" is not a catalog item; a new item needs a catalog file with its unit (see docs/cost.md)`);
      // A flat override replaces the item's volume tiers too (else the tiers would still price it).
      items.push({ ...base, key: o.key, usd: o.usd, tiers: undefined, source: o.source ?? 'scenario pricing.prices', asOf: 'scenario' });
    }
  }
  if (items.length > 0) catalog = catalog.overlay({ version: 'scenario overrides', items, instanceShapes: [] });
  let usage = resolveUsage(undefined);
  if (pricing?.usage !== undefined) {
    const parsed = costUsageSchema.safeParse(pricing.usage);
    if (!parsed.success) throw new CostSetupError(`${scenario.sourceFile}: pricing.usage: ${parsed.error.issues.map((i) => `[${i.path.join('.')}] ${i.message}`).join('; ')}`);
    usage = resolveUsage(parsed.data);
  }
  for (const k of usage.commitments) {
    const c = scenario.clusters.find((x) => x.name === k.cluster);
    if (c === undefined || !c.nodePools.some((p) => p.name === k.pool)) throw new CostSetupError(`${scenario.sourceFile}: pricing.usage.commitments: no node pool ${k.cluster}/${k.pool}`);
  }
  return { catalog, usage };
}
