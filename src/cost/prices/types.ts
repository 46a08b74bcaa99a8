import type { CatalogProvider } from '../catalog/types.js';

/** One on-demand Linux price per hour read from a provider's price list. */
export interface FetchedPrice {
  readonly provider: CatalogProvider;
  readonly type: string;
  readonly region: string;
  readonly usdPerHour: number;
  /** Where it came from, as the catalog item's source says it. */
  readonly source: string;
  /** The price list's own date (publication or effective date), YYYY-MM-DD. */
  readonly asOf: string;
  /** Machine shape when the price list gives it (AWS, GCP). */
  readonly vcpu?: number;
  readonly memoryGiB?: number;
}

/** A price list that cannot be read: the message names the URL or file and what was wrong. */
export class PriceListError extends Error {
  override readonly name = 'PriceListError';
  constructor(
    message: string,
    /** The user's to fix (a region the price list does not have, an option it cannot serve), not the price list's. */
    readonly byUser = false,
  ) {
    super(message);
  }
}
