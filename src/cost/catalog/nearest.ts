import { greatCircleKm, knownRegion } from '../../scenario/regions.js';
import type { GeoLocation } from '../../scenario/types.js';
import type { PriceItem } from './types.js';

/** A region where a catalog prices an instance type, and how far it is from the one asked for. */
export interface PricedRegion {
  readonly region: string;
  /** Great-circle distance between the metros; undefined when either region's location is unknown. */
  readonly distanceKm: number | undefined;
  /** Every instance type of the provider the catalog prices in that region, sorted. */
  readonly types: readonly string[];
}

const INSTANCE_KEY = /^instance\/([^/]+)\/([^@]+)@(.+)$/;

/**
 * Where a price for `type` exists, nearest first: what to suggest when the price in `region` is
 * missing. Distances come from the region coordinates the scenario side knows (or `location`, a
 * scenario's own region); regions without coordinates come last, by name.
 */
export function pricedRegionsNear(items: Iterable<PriceItem>, provider: string, type: string, region: string, location?: GeoLocation): PricedRegion[] {
  const typeRegions = new Set<string>();
  const typesIn = new Map<string, Set<string>>();
  for (const item of items) {
    const m = INSTANCE_KEY.exec(item.key);
    if (m === null || m[1] !== provider) continue;
    if (m[2] === type) typeRegions.add(m[3]);
    let set = typesIn.get(m[3]);
    if (set === undefined) typesIn.set(m[3], (set = new Set()));
    set.add(m[2]);
  }
  const from = location ?? knownRegion(region)?.location;
  const out = [...typeRegions].map((r): PricedRegion => {
    const to = knownRegion(r)?.location;
    return { region: r, distanceKm: from !== undefined && to !== undefined ? greatCircleKm(from, to) : undefined, types: [...(typesIn.get(r) ?? [])].sort() };
  });
  return out.sort((a, b) => (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity) || a.region.localeCompare(b.region));
}

/** Types listed in a hint before "and N more". */
const MAX_TYPES = 8;

/**
 * The sentences a missing instance price adds to its error: the nearest region that prices the type
 * (the type itself first, then the others priced there) and how to get the price itself.
 */
export function missingInstancePriceHint(items: Iterable<PriceItem>, provider: string, type: string, region: string, location?: GeoLocation): string {
  const near = pricedRegionsNear(items, provider, type, region, location);
  const fix = `Fetch current prices with \`fleetsim prices update --provider ${provider} --region ${region} --out prices.json\` and set pricing.catalog: prices.json`;
  if (near.length === 0) return `No region in the catalog prices ${type}. ${fix}.`;
  const first = near[0];
  // The type asked for leads the list: with a full catalog it would otherwise fall behind "and N more".
  const listed = [type, ...first.types.filter((t) => t !== type)];
  const types = listed.length > MAX_TYPES ? `${listed.slice(0, MAX_TYPES).join(', ')} and ${listed.length - MAX_TYPES} more` : listed.join(', ');
  const where =
    first.distanceKm !== undefined
      ? `The nearest region with a price for ${type} is ${first.region} (~${Math.round(first.distanceKm).toLocaleString('en-US')} km away), which prices ${types}`
      : `Regions with a price for ${type}: ${near.slice(0, MAX_TYPES).map((p) => p.region).join(', ')}${near.length > MAX_TYPES ? ` and ${near.length - MAX_TYPES} more` : ''}`;
  return `${where}. ${fix}.`;
}
