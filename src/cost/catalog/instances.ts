import { MACHINE_SHAPES, type MachineProvider } from '../../scenario/machineShapes.js';
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
 */
export const DATA_INSTANCE_TYPES: readonly InstanceType[] = mergedDataTypes();

/** One entry per provider and type; a region priced by two files keeps the earlier file's price. */
function mergedDataTypes(): InstanceType[] {
  const byName = new Map<string, { provider: CatalogProvider; name: string; vcpu: number; memoryGiB: number; prices: InstancePrice[] }>();
  for (const f of PRICE_DATA_FILES) {
    for (const t of f.types) {
      const key = `${f.provider}/${t.name}`;
      let entry = byName.get(key);
      if (entry === undefined) byName.set(key, (entry = { provider: f.provider, name: t.name, vcpu: t.vcpu, memoryGiB: t.memoryGiB, prices: [] }));
      else if (entry.vcpu !== t.vcpu || entry.memoryGiB !== t.memoryGiB) throw new Error(`${key}: the price files disagree on its shape (${entry.vcpu} vCPU/${entry.memoryGiB} GiB vs ${t.vcpu}/${t.memoryGiB})`);
      const priced = new Set(entry.prices.map((p) => p.region));
      for (const [region, usdPerHour] of Object.entries(t.prices)) if (!priced.has(region)) entry.prices.push({ region, usdPerHour, asOf: f.asOf, source: f.source });
    }
  }
  return [...byName.values()];
}

function withDataPrices(provider: CatalogProvider, name: string, own: readonly InstancePrice[]): readonly InstancePrice[] {
  const data = DATA_INSTANCE_TYPES.find((t) => t.provider === provider && t.name === name);
  if (data === undefined) return own;
  const ownRegions = new Set(own.map((p) => p.region));
  return [...own, ...data.prices.filter((p) => !ownRegions.has(p.region))];
}

/** The scenario side's machine shapes, each with its catalog prices (hand-written first, then generated). */
export const INSTANCE_TYPES: readonly InstanceType[] = MACHINE_SHAPES.map((shape) => ({ ...shape, prices: withDataPrices(shape.provider, shape.name, PRICES[shape.name] ?? []) }));

/**
 * Types only the generated files price (n2d-standard-4, m7i.xlarge, ...): in the catalog, with their
 * shapes, so a catalog lookup finds them; a scenario can name them once the scenario side knows
 * their shape (src/scenario/machineShapes.ts).
 */
export const EXTRA_INSTANCE_TYPES: readonly InstanceType[] = DATA_INSTANCE_TYPES.filter((t) => !MACHINE_SHAPES.some((s) => s.name === t.name));

const BY_NAME = new Map(INSTANCE_TYPES.map((t) => [t.name, t]));

export function findInstanceType(name: string): InstanceType | undefined {
  return BY_NAME.get(name);
}

export function priceIn(type: InstanceType, region: string): InstancePrice | undefined {
  return type.prices.find((p) => p.region === region);
}
