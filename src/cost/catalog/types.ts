/**
 * A price catalog: versioned price items, each with its unit, source and as-of date.
 *
 * Items are addressed by a key such as `nat/aws/hour` or `instance/aws/m6i.xlarge`, with an
 * optional region: `nat/aws/hour@eu-west-1` applies in eu-west-1 only and wins over the
 * region-less key there. Keys are what error messages name and what overrides and catalog files set.
 */

export type CatalogProvider = 'aws' | 'gcp' | 'azure';
export const CATALOG_PROVIDERS: readonly CatalogProvider[] = ['aws', 'gcp', 'azure'];

/** What one unit of the price buys; the cost model checks it before multiplying. */
export type PriceUnit =
  | 'usd/cluster-hour'
  | 'usd/node-hour'
  | 'usd/hour'
  | 'usd/gb'
  /** A share of the on-demand price taken off (spot, commitments), in [0, 1). */
  | 'discount-ratio'
  /** A fixed monthly charge per thing: a health check, a hosted zone, a metric. */
  | 'usd/month'
  /** Per million requests or queries (DNS). */
  | 'usd/million';

/** Volume tiers per month: the first `upToGb` GB cost usdPerGb each, and so on; the last tier has upToGb null. */
export interface PriceTier {
  readonly upToGb: number | null;
  readonly usdPerGb: number;
}

export interface PriceItem {
  /** `<kind>/<provider>/<what>` with an optional `@<region>`. */
  readonly key: string;
  readonly unit: PriceUnit;
  /** Flat price per unit (or the discount ratio). For tiered items: the first tier's price. */
  readonly usd: number;
  /** Volume tiers (internet egress); undefined = flat. */
  readonly tiers?: readonly PriceTier[];
  /** GB per month that are free before any tier applies (per provider account). */
  readonly freeGbPerMonth?: number;
  readonly source: string;
  /** "2026-01", "2024–2026". */
  readonly asOf: string;
  /** Caveats a buyer should read (approximations, "up to" figures). */
  readonly note?: string;
  /**
   * Set when no source gives this price for its region and another figure stands in: says which
   * and why ("no sourced transfer price for X; using Y"). A bill that uses the item repeats it in
   * its notes.
   */
  readonly unsourced?: string;
}

/** How every `unsourced` text starts ("no sourced transfer price for X; using Y"), so a face can pick those notes out of a bill's. */
export const UNSOURCED_PRICE_PREFIX = 'no sourced ';

/** Machine shape of an instance type (prices are separate items: `instance/<provider>/<name>@<region>`). */
export interface InstanceShape {
  readonly provider: CatalogProvider;
  readonly name: string;
  readonly vcpu: number;
  readonly memoryGiB: number;
}

export interface PriceCatalogData {
  /** Identifies the data set, e.g. "fleetsim-builtin/2026-05"; shown next to every cost. */
  readonly version: string;
  readonly items: readonly PriceItem[];
  readonly instanceShapes: readonly InstanceShape[];
}

/** Raised when a cost needs a price the catalog lacks; the message says how to supply it. */
export class MissingPriceError extends Error {
  override readonly name = 'MissingPriceError';
  constructor(
    readonly key: string,
    readonly region: string | undefined,
    readonly neededFor: string,
    /** Where the price does exist and how to fetch it (nearest.ts), for instance prices. */
    readonly suggestion?: string,
  ) {
    super(
      `no price for "${key}"${region !== undefined ? ` in region ${region}` : ''} (needed for ${neededFor}). ` +
        `Supply it in a price catalog file (pricing.catalog) as an item { key: ${region !== undefined ? `"${key}@${region}"` : `"${key}"`}, usd: …, unit: …, source: …, asOf: … }` +
        (key.startsWith('instance/') ? ', or give priceUsdPerHour on the node pool, or a pricing.overrides entry' : '') +
        '. See docs/cost.md.' +
        (suggestion !== undefined ? ` ${suggestion}` : ''),
    );
  }
}
