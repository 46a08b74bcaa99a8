import { describe, expect, it } from 'vitest';
import { buildFleet } from '../../../src/model/fleet/buildFleet.js';
import { bindPods } from '../../../src/model/placement/binpack.js';
import { emptyCapacity, fullAvailability } from '../../../src/model/placement/capacity.js';
import { GIB, smallFleet } from './fixture.js';

const oneZone = buildFleet({
  reservation: { kind: 'none' },
  regions: [{ name: 'r', provider: 'aws', zones: ['z'] }],
  links: [],
  clusters: [{ name: 'c', region: 'r', zones: ['z'], nodePools: [{ name: 'p', cpuMillicores: 4000, memoryBytes: 8 * GIB, count: 3, maxPods: 5 }] }],
});

describe('bindPods', () => {
  it('spread picks the emptiest node, pack the fullest that fits', () => {
    for (const [strategy, expected] of [
      ['spread', 1],
      ['pack', 0],
    ] as const) {
      const cap = emptyCapacity(oneZone, fullAvailability(oneZone));
      cap.freeCpuMillicores.set([1000, 3000, 2000]);
      const out = new Int32Array(1);
      expect(bindPods(oneZone, cap, 0, 1000, GIB, 1, strategy, out, 0)).toBe(1);
      expect(out[0]).toBe(expected);
    }
  });

  it('memory and pod slots bind as well as cpu', () => {
    const cap = emptyCapacity(oneZone, fullAvailability(oneZone));
    const out = new Int32Array(100);
    // 3 GiB pods: 2 per 8 GiB node → 6, although cpu would allow 12.
    expect(bindPods(oneZone, cap, 0, 300, 3 * GIB, 100, 'spread', out, 0)).toBe(6);
    const cap2 = emptyCapacity(oneZone, fullAvailability(oneZone));
    // Zero-request pods: only maxPods (5 per node) limits them.
    expect(bindPods(oneZone, cap2, 0, 0, 0, 100, 'pack', out, 0)).toBe(15);
    expect(Array.from(cap2.freePods)).toEqual([0, 0, 0]);
  });

  it('balances zones, and keeps going in the zones that still have room', () => {
    const fleet = smallFleet(); // us-1: nodes 5..8, zones a b a b, 2000m each
    const cap = emptyCapacity(fleet, fullAvailability(fleet));
    cap.freeCpuMillicores[6] = 0; // zone b keeps only node 8, with room for one pod
    cap.freeCpuMillicores[8] = 1000;
    const out = new Int32Array(10);
    const n = bindPods(fleet, cap, 2, 1000, GIB, 10, 'spread', out, 2);
    expect(n).toBe(5); // 2 + 2 in zone a, 1 in zone b
    const nodes = Array.from(out.slice(2, 2 + n));
    expect(nodes.filter((x) => x === 8).length).toBe(1);
    expect(nodes.filter((x) => x === 5 || x === 7).length).toBe(4);
    // Balanced while both zones had room: the first two pods went to different zones.
    expect(new Set(nodes.slice(0, 2).map((x) => fleet.nodes.zoneId[x])).size).toBe(2);
    expect(cap.freeCpuMillicores[8]).toBe(0);
  });
});
