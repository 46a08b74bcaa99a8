import { keepAzureSku } from './families.js';
import { PriceListError, type FetchedPrice } from './types.js';

/**
 * The Azure Retail Prices API (no credentials): GET …/api/retail/prices?$filter=… returns
 * { Items: [...], NextPageLink } pages of at most 1,000 items; NextPageLink is null on the last.
 */
export const AZURE_PRICES_BASE = 'https://prices.azure.com/api/retail/prices';
export const AZURE_API_VERSION = '2023-01-01-preview';

/** The first page's URL for one region's Linux and Windows VM consumption prices. */
export function azureFirstPageUrl(base: string, region: string): string {
  const filter = `serviceName eq 'Virtual Machines' and priceType eq 'Consumption' and armRegionName eq '${region.replace(/'/g, "''")}'`;
  return `${base}?api-version=${AZURE_API_VERSION}&$filter=${encodeURIComponent(filter)}`;
}

/**
 * NextPageLink on the configured host: the API names its own host, and a mirror or a recorded
 * test server answers the same paths (FLEETSIM_AZURE_PRICES_URL).
 */
export function azureNextPageUrl(base: string, next: string): string {
  const b = new URL(base);
  const n = new URL(next);
  return `${b.origin}${b.pathname}${n.search}`;
}

interface AzureItem {
  readonly currencyCode?: unknown;
  readonly retailPrice?: unknown;
  readonly armRegionName?: unknown;
  readonly armSkuName?: unknown;
  readonly skuName?: unknown;
  readonly productName?: unknown;
  readonly serviceName?: unknown;
  readonly type?: unknown;
  readonly unitOfMeasure?: unknown;
  readonly effectiveStartDate?: unknown;
}

/**
 * One page: the Linux, pay-as-you-go, non-spot prices per hour of the families in families.ts, and
 * the next page's link. Windows is a separate product ("… Series Windows"); Spot and Low Priority
 * are separate SKUs of the same product.
 */
export function parseAzurePage(json: unknown, url: string): { prices: FetchedPrice[]; next: string | undefined } {
  const page = json as { Items?: unknown; NextPageLink?: unknown } | null;
  if (page === null || typeof page !== 'object' || !Array.isArray(page.Items)) throw new PriceListError(`${url}: not an Azure Retail Prices page (no "Items" array)`);
  if (page.NextPageLink !== undefined && page.NextPageLink !== null && typeof page.NextPageLink !== 'string') throw new PriceListError(`${url}: NextPageLink is not a string`);
  const prices: FetchedPrice[] = [];
  for (const it of page.Items as AzureItem[]) {
    if (it?.serviceName !== 'Virtual Machines' || it.type !== 'Consumption' || it.unitOfMeasure !== '1 Hour' || it.currencyCode !== 'USD') continue;
    if (typeof it.armSkuName !== 'string' || !keepAzureSku(it.armSkuName)) continue;
    if (typeof it.productName !== 'string' || /Windows/i.test(it.productName)) continue;
    if (typeof it.skuName !== 'string' || /Spot|Low Priority/i.test(it.skuName)) continue;
    if (typeof it.retailPrice !== 'number' || !(it.retailPrice > 0) || typeof it.armRegionName !== 'string') continue;
    prices.push({
      provider: 'azure',
      type: it.armSkuName,
      region: it.armRegionName,
      usdPerHour: it.retailPrice,
      source: `Azure Retail Prices API (${it.productName}, ${it.skuName}): pay-as-you-go Linux`,
      asOf: typeof it.effectiveStartDate === 'string' ? it.effectiveStartDate.slice(0, 10) : '',
    });
  }
  return { prices, next: typeof page.NextPageLink === 'string' && page.NextPageLink !== '' ? page.NextPageLink : undefined };
}
