/**
 * The scenario side knows the shape of every type the price data prices: data/machineShapes.json is
 * generated from src/cost/catalog/data/*.json (scripts/prices/machine-shapes-from-prices.mjs), and
 * must be regenerated whenever a price file is.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRICE_DATA_FILES } from '../../src/cost/catalog/dataFiles.js';
import { ENI_LIMITS } from '../../src/scenario/maxPods.js';
import { findMachineShape, GENERATED_MACHINE_SHAPES, HAND_WRITTEN_MACHINE_SHAPES, MACHINE_SHAPES, waitsForEniLimits } from '../../src/scenario/machineShapes.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'prices', 'machine-shapes-from-prices.mjs');
const GENERATED = join(ROOT, 'src', 'scenario', 'data', 'machineShapes.json');

describe('machine shapes', () => {
  it('data/machineShapes.json is exactly what the script makes of the current price files', () => {
    const r = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout, 'run: node scripts/prices/machine-shapes-from-prices.mjs > src/scenario/data/machineShapes.json').toBe(readFileSync(GENERATED, 'utf8'));
  });

  it('every type a price file prices has a shape with the same provider, vCPU and memory (AWS: once it has ENI figures)', () => {
    // A type two files price (Azure's sizes in azure.json and azure-newer-regions.json) is one shape.
    const types = new Set<string>();
    for (const f of PRICE_DATA_FILES) {
      for (const t of f.types) {
        const shape = { provider: f.provider, name: t.name, vcpu: t.vcpu, memoryGiB: t.memoryGiB };
        expect(GENERATED_MACHINE_SHAPES, t.name).toContainEqual(shape);
        expect(findMachineShape(t.name), t.name).toEqual(waitsForEniLimits(shape) ? undefined : shape);
        types.add(`${f.provider}/${t.name}`);
      }
    }
    expect(types.size).toBe(GENERATED_MACHINE_SHAPES.length);
  });

  it('an AWS shape waits exactly while maxPods.ts lacks its ENI figures; other providers never wait', () => {
    expect(waitsForEniLimits({ provider: 'aws', name: 'm6i.xlarge', vcpu: 4, memoryGiB: 16 })).toBe(false);
    expect(waitsForEniLimits({ provider: 'aws', name: 'x9.unknown', vcpu: 4, memoryGiB: 16 })).toBe(true);
    expect(waitsForEniLimits({ provider: 'gcp', name: 'x9-unknown-4', vcpu: 4, memoryGiB: 16 })).toBe(false);
    for (const s of MACHINE_SHAPES.filter((x) => x.provider === 'aws')) expect(ENI_LIMITS[s.name], s.name).toBeDefined();
  });

  it('a pool can name types only the price data knows (n2d-standard-4, c3-standard-8, m7i.xlarge, Standard_E4s_v5)', () => {
    expect(findMachineShape('n2d-standard-4')).toEqual({ provider: 'gcp', name: 'n2d-standard-4', vcpu: 4, memoryGiB: 16 });
    expect(findMachineShape('c3-standard-8')).toEqual({ provider: 'gcp', name: 'c3-standard-8', vcpu: 8, memoryGiB: 32 });
    expect(findMachineShape('m7i.xlarge')).toEqual({ provider: 'aws', name: 'm7i.xlarge', vcpu: 4, memoryGiB: 16 });
    expect(findMachineShape('r7g.2xlarge')).toEqual({ provider: 'aws', name: 'r7g.2xlarge', vcpu: 8, memoryGiB: 64 });
    expect(findMachineShape('Standard_E4s_v5')).toEqual({ provider: 'azure', name: 'Standard_E4s_v5', vcpu: 4, memoryGiB: 32 });
    expect(findMachineShape('Standard_F8s_v2')).toEqual({ provider: 'azure', name: 'Standard_F8s_v2', vcpu: 8, memoryGiB: 16 });
  });

  it('no generated AWS shape waits: data/eniLimits.json covers every type of the AWS prices', () => {
    const awsShapes = GENERATED_MACHINE_SHAPES.filter((s) => s.provider === 'aws');
    expect(awsShapes.length).toBe(50);
    for (const s of awsShapes) expect(waitsForEniLimits(s), s.name).toBe(false);
    expect(findMachineShape('constructor')).toBeUndefined();
  });

  it('hand-written shapes come first and win; each name appears once', () => {
    expect(MACHINE_SHAPES.slice(0, HAND_WRITTEN_MACHINE_SHAPES.length)).toEqual(HAND_WRITTEN_MACHINE_SHAPES);
    expect(new Set(MACHINE_SHAPES.map((s) => s.name)).size).toBe(MACHINE_SHAPES.length);
    for (const s of HAND_WRITTEN_MACHINE_SHAPES) expect(findMachineShape(s.name)).toBe(s);
  });
});
