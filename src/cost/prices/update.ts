import { readFileSync } from 'node:fs';
import { KNOWN_REGIONS } from '../../scenario/regions.js';
import { PriceCatalog } from '../catalog/catalog.js';
import type { CatalogProvider } from '../catalog/types.js';
import { AWS_PRICING_BASE, AWS_REGION_INDEX_PATH, AwsOfferCsvReader, parseAwsRegionIndex } from './aws.js';
import { AZURE_PRICES_BASE, azureFirstPageUrl, azureNextPageUrl, parseAzurePage } from './azure.js';
import { parseGcpSkus } from './gcp.js';
import { getJson, getLines } from './http.js';
import { PriceListError, type FetchedPrice } from './types.js';

export interface PriceUpdateOptions {
  readonly providers: readonly CatalogProvider[];
  /** Region names; undefined = the regions the scenario side knows for each provider; ['all'] = every region the price list has. */
  readonly regions: readonly string[] | undefined;
  /** A saved Cloud Billing Catalog SKU response, for GCP. */
  readonly gcpSkusFile: string | undefined;
  /** Hosts, overridable for mirrors and recorded tests (FLEETSIM_AWS_PRICING_URL, FLEETSIM_AZURE_PRICES_URL). */
  readonly awsBase: string;
  readonly azureBase: string;
  /** Progress lines (stderr). */
  readonly log: (line: string) => void;
}

export function defaultBases(env: NodeJS.ProcessEnv): { awsBase: string; azureBase: string } {
  return { awsBase: (env.FLEETSIM_AWS_PRICING_URL ?? AWS_PRICING_BASE).replace(/\/$/, ''), azureBase: env.FLEETSIM_AZURE_PRICES_URL ?? AZURE_PRICES_BASE };
}

function regionsFor(provider: CatalogProvider, regions: readonly string[] | undefined): readonly string[] | 'all' {
  if (regions === undefined) return KNOWN_REGIONS.filter((r) => r.provider === provider).map((r) => r.name);
  return regions.includes('all') ? 'all' : regions;
}

async function awsPrices(o: PriceUpdateOptions): Promise<FetchedPrice[]> {
  const indexUrl = `${o.awsBase}${AWS_REGION_INDEX_PATH}`;
  const offers = parseAwsRegionIndex(await getJson(indexUrl), indexUrl);
  const wanted = regionsFor('aws', o.regions);
  const picked = wanted === 'all' ? offers : wanted.map((r) => offers.find((x) => x.region === r) ?? r);
  const unknown = picked.filter((p): p is string => typeof p === 'string');
  if (unknown.length > 0) throw new PriceListError(`the AWS region index (${indexUrl}) has no region ${unknown.join(', ')}; its regions: ${offers.map((x) => x.region).join(', ')}`, true);
  const out: FetchedPrice[] = [];
  for (const offer of picked as { region: string; csvPath: string }[]) {
    const url = `${o.awsBase}${offer.csvPath}`;
    o.log(`aws ${offer.region}: ${url}`);
    const reader = new AwsOfferCsvReader(url, offer.region);
    await getLines(url, (line) => reader.push(line));
    const prices = reader.finish();
    o.log(`aws ${offer.region}: ${prices.length} prices`);
    out.push(...prices);
  }
  return out;
}

async function azurePrices(o: PriceUpdateOptions): Promise<FetchedPrice[]> {
  const wanted = regionsFor('azure', o.regions);
  if (wanted === 'all') throw new PriceListError('--region all is not supported for Azure (the API pages through every VM price of every region): name the regions', true);
  const out: FetchedPrice[] = [];
  for (const region of wanted) {
    let url: string | undefined = azureFirstPageUrl(o.azureBase, region);
    let pages = 0;
    const before = out.length;
    while (url !== undefined) {
      const page = parseAzurePage(await getJson(url), url);
      out.push(...page.prices.filter((p) => p.region === region));
      pages++;
      url = page.next === undefined ? undefined : azureNextPageUrl(o.azureBase, page.next);
    }
    o.log(`azure ${region}: ${out.length - before} prices from ${pages} page(s)`);
  }
  return out;
}

function gcpPrices(o: PriceUpdateOptions): FetchedPrice[] {
  if (o.gcpSkusFile === undefined) {
    throw new PriceListError(
      "GCP's price list (the Cloud Billing Catalog API) needs an API key, so fleetsim does not call it: save the Compute Engine SKUs with " +
        '`curl "https://cloudbilling.googleapis.com/v1/services/6F81-5844-456A/skus?key=$KEY&currencyCode=USD" > skus.json` (follow nextPageToken; an array of pages is fine) and pass --gcp-skus skus.json',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(o.gcpSkusFile, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new PriceListError(`${o.gcpSkusFile}: ${code === 'ENOENT' ? 'no such file' : e instanceof SyntaxError ? `not JSON (${e.message})` : (e as Error).message}`);
  }
  const wanted = regionsFor('gcp', o.regions);
  const prices = parseGcpSkus(json, o.gcpSkusFile, PriceCatalog.builtin().toData().instanceShapes, wanted === 'all' ? undefined : new Set(wanted));
  o.log(`gcp: ${prices.length} prices from ${o.gcpSkusFile}`);
  return prices;
}

/** Reads every asked-for price list; throws PriceListError (nothing is written) on the first failure. */
export async function fetchPrices(o: PriceUpdateOptions): Promise<FetchedPrice[]> {
  const out: FetchedPrice[] = [];
  for (const p of o.providers) {
    if (p === 'aws') out.push(...(await awsPrices(o)));
    else if (p === 'azure') out.push(...(await azurePrices(o)));
    else out.push(...gcpPrices(o));
  }
  return out;
}
