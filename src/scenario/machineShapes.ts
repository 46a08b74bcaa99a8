/**
 * Machine shapes of the instance types a node pool may name: vCPU and memory, which placement and
 * capacity need. Prices are not here: they belong to the cost layer's catalog
 * (src/cost/catalog/instances.ts), which prices these same names by region.
 * Shapes are the providers' published sizes (docs/references.md, "Prices").
 */

export type MachineProvider = 'aws' | 'gcp' | 'azure';

export interface MachineShape {
  readonly provider: MachineProvider;
  readonly name: string;
  readonly vcpu: number;
  readonly memoryGiB: number;
}

export const MACHINE_SHAPES: readonly MachineShape[] = [
  { provider: 'aws', name: 'm5.xlarge', vcpu: 4, memoryGiB: 16 },
  { provider: 'aws', name: 'm6i.large', vcpu: 2, memoryGiB: 8 },
  { provider: 'aws', name: 'm6i.xlarge', vcpu: 4, memoryGiB: 16 },
  { provider: 'aws', name: 'm6i.2xlarge', vcpu: 8, memoryGiB: 32 },
  { provider: 'aws', name: 'm6i.4xlarge', vcpu: 16, memoryGiB: 64 },
  { provider: 'aws', name: 'c6i.xlarge', vcpu: 4, memoryGiB: 8 },
  { provider: 'aws', name: 'c6i.2xlarge', vcpu: 8, memoryGiB: 16 },
  { provider: 'gcp', name: 'n2-standard-2', vcpu: 2, memoryGiB: 8 },
  { provider: 'gcp', name: 'n2-standard-4', vcpu: 4, memoryGiB: 16 },
  { provider: 'gcp', name: 'n2-standard-8', vcpu: 8, memoryGiB: 32 },
  { provider: 'gcp', name: 'e2-standard-2', vcpu: 2, memoryGiB: 8 },
  { provider: 'gcp', name: 'e2-standard-4', vcpu: 4, memoryGiB: 16 },
  { provider: 'gcp', name: 'e2-standard-8', vcpu: 8, memoryGiB: 32 },
  { provider: 'azure', name: 'Standard_D2s_v5', vcpu: 2, memoryGiB: 8 },
  { provider: 'azure', name: 'Standard_D4s_v5', vcpu: 4, memoryGiB: 16 },
  { provider: 'azure', name: 'Standard_D8s_v5', vcpu: 8, memoryGiB: 32 },
];

const BY_NAME = new Map(MACHINE_SHAPES.map((t) => [t.name, t]));

export function findMachineShape(name: string): MachineShape | undefined {
  return BY_NAME.get(name);
}
