import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveFleet } from '../../../src/model/fleet/resolveFleet.js';
import { resolveDesigns } from '../../../src/model/placement/resolveDesigns.js';
import { loadScenario } from '../../../src/scenario/load.js';

// Every scenario shipped in scenarios/ must resolve into a fleet and place every design, with the
// placement's own bookkeeping consistent. Invariants only: the files belong to the scenario author.
const dir = join(import.meta.dirname, '../../../scenarios');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));

describe('bundled scenarios place', () => {
  it('there are bundled scenarios', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const f of files) {
    it(f, () => {
      const r = loadScenario(join(dir, f));
      if (!r.ok) throw new Error(`${f} does not load: ${r.errors.map((e) => e.message).join('; ')}`);
      const fleet = resolveFleet(r.scenario);
      const nodesInFile = r.scenario.clusters.reduce((a, c) => a + c.nodePools.reduce((b, p) => b + p.count, 0), 0);
      expect(fleet.nodes.count).toBe(nodesInFile);
      const designs = resolveDesigns(r.scenario, fleet);
      expect(designs.map((d) => d.name)).toEqual(r.scenario.designs.map((d) => d.name));
      for (const d of designs) {
        expect(d.placement.services.length).toBe(r.scenario.workload.services.length);
        for (const h of d.placement.headroom) {
          expect(h.cpuRequestedMillicores).toBeLessThanOrEqual(h.cpuAllocatableMillicores);
          expect(h.memoryRequestedBytes).toBeLessThanOrEqual(h.memoryAllocatableBytes);
        }
        for (const s of d.placement.services) {
          let placed = 0;
          for (let c = 0; c < s.assigned.length; c++) {
            expect(s.placed[c] + s.pending[c]).toBe(s.assigned[c]);
            placed += s.placed[c];
          }
          expect(s.podNodes.length).toBe(placed);
        }
      }
    });
  }
});
