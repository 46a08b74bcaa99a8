import { findMachineShape, loadScenario, parseScenario, type LoadResult, type Problem, type Scenario } from '../scenario/index.js';
import type { PriceCatalog } from './catalog/catalog.js';
import { missingInstancePriceHint } from './catalog/nearest.js';
import { MissingPriceError } from './catalog/types.js';
import { nodePrice } from './model.js';
import { costSetup, CostSetupError } from './setup.js';

/**
 * What the cost layer adds to a scenario's own checks: every node pool has a price in the catalog
 * the scenario will be costed with (built-in, its catalog file, its overrides), and the pricing
 * section itself can be used. Reported at file:line:col by the scenario loader.
 */
export function pricingProblems(scenario: Scenario): Problem[] {
  let catalog;
  try {
    catalog = costSetup(scenario).catalog;
  } catch (err) {
    if (err instanceof CostSetupError) return [{ path: ['pricing'], message: err.message, expected: 'a usable pricing section and catalog file', hint: 'see docs/cost.md' }];
    throw err;
  }
  const problems: Problem[] = [];
  scenario.clusters.forEach((c, ci) => {
    c.nodePools.forEach((pool, pi) => {
      if (pool.priceUsdPerHour !== undefined || pool.instanceType === undefined) return;
      const type = findMachineShape(pool.instanceType);
      // Only cloud machine shapes are priced from a catalog; the loader already refused the rest.
      if (type === undefined || type.provider !== c.provider) return;
      if (catalog.find(`instance/${c.provider}/${type.name}`, c.region) !== undefined) return;
      // The catalog in use (built-in, file, overrides) says where the type is priced; a region the
      // scenario places itself is measured from its own location.
      const location = scenario.topology.regions.find((r) => r.name === c.region)?.location;
      problems.push({
        path: ['clusters', ci, 'nodePools', pi, 'instanceType'],
        message: `the catalog has no price for ${type.name} in ${c.region}`,
        expected: 'priceUsdPerHour on the pool, or a pricing.overrides entry',
        hint: missingInstancePriceHint(catalog.items(), c.provider, type.name, c.region, location),
      });
    });
  });
  return problems;
}

/** loadScenario with the pricing checks: what every command that costs a scenario should read. */
export function loadPricedScenario(path: string): LoadResult {
  return loadScenario(path, pricingProblems);
}

/** parseScenario with the pricing checks. */
export function parsePricedScenario(text: string, fileName: string): LoadResult {
  return parseScenario(text, fileName, pricingProblems);
}

/**
 * The catalog the scenario is costed with, or undefined when its pricing section cannot be used
 * (pricingProblems reports why, at file:line:col).
 */
export function catalogFor(scenario: Scenario): PriceCatalog | undefined {
  try {
    return costSetup(scenario).catalog;
  } catch (err) {
    if (err instanceof CostSetupError) return undefined;
    throw err;
  }
}

/** On-demand price per node-hour of every pool ("cluster/pool"), and its source; undefined where none. */
export function poolPrices(scenario: Scenario): Map<string, { readonly usdPerHour: number; readonly source: string } | undefined> {
  const out = new Map<string, { readonly usdPerHour: number; readonly source: string } | undefined>();
  const catalog = catalogFor(scenario);
  for (const c of scenario.clusters) {
    for (const p of c.nodePools) {
      let price: { usdPerHour: number; source: string } | undefined;
      if (p.priceUsdPerHour !== undefined) price = { usdPerHour: p.priceUsdPerHour, source: p.priceSource };
      else if (catalog !== undefined) {
        try {
          const found = nodePrice(c, p.name, catalog);
          price = { usdPerHour: found.usd, source: `${found.source}, ${found.asOf}` };
        } catch (err) {
          // No price in the catalog: shown as unknown; pricingProblems reports it as an error.
          if (!(err instanceof MissingPriceError)) throw err;
          price = undefined;
        }
      }
      out.set(`${c.name}/${p.name}`, price);
    }
  }
  return out;
}
