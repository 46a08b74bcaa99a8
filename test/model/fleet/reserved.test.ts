import { describe, expect, it } from 'vitest';
import { allocatableFor, EVICTION_THRESHOLD_BYTES, reservedFor } from '../../../src/model/fleet/reserved.js';

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;

// Expected values worked by hand from GKE's published scale (docs: "Plan GKE Standard node sizes").
describe('GKE node reservation', () => {
  it('4 vCPU / 16 GiB: 80m cpu; 1 + 0.8 + 0.8 GiB memory plus the 100 MiB eviction threshold', () => {
    const r = reservedFor({ kind: 'gke' }, 4000, 16 * GIB);
    expect(r.cpuMillicores).toBe(60 + 10 + 10);
    expect(r.memoryBytes).toBe(Math.ceil(2.6 * GIB) + 100 * MIB);
  });

  it('32 vCPU / 256 GiB reaches the last band of each scale', () => {
    const r = reservedFor({ kind: 'gke' }, 32_000, 256 * GIB);
    expect(r.cpuMillicores).toBe(60 + 10 + 10 + Math.ceil(28_000 * 0.0025));
    // 1 + 0.8 + 0.8 + 0.06 × 112 + 0.02 × 128 = 11.88 GiB
    expect(r.memoryBytes).toBe(Math.ceil(11.88 * GIB) + EVICTION_THRESHOLD_BYTES);
  });

  it('machines under 1 GiB reserve a flat 255 MiB', () => {
    expect(reservedFor({ kind: 'gke' }, 1000, 614 * MIB).memoryBytes).toBe(255 * MIB + EVICTION_THRESHOLD_BYTES);
  });

  it('fixed and none; allocatable is whole units and never negative', () => {
    expect(allocatableFor({ kind: 'fixed', cpuMillicores: 100, memoryBytes: GIB }, 2000, 4 * GIB)).toEqual({ cpuMillicores: 1900, memoryBytes: 3 * GIB });
    expect(allocatableFor({ kind: 'none' }, 2000.7, 4 * GIB + 0.5)).toEqual({ cpuMillicores: 2000, memoryBytes: 4 * GIB });
    expect(allocatableFor({ kind: 'fixed', cpuMillicores: 5000, memoryBytes: GIB }, 2000, 4 * GIB).cpuMillicores).toBe(0);
  });
});
