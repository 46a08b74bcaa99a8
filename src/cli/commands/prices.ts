import { parseCatalog, formatCatalogErrors } from '../../cost/catalog/load.js';
import { catalogFileText } from '../../cost/prices/catalogFile.js';
import { PriceListError } from '../../cost/prices/types.js';
import { defaultBases, fetchPrices } from '../../cost/prices/update.js';
import type { CatalogProvider } from '../../cost/catalog/types.js';
import { checkOutputFile, OutputPathError, writeFileAtomic } from '../../report/atomicFile.js';
import { EXIT_RUNTIME_ERROR, UserError } from '../exitCodes.js';

export interface PricesUpdateOpts {
  provider?: CatalogProvider[];
  region?: string[];
  gcpSkus?: string;
  out: string;
  force?: boolean;
}

/**
 * `fleetsim prices update`: fetch, filter, check that the result loads as a catalog, then write it
 * (a temporary file renamed into place): a failed fetch or a bad answer leaves no file behind.
 * Exit 2 for what the user can fix (flags, the output path, a GCP file), 1 for a price list that
 * could not be fetched or read.
 */
export async function pricesUpdateAction(opts: PricesUpdateOpts): Promise<void> {
  const force = opts.force === true;
  try {
    checkOutputFile(opts.out, { force });
  } catch (err) {
    if (err instanceof OutputPathError) throw new UserError(`--out ${err.message}`);
    throw err;
  }
  const providers = opts.provider ?? (opts.gcpSkus !== undefined ? ['aws', 'azure', 'gcp'] : ['aws', 'azure']);
  const regions = opts.region?.flatMap((r) => r.split(',')).map((r) => r.trim()).filter((r) => r !== '');
  if (providers.includes('gcp') && opts.gcpSkus === undefined) {
    throw new UserError(
      "GCP's price list (the Cloud Billing Catalog API) needs an API key, so fleetsim does not call it. Save the Compute Engine SKUs " +
        '(curl "https://cloudbilling.googleapis.com/v1/services/6F81-5844-456A/skus?key=$KEY&currencyCode=USD" > skus.json, following nextPageToken) and pass --gcp-skus skus.json',
    );
  }
  let prices;
  try {
    prices = await fetchPrices({ providers, regions, gcpSkusFile: opts.gcpSkus, ...defaultBases(process.env), log: (line) => process.stderr.write(`${line}\n`) });
  } catch (err) {
    if (err instanceof PriceListError) {
      const userFile = opts.gcpSkus !== undefined && err.message.startsWith(`${opts.gcpSkus}:`);
      throw new UserError(`${err.message}\nnothing was written`, err.byUser || userFile ? undefined : EXIT_RUNTIME_ERROR);
    }
    throw err;
  }
  if (prices.length === 0) throw new UserError(`no prices found for ${providers.join(', ')}${regions !== undefined ? ` in ${regions.join(', ')}` : ''}; nothing was written`, EXIT_RUNTIME_ERROR);
  const text = catalogFileText(prices, `prices-update/${new Date().toISOString().slice(0, 10)}`);
  // What is written must load: the same parser a scenario's pricing.catalog goes through.
  const check = parseCatalog(text, opts.out);
  if (!check.ok) throw new Error(`the catalog built from the price lists does not load:\n${formatCatalogErrors(check.errors)}`);
  writeFileAtomic(opts.out, text, { force });
  process.stderr.write(`wrote ${prices.length} prices to ${opts.out} (set pricing.catalog to it in the scenario, or pass --catalog to plan)\n`);
}
