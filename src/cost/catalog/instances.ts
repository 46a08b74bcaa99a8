/**
 * Seed instance-type catalog: vCPU, memory and on-demand Linux price per hour by region, each
 * price with its source and date (shared/REFERENCES.md, "Prices"). Issue 7 extends this into the
 * full price catalog; a scenario may override any price or give one for a type or region not here.
 *
 * Entries marked "derived" are not quoted in REFERENCES.md directly: they scale a quoted price
 * linearly within the same family and region, which is how AWS, GCP (per-vCPU + per-GB) and Azure
 * price general-purpose sizes; they are labelled so a reader can tell.
 */

export type CatalogProvider = 'aws' | 'gcp' | 'azure';

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

const AWS_SRC = 'AWS EC2 on-demand pricing data (REFERENCES.md)';
const GCP_SRC = 'GCP Compute Engine pricing (REFERENCES.md)';
const AZ_SRC = 'Azure Linux VM pricing (REFERENCES.md)';

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
const d4sv5: InstancePrice[] = [
  { region: 'eastus', usdPerHour: 0.192, asOf: '2026', source: AZ_SRC },
  { region: 'westeurope', usdPerHour: 0.214, asOf: '2026', source: AZ_SRC },
];

export const INSTANCE_TYPES: readonly InstanceType[] = [
  { provider: 'aws', name: 'm5.xlarge', vcpu: 4, memoryGiB: 16, prices: m6iXl },
  { provider: 'aws', name: 'm6i.large', vcpu: 2, memoryGiB: 8, prices: m6iXl.map((p) => derived(p, 0.5, 'm6i.xlarge')) },
  { provider: 'aws', name: 'm6i.xlarge', vcpu: 4, memoryGiB: 16, prices: m6iXl },
  { provider: 'aws', name: 'm6i.2xlarge', vcpu: 8, memoryGiB: 32, prices: m6iXl.map((p) => derived(p, 2, 'm6i.xlarge')) },
  { provider: 'aws', name: 'm6i.4xlarge', vcpu: 16, memoryGiB: 64, prices: m6iXl.map((p) => derived(p, 4, 'm6i.xlarge')) },
  { provider: 'aws', name: 'c6i.xlarge', vcpu: 4, memoryGiB: 8, prices: c6i2xl.map((p) => derived(p, 0.5, 'c6i.2xlarge')) },
  { provider: 'aws', name: 'c6i.2xlarge', vcpu: 8, memoryGiB: 16, prices: c6i2xl },
  { provider: 'gcp', name: 'n2-standard-2', vcpu: 2, memoryGiB: 8, prices: n2s4.map((p) => derived(p, 0.5, 'n2-standard-4')) },
  { provider: 'gcp', name: 'n2-standard-4', vcpu: 4, memoryGiB: 16, prices: n2s4 },
  { provider: 'gcp', name: 'n2-standard-8', vcpu: 8, memoryGiB: 32, prices: n2s4.map((p) => derived(p, 2, 'n2-standard-4')) },
  { provider: 'gcp', name: 'e2-standard-2', vcpu: 2, memoryGiB: 8, prices: e2s4.map((p) => derived(p, 0.5, 'e2-standard-4')) },
  { provider: 'gcp', name: 'e2-standard-4', vcpu: 4, memoryGiB: 16, prices: e2s4 },
  { provider: 'gcp', name: 'e2-standard-8', vcpu: 8, memoryGiB: 32, prices: e2s4.map((p) => derived(p, 2, 'e2-standard-4')) },
  { provider: 'azure', name: 'Standard_D2s_v5', vcpu: 2, memoryGiB: 8, prices: d4sv5.map((p) => derived(p, 0.5, 'Standard_D4s_v5')) },
  { provider: 'azure', name: 'Standard_D4s_v5', vcpu: 4, memoryGiB: 16, prices: d4sv5 },
  { provider: 'azure', name: 'Standard_D8s_v5', vcpu: 8, memoryGiB: 32, prices: d4sv5.map((p) => derived(p, 2, 'Standard_D4s_v5')) },
];

const BY_NAME = new Map(INSTANCE_TYPES.map((t) => [t.name, t]));

export function findInstanceType(name: string): InstanceType | undefined {
  return BY_NAME.get(name);
}

export function priceIn(type: InstanceType, region: string): InstancePrice | undefined {
  return type.prices.find((p) => p.region === region);
}
