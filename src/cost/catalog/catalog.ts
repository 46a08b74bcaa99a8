import { BUILTIN_CATALOG } from './builtin.js';
import { missingInstancePriceHint } from './nearest.js';
import { MissingPriceError, type InstanceShape, type PriceCatalogData, type PriceItem, type PriceUnit } from './types.js';

/**
 * Looks prices up by key and region. Layers stack: a later layer (a user's catalog file, a
 * scenario's overrides) replaces items of an earlier one key by key, so anything can be overridden
 * without copying the rest.
 */
export class PriceCatalog {
  private readonly byKey: ReadonlyMap<string, PriceItem>;
  private readonly shapes: ReadonlyMap<string, InstanceShape>;

  private constructor(
    /** Versions of the layers, oldest first ("fleetsim-builtin/2026-05 + acme/2026-05"). */
    readonly version: string,
    items: Iterable<PriceItem>,
    shapes: Iterable<InstanceShape>,
  ) {
    this.byKey = new Map(Array.from(items, (i) => [i.key, i]));
    this.shapes = new Map(Array.from(shapes, (s) => [`${s.provider}/${s.name}`, s]));
  }

  static of(data: PriceCatalogData): PriceCatalog {
    return new PriceCatalog(data.version, data.items, data.instanceShapes);
  }

  private static builtinCatalog: PriceCatalog | undefined;

  /**
   * The built-in catalog, made once per thread: a catalog cannot change after it is made (overlay
   * makes a new one), and making it indexes ~7,300 items, which `check` alone asked for ~18 times
   * (each scenario load, each design's prices: ~40 ms and much garbage per `check`).
   */
  static builtin(): PriceCatalog {
    return (PriceCatalog.builtinCatalog ??= PriceCatalog.of(BUILTIN_CATALOG));
  }

  /** This catalog with `data`'s items and shapes on top. */
  overlay(data: PriceCatalogData): PriceCatalog {
    return new PriceCatalog(`${this.version} + ${data.version}`, [...this.byKey.values(), ...data.items], [...this.shapes.values(), ...data.instanceShapes]);
  }

  /** The item for `key` in `region`: `key@region` first, then the region-less `key`. */
  find(key: string, region?: string): PriceItem | undefined {
    return (region !== undefined ? this.byKey.get(`${key}@${region}`) : undefined) ?? this.byKey.get(key);
  }

  /** Like find, but a missing price (or one in another unit) is an error that says how to supply it. */
  get(key: string, region: string | undefined, unit: PriceUnit, neededFor: string): PriceItem {
    const item = this.find(key, region);
    if (item === undefined) throw new MissingPriceError(key, region, neededFor, this.suggest(key, region));
    if (item.unit !== unit) throw new RangeError(`price "${item.key}" is in ${item.unit}, but ${neededFor} needs ${unit}`);
    return item;
  }

  /** For a missing instance price: the nearest region that has one, and how to fetch it. */
  suggest(key: string, region: string | undefined): string | undefined {
    const m = /^instance\/([^/]+)\/([^@]+)$/.exec(key);
    if (m === null || region === undefined) return undefined;
    return missingInstancePriceHint(this.byKey.values(), m[1], m[2], region);
  }

  shape(provider: string, name: string): InstanceShape | undefined {
    return this.shapes.get(`${provider}/${name}`);
  }

  items(): PriceItem[] {
    return [...this.byKey.values()];
  }

  /** Everything, for `--output json` and for workers (which rebuild the catalog from it). */
  toData(): PriceCatalogData {
    return { version: this.version, items: this.items(), instanceShapes: [...this.shapes.values()] };
  }
}
