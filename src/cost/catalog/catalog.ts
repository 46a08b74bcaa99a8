import { BUILTIN_VERSION, builtinLayer, type CatalogLayer } from './builtin.js';
import { missingInstancePriceHint } from './nearest.js';
import { MissingPriceError, type InstanceShape, type PriceCatalogData, type PriceItem, type PriceUnit } from './types.js';

/**
 * Looks prices up by key and region. Layers stack: a later layer (a user's catalog file, a
 * scenario's overrides) replaces items of an earlier one key by key, so anything can be overridden
 * without copying the rest. A layer answers a lookup from its own items, else asks the layer below;
 * only listing everything (items(), toData()) merges the layers.
 */
export class PriceCatalog implements CatalogLayer {
  private readonly byKey: ReadonlyMap<string, PriceItem>;
  private readonly shapes: ReadonlyMap<string, InstanceShape>;

  private constructor(
    /** Versions of the layers, oldest first ("fleetsim-builtin/2026-05 + acme/2026-05"). */
    readonly version: string,
    items: Iterable<PriceItem>,
    shapes: Iterable<InstanceShape>,
    private readonly below?: CatalogLayer,
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
   * makes a new one). Its ~7,700 items are not indexed: builtinLayer() answers each lookup from the
   * price data, so `check` pays only for the prices its scenario names (issue 18).
   */
  static builtin(): PriceCatalog {
    return (PriceCatalog.builtinCatalog ??= new PriceCatalog(BUILTIN_VERSION, [], [], builtinLayer()));
  }

  /** This catalog with `data`'s items and shapes on top. */
  overlay(data: PriceCatalogData): PriceCatalog {
    return new PriceCatalog(`${this.version} + ${data.version}`, data.items, data.instanceShapes, this);
  }

  /** The item with this whole key ("nat/aws/hour", "instance/aws/m6i.xlarge@us-east-1"), from the topmost layer that has it. */
  item(key: string): PriceItem | undefined {
    return this.byKey.get(key) ?? this.below?.item(key);
  }

  /** The item for `key` in `region`: `key@region` first, then the region-less `key`. */
  find(key: string, region?: string): PriceItem | undefined {
    return (region !== undefined ? this.item(`${key}@${region}`) : undefined) ?? this.item(key);
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
    return missingInstancePriceHint(this.items(), m[1], m[2], region);
  }

  shape(provider: string, name: string): InstanceShape | undefined {
    return this.shapeOf(`${provider}/${name}`);
  }

  /** The shape with this key ("aws/m6i.xlarge"), from the topmost layer that has it. */
  shapeOf(key: string): InstanceShape | undefined {
    return this.shapes.get(key) ?? this.below?.shapeOf(key);
  }

  items(): PriceItem[] {
    return this.toData().items as PriceItem[];
  }

  /**
   * Every item and shape of every layer, a later layer's replacing an earlier one's in its place (as
   * one map of all the layers' items in order would hold them), in new arrays: for `--output json`,
   * `prices show` and workers (which rebuild the catalog from it).
   */
  toData(): PriceCatalogData {
    if (this.below === undefined) return { version: this.version, items: [...this.byKey.values()], instanceShapes: [...this.shapes.values()] };
    const lower = this.below.toData();
    if (this.byKey.size === 0 && this.shapes.size === 0) return { version: this.version, items: [...lower.items], instanceShapes: [...lower.instanceShapes] };
    const items = new Map(lower.items.map((i) => [i.key, i]));
    for (const i of this.byKey.values()) items.set(i.key, i);
    const shapes = new Map(lower.instanceShapes.map((sh) => [`${sh.provider}/${sh.name}`, sh]));
    for (const sh of this.shapes.values()) shapes.set(`${sh.provider}/${sh.name}`, sh);
    return { version: this.version, items: [...items.values()], instanceShapes: [...shapes.values()] };
  }
}
