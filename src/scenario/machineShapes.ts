import generated from './data/machineShapes.json' with { type: 'json' };
import { eniLimitsOf } from './maxPods.js';

/**
 * Machine shapes of the instance types a node pool may name: vCPU and memory, which placement and
 * capacity need. Prices are not here: they belong to the cost layer's catalog
 * (src/cost/catalog/instances.ts), which prices these same names by region.
 *
 * Two sources: the hand-written shapes below (the providers' published sizes, docs/references.md,
 * "Prices"), and data/machineShapes.json, the shape of every type the generated price files price,
 * written by scripts/prices/machine-shapes-from-prices.mjs (the scenario layer may not read the cost
 * layer's files itself). A hand-written shape wins over a generated one of the same name.
 */

export type MachineProvider = 'aws' | 'gcp' | 'azure';

export interface MachineShape {
  readonly provider: MachineProvider;
  readonly name: string;
  readonly vcpu: number;
  readonly memoryGiB: number;
}

export const HAND_WRITTEN_MACHINE_SHAPES: readonly MachineShape[] = [
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

/** The shapes of data/machineShapes.json, in the order of the price files they come from. */
export const GENERATED_MACHINE_SHAPES: readonly MachineShape[] = generated.shapes as readonly MachineShape[];

/**
 * An EKS node's default pod limit comes from its type's network limits (ENI_LIMITS, maxPods.ts); an
 * AWS type without them would silently get kubelet's 110 (29 is right for an m7i.large), so a
 * generated AWS shape waits, unknown to scenarios, until its row is there. Every type of the
 * generated AWS prices has one (data/eniLimits.json is written from the same list), so none waits
 * today; a shape from a future price file without ENI figures would.
 */
export function waitsForEniLimits(shape: MachineShape): boolean {
  return shape.provider === 'aws' && eniLimitsOf(shape.name) === undefined;
}

const handNames = new Set(HAND_WRITTEN_MACHINE_SHAPES.map((s) => s.name));

/** Every shape the scenario side knows: the hand-written ones first, then the generated ones they lack. */
export const MACHINE_SHAPES: readonly MachineShape[] = [
  ...HAND_WRITTEN_MACHINE_SHAPES,
  ...GENERATED_MACHINE_SHAPES.filter((s) => !handNames.has(s.name) && !waitsForEniLimits(s)),
];

const BY_NAME = new Map(MACHINE_SHAPES.map((t) => [t.name, t]));

export function findMachineShape(name: string): MachineShape | undefined {
  return BY_NAME.get(name);
}
