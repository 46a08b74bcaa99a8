import type { Scenario } from '../scenario/types.js';
import type { PriceCatalog } from './catalog/catalog.js';
import type { PriceItem } from './catalog/types.js';
import { continentOf } from './continents.js';
import type { CostLine } from './lines.js';
import { BYTES_PER_GB } from './month.js';

/**
 * What a design's datastores add to its bill (docs/cost.md, "Datastores"): the log shipped to
 * replicas in other regions, at the catalog's inter-region (or intercontinental) transfer price of
 * the source region, as traffic crossing regions is priced; and the members, at the price per member
 * hour the scenario gives the store (workload.datastores[].priceUsdPerHour; none: they run on the
 * clusters' nodes, already billed). Both land in existing categories (replication under
 * dataTransfer, members under nodes), so a bill's categories stay the ones results.json has; the
 * lines are named "datastore replication: …" and "datastore members: …".
 */

/** What the simulation measured of one store in a replication (a DatastoreOutcome fits). */
export interface DatastoreUsage {
  readonly name: string;
  readonly interRegionReplicationBytes: readonly { readonly fromRegion: string; readonly toRegion: string; readonly bytes: number }[];
  /** Member-hours after warm-up. */
  readonly memberHours: number;
}

export const REPLICATION_ITEM = 'datastore replication';
export const MEMBERS_ITEM = 'datastore members';

/** Label of a store's replication line between two regions. */
export const replicationItem = (store: string, fromRegion: string, toRegion: string): string => `${REPLICATION_ITEM}: ${store} ${fromRegion} → ${toRegion}`;
export const membersItem = (store: string): string => `${MEMBERS_ITEM}: ${store}`;

/** Whether a line is one of a store's datastore lines (the report sums a store's replication cost with it). */
export function isStoreLine(l: Pick<CostLine, 'item'>, kind: typeof REPLICATION_ITEM | typeof MEMBERS_ITEM, store: string): boolean {
  return kind === REPLICATION_ITEM ? l.item.startsWith(`${REPLICATION_ITEM}: ${store} `) : l.item === membersItem(store);
}

const isCloud = (p: string): p is 'aws' | 'gcp' | 'azure' => p === 'aws' || p === 'gcp' || p === 'azure';

/**
 * The lines of the stores' replication and members, per month (`toMonth`: measured span → 730 h).
 * `price` is the cost model's (a missing price is an error naming what needed it).
 */
export function datastoreLines(
  scenario: Scenario,
  catalog: PriceCatalog,
  stores: readonly DatastoreUsage[],
  toMonth: number,
  price: (key: string, region: string | undefined, neededFor: string) => PriceItem,
  notes: string[],
): CostLine[] {
  const lines: CostLine[] = [];
  const regions = new Map(scenario.topology.regions.map((r) => [r.name, r]));
  for (const store of stores) {
    for (const flow of store.interRegionReplicationBytes) {
      const gb = (flow.bytes * toMonth) / BYTES_PER_GB;
      if (!(gb > 0)) continue;
      const from = regions.get(flow.fromRegion);
      const to = regions.get(flow.toRegion);
      if (from === undefined || !isCloud(from.provider)) {
        notes.push(`datastore ${store.name}: replication from ${flow.fromRegion} (${from?.provider ?? 'unknown provider'}) is not priced`);
        continue;
      }
      // The continents are known exactly here (unlike a cluster's mixed calls); unknown: the dearer rate.
      const a = continentOf(from.location);
      const intercontinental = a === undefined || a !== continentOf(to?.location);
      const key = `transfer/${from.provider}/${intercontinental ? 'interContinent' : 'interRegion'}`;
      const neededFor = `replication of datastore ${store.name} from ${flow.fromRegion} to ${flow.toRegion}`;
      // AWS bills every inter-region GB at the source region's one rate.
      const item = intercontinental && from.provider === 'aws' && catalog.find(key, from.name) === undefined ? price('transfer/aws/interRegion', from.name, neededFor) : price(key, from.name, neededFor);
      lines.push({ category: 'dataTransfer', cluster: null, item: replicationItem(store.name, flow.fromRegion, flow.toRegion), quantityPerMonth: gb, quantityUnit: 'GB', usdPerUnit: item.usd, monthlyUsd: gb * item.usd, priceKey: item.key, source: item.source, asOf: item.asOf });
    }
    const spec = scenario.workload.datastores.find((d) => d.name === store.name);
    const usdPerHour = spec?.memberPriceUsdPerHour;
    if (usdPerHour === undefined || !(store.memberHours > 0)) continue;
    const hours = store.memberHours * toMonth;
    lines.push({ category: 'nodes', cluster: null, item: membersItem(store.name), quantityPerMonth: hours, quantityUnit: 'member-hours', usdPerUnit: usdPerHour, monthlyUsd: hours * usdPerHour, priceKey: 'scenario file', source: 'workload.datastores[].priceUsdPerHour', asOf: 'scenario' });
  }
  return lines;
}
