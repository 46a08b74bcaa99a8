import { csvFields } from './csv.js';
import { keepAwsType } from './families.js';
import { PriceListError, type FetchedPrice } from './types.js';

/**
 * The AWS Price List bulk API (no credentials): a region index
 * (/offers/v1.0/aws/AmazonEC2/current/region_index.json) names each region's current offer file; the
 * offer file comes as JSON or CSV with the same rows. fleetsim reads the CSV, a line at a time: the
 * EC2 offer file of a large region is hundreds of MB, more than JSON.parse can hold in one string.
 */
export const AWS_PRICING_BASE = 'https://pricing.us-east-1.amazonaws.com';
export const AWS_REGION_INDEX_PATH = '/offers/v1.0/aws/AmazonEC2/current/region_index.json';

export interface AwsRegionOffer {
  readonly region: string;
  /** Path of the region's CSV offer file, relative to the pricing host. */
  readonly csvPath: string;
}

/** The region index's regions and their CSV offer files. */
export function parseAwsRegionIndex(json: unknown, url: string): AwsRegionOffer[] {
  const regions = (json as { regions?: unknown } | null)?.regions;
  if (regions === null || typeof regions !== 'object') throw new PriceListError(`${url}: not an AWS region index (no "regions" object)`);
  return Object.entries(regions as Record<string, { regionCode?: unknown; currentVersionUrl?: unknown }>).map(([key, r]) => {
    if (typeof r?.currentVersionUrl !== 'string') throw new PriceListError(`${url}: region ${key} has no currentVersionUrl`);
    return { region: typeof r.regionCode === 'string' ? r.regionCode : key, csvPath: r.currentVersionUrl.replace(/\.json$/, '.csv') };
  });
}

/** Column names the filter needs; a file without one of them is not an EC2 offer file. */
const COLUMNS = ['SKU', 'TermType', 'Unit', 'PricePerUnit', 'Currency', 'Product Family', 'Instance Type', 'Tenancy', 'Operating System', 'Pre Installed S/W', 'CapacityStatus', 'operation', 'Region Code', 'vCPU', 'Memory'] as const;

/**
 * Reads an EC2 offer file in CSV, a line at a time, and keeps the prices a cluster's nodes pay:
 * on-demand, Linux (RunInstances, no licence, no pre-installed software), shared tenancy, capacity
 * used (not reservations), per hour in USD, for the families in families.ts.
 */
export class AwsOfferCsvReader {
  private readonly meta = new Map<string, string>();
  private col: Record<(typeof COLUMNS)[number], number> | undefined;
  private lineNo = 0;
  private readonly byKey = new Map<string, FetchedPrice>();

  constructor(
    /** The file's URL or name, for messages and the items' source. */
    private readonly origin: string,
    /** The region asked for: rows of other regions (Local Zones share some files) are skipped. */
    private readonly region: string,
  ) {}

  push(line: string): void {
    this.lineNo++;
    if (line.trim() === '') return;
    let f: string[];
    try {
      f = csvFields(line.replace(/\r$/, ''));
    } catch (e) {
      throw new PriceListError(`${this.origin}:${this.lineNo}: not CSV: ${(e as Error).message}`);
    }
    if (this.col === undefined) {
      if (f[0] !== 'SKU') {
        // The preamble: "FormatVersion","v1.0" / "Publication Date","2026-…" / "Version","…"
        if (f.length === 2) this.meta.set(f[0], f[1]);
        else throw new PriceListError(`${this.origin}:${this.lineNo}: not an AWS offer file (expected the "SKU",… header after the preamble)`);
        return;
      }
      const col = {} as Record<(typeof COLUMNS)[number], number>;
      for (const name of COLUMNS) {
        const i = f.indexOf(name);
        if (i < 0) throw new PriceListError(`${this.origin}:${this.lineNo}: the offer file has no "${name}" column`);
        col[name] = i;
      }
      this.col = col;
      return;
    }
    const c = this.col;
    const type = f[c['Instance Type']];
    if (
      f[c.TermType] !== 'OnDemand' ||
      f[c['Product Family']] !== 'Compute Instance' ||
      f[c['Operating System']] !== 'Linux' ||
      f[c.operation] !== 'RunInstances' ||
      f[c.Tenancy] !== 'Shared' ||
      f[c['Pre Installed S/W']] !== 'NA' ||
      f[c.CapacityStatus] !== 'Used' ||
      f[c.Unit] !== 'Hrs' ||
      f[c.Currency] !== 'USD' ||
      f[c['Region Code']] !== this.region ||
      type === undefined ||
      !keepAwsType(type)
    ) {
      return;
    }
    const usd = Number(f[c.PricePerUnit]);
    if (!Number.isFinite(usd) || usd <= 0) return;
    const memory = /^([\d.,]+) GiB$/.exec(f[c.Memory] ?? '');
    const price: FetchedPrice = {
      provider: 'aws',
      type,
      region: this.region,
      usdPerHour: usd,
      source: `AWS Price List bulk API, AmazonEC2 offer file ${this.meta.get('Version') ?? '(no version)'}, ${this.region}: on-demand Linux, shared tenancy`,
      asOf: (this.meta.get('Publication Date') ?? '').slice(0, 10),
      ...(Number(f[c.vCPU]) > 0 ? { vcpu: Number(f[c.vCPU]) } : {}),
      ...(memory !== null ? { memoryGiB: Number(memory[1].replace(/,/g, '')) } : {}),
    };
    const seen = this.byKey.get(type);
    if (seen !== undefined && seen.usdPerHour !== usd) throw new PriceListError(`${this.origin}:${this.lineNo}: two on-demand Linux prices for ${type} in ${this.region} (${seen.usdPerHour} and ${usd}); the filter no longer picks one row`);
    this.byKey.set(type, price);
  }

  /** The prices read; an error when the file ended before its header. */
  finish(): FetchedPrice[] {
    if (this.col === undefined) throw new PriceListError(`${this.origin}: not an AWS offer file (no "SKU",… header)`);
    return [...this.byKey.values()].sort((a, b) => a.type.localeCompare(b.type));
  }
}
