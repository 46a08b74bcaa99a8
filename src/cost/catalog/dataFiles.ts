import aws from './data/aws.json' with { type: 'json' };
import azureNewer from './data/azure-newer-regions.json' with { type: 'json' };
import azure from './data/azure.json' with { type: 'json' };
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
  /** A second source's prices for regions another file prices too, kept for tests to compare (not used for pricing). */
  readonly crossCheck?: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/**
 * In order of precedence: where two files price one type in one region, the first wins (instances.ts).
 * azure-newer-regions.json only adds regions azure.json lacks (Azure regions opened after 2025-05).
 */
export const PRICE_DATA_FILES: readonly PriceDataFile[] = [aws as PriceDataFile, gcp as PriceDataFile, azure as PriceDataFile, azureNewer as PriceDataFile];
