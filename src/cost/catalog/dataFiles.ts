import gcp from './data/gcp.json' with { type: 'json' };
import type { CatalogProvider } from './types.js';

/**
 * The generated price files under data/: one per provider, each written by a script under
 * scripts/prices/ from a public copy of the provider's own price list, never by hand. Each file
 * names its source and date once, for every price in it (docs/cost.md, "Built-in prices").
 */
export interface PriceDataFile {
  readonly provider: CatalogProvider;
  readonly source: string;
  /** Date the prices were read from the provider (YYYY-MM-DD). */
  readonly asOf: string;
  readonly generatedBy: string;
  readonly types: readonly { readonly name: string; readonly vcpu: number; readonly memoryGiB: number; readonly prices: Readonly<Record<string, number>> }[];
}

/**
 * data/aws.json (m6i, c6i in 20–22 regions) is generated and checked but not listed yet: it prices
 * c6i.2xlarge in eu-west-1, which test/cost/pricedScenario.test.ts uses as its unpriced example, so
 * it goes in together with that test's change (docs/cost.md, "Built-in instance prices").
 */
export const PRICE_DATA_FILES: readonly PriceDataFile[] = [gcp as PriceDataFile];
