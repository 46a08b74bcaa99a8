import { MACHINE_SHAPES, type MachineProvider } from '../../scenario/machineShapes.js';
import { once } from '../../scenario/once.js';
import { PRICE_DATA_FILES } from './dataFiles.js';

/**
 * The built-in instance prices: on-demand Linux price per hour by region for each machine shape the
 * scenario side knows (src/scenario/machineShapes.ts), each price with its source and date
 * (docs/references.md, "Prices"). A scenario may override any price, or give one for a type or
 * region not here.
 *
 * Entries marked "derived" are not quoted in the references directly: they scale a quoted price
 * linearly within the same family and region, which is how AWS, GCP (per-vCPU + per-GB) and Azure
 * price general-purpose sizes; they are labelled so a reader can tell.
 */

export type CatalogProvider = MachineProvider;

export interface InstancePrice {
  readonly region: string;
  readonly usdPerHour: number;
  readonly asOf: string;
  readonly source: string;
}

export interface InstanceType {
  readonly provider: CatalogProvider;
  readonly name: string;
  readonly vcpu: number;
  readonly memoryGiB: number;
  readonly prices: readonly InstancePrice[];
}

const AWS_SRC = 'AWS EC2 on-demand pricing data (docs/references.md)';
const GCP_SRC = 'GCP Compute Engine pricing (docs/references.md)';
const AZ_SRC = 'Azure Linux VM pricing (docs/references.md)';

function derived(base: InstancePrice, factor: number, from: string): InstancePrice {
  return {
    region: base.region,
    usdPerHour: Math.round(base.usdPerHour * factor * 10000) / 10000,
    asOf: base.asOf,
    source: `derived: ${factor}× ${from} (linear within family) — ${base.source}`,
  };
}

const m6iXl: InstancePrice[] = [
  { region: 'us-east-1', usdPerHour: 0.192, asOf: '2026-01', source: AWS_SRC },
  { region: 'eu-west-1', usdPerHour: 0.214, asOf: '2026-04', source: AWS_SRC },
];
const c6i2xl: InstancePrice[] = [{ region: 'us-east-1', usdPerHour: 0.34, asOf: '2026-01', source: AWS_SRC }];
const n2s4: InstancePrice[] = [
  { region: 'us-central1', usdPerHour: 0.194, asOf: '2024-2026', source: GCP_SRC },
  { region: 'europe-west1', usdPerHour: 0.214, asOf: '2024-2026', source: `${GCP_SRC}; quoted as ≈0.214` },
];
const e2s4: InstancePrice[] = [
  { region: 'us-central1', usdPerHour: 0.134, asOf: '2026', source: GCP_SRC },
  { region: 'europe-west1', usdPerHour: 0.147, asOf: '2026', source: GCP_SRC },
];
// westeurope comes from the generated data (0.23): the hand-written 0.214 was northeurope's price
// (Azure Retail Prices via ec2instances.info and Karpenter-azure's generated table agree on 0.23).
const d4sv5: InstancePrice[] = [{ region: 'eastus', usdPerHour: 0.192, asOf: '2026', source: AZ_SRC }];

/** Each shape's prices by region; a type without prices here can still be priced by a scenario. */
const PRICES: Readonly<Record<string, readonly InstancePrice[]>> = {
  'm5.xlarge': m6iXl,
  'm6i.large': m6iXl.map((p) => derived(p, 0.5, 'm6i.xlarge')),
  'm6i.xlarge': m6iXl,
  'm6i.2xlarge': m6iXl.map((p) => derived(p, 2, 'm6i.xlarge')),
  'm6i.4xlarge': m6iXl.map((p) => derived(p, 4, 'm6i.xlarge')),
  'c6i.xlarge': c6i2xl.map((p) => derived(p, 0.5, 'c6i.2xlarge')),
  'c6i.2xlarge': c6i2xl,
  'n2-standard-2': n2s4.map((p) => derived(p, 0.5, 'n2-standard-4')),
  'n2-standard-4': n2s4,
  'n2-standard-8': n2s4.map((p) => derived(p, 2, 'n2-standard-4')),
  'e2-standard-2': e2s4.map((p) => derived(p, 0.5, 'e2-standard-4')),
  'e2-standard-4': e2s4,
  'e2-standard-8': e2s4.map((p) => derived(p, 2, 'e2-standard-4')),
  Standard_D2s_v5: d4sv5.map((p) => derived(p, 0.5, 'Standard_D4s_v5')),
  Standard_D4s_v5: d4sv5,
  Standard_D8s_v5: d4sv5.map((p) => derived(p, 2, 'Standard_D4s_v5')),
};

/**
 * Every type the generated price files (data/*.json) price, with those prices. A hand-written price
 * above wins over a generated one for the same type and region, so bundled results never move when
 * a data file is regenerated; the data only adds regions (and types) the list above lacks.
 *
 * Built on demand, one type at a time: the files hold ~7,500 prices, and `check` (issue 18) looks up
 * the few its scenario's node pools name. The lists of every type are made only for those that need
 * them all (the whole catalog for a run's workers, `prices show`, tests).
 */
export const dataInstanceTypes = once(() => [...new Set(PRICE_DATA_FILES.flatMap((f) => f.types.map((t) => `${f.provider}/${t.name}`)))].map((key) => dataType(key)!));

/** Each file's types by name, indexed when a type is first asked for. */
const fileIndexes = once(() => PRICE_DATA_FILES.map((f) => ({ file: f, byName: new Map(f.types.map((t) => [t.name, t])) })));
const DATA_TYPES = new Map<string, InstanceType | undefined>();

/**
 * One provider's type as the files price it (`key` is "provider/name"): the first file to price a
 * region keeps it (PRICE_DATA_FILES is in order of precedence); files that disagree on its shape are
 * an error.
 */
function dataType(key: string): InstanceType | undefined {
  if (DATA_TYPES.has(key)) return DATA_TYPES.get(key);
  const slash = key.indexOf('/');
  const provider = key.slice(0, slash);
  const name = key.slice(slash + 1);
  let entry: { provider: CatalogProvider; name: string; vcpu: number; memoryGiB: number; prices: InstancePrice[] } | undefined;
  for (const { file: f, byName } of fileIndexes()) {
    const t = f.provider === provider ? byName.get(name) : undefined;
    if (t === undefined) continue;
    if (entry === undefined) entry = { provider: f.provider, name: t.name, vcpu: t.vcpu, memoryGiB: t.memoryGiB, prices: [] };
    else if (entry.vcpu !== t.vcpu || entry.memoryGiB !== t.memoryGiB) throw new Error(`${key}: the price files disagree on its shape (${entry.vcpu} vCPU/${entry.memoryGiB} GiB vs ${t.vcpu}/${t.memoryGiB})`);
    const priced = new Set(entry.prices.map((p) => p.region));
    for (const [region, usdPerHour] of Object.entries(t.prices)) if (!priced.has(region)) entry.prices.push({ region, usdPerHour, asOf: f.asOf, source: f.source });
  }
  DATA_TYPES.set(key, entry);
  return entry;
}

function withDataPrices(provider: CatalogProvider, name: string, own: readonly InstancePrice[]): readonly InstancePrice[] {
  const data = dataType(`${provider}/${name}`);
  if (data === undefined) return own;
  const ownRegions = new Set(own.map((p) => p.region));
  return [...own, ...data.prices.filter((p) => !ownRegions.has(p.region))];
}

const SHAPE_BY_NAME = new Map(MACHINE_SHAPES.map((s) => [s.name, s]));
const SHAPE_TYPES = new Map<string, InstanceType>();

/** A machine shape of the scenario side with its catalog prices (hand-written first, then generated). */
function shapeType(name: string): InstanceType | undefined {
  const shape = SHAPE_BY_NAME.get(name);
  if (shape === undefined) return undefined;
  let t = SHAPE_TYPES.get(name);
  if (t === undefined) SHAPE_TYPES.set(name, (t = { ...shape, prices: withDataPrices(shape.provider, shape.name, PRICES[shape.name] ?? []) }));
  return t;
}

/** The scenario side's machine shapes, each with its catalog prices (hand-written first, then generated). */
export const instanceTypes = once((): readonly InstanceType[] => MACHINE_SHAPES.map((shape) => shapeType(shape.name)!));

/**
 * Types only the generated files price (n2d-standard-4, m7i.xlarge, ...): in the catalog, with their
 * shapes, so a catalog lookup finds them; a scenario can name them once the scenario side knows
 * their shape (src/scenario/machineShapes.ts).
 */
export const extraInstanceTypes = once((): readonly InstanceType[] => dataInstanceTypes().filter((t) => !SHAPE_BY_NAME.has(t.name)));

/**
 * The catalog's type `name` of `provider`, as instanceTypes() and extraInstanceTypes() hold it, or
 * undefined: a name the scenario side knows belongs to its own provider only (the files' type of the
 * same name at another provider is not in the catalog).
 */
export function catalogInstanceType(provider: string, name: string): InstanceType | undefined {
  if (SHAPE_BY_NAME.has(name)) {
    const t = shapeType(name)!;
    return t.provider === provider ? t : undefined;
  }
  return dataType(`${provider}/${name}`);
}

export function findInstanceType(name: string): InstanceType | undefined {
  return shapeType(name);
}

export function priceIn(type: InstanceType, region: string): InstancePrice | undefined {
  return type.prices.find((p) => p.region === region);
}
