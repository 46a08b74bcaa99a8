import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildFleet } from '../../../src/model/fleet/buildFleet.js';
import type { Fleet, FleetInput } from '../../../src/model/fleet/types.js';
import { emptyCapacity, podsFitInCluster, type Availability } from '../../../src/model/placement/capacity.js';
import { compileService, type CompiledService } from '../../../src/model/placement/compile.js';
import { placeDesign } from '../../../src/model/placement/placeDesign.js';
import { groupsOf } from '../../../src/model/placement/spread.js';
import type { DesignPlacement, PlacementPolicy, ReplicaScheduling, ServicePlacementInput, SpreadConstraint } from '../../../src/model/placement/types.js';

const GIB = 1024 ** 3;
const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1'];

const fleetInputArb: fc.Arbitrary<FleetInput> = fc
  .record({
    regionCount: fc.integer({ min: 1, max: 3 }),
    zonesPerRegion: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 3, maxLength: 3 }),
    providers: fc.array(fc.constantFrom('aws', 'gcp'), { minLength: 3, maxLength: 3 }),
    clusters: fc.array(
      fc.record({
        region: fc.nat(),
        zoneMask: fc.integer({ min: 1, max: 7 }),
        labelProd: fc.boolean(),
        pools: fc.array(
          fc.record({
            cpuMillicores: fc.integer({ min: 1, max: 16 }).map((x) => x * 500),
            memoryBytes: fc.integer({ min: 1, max: 32 }).map((x) => x * GIB),
            count: fc.integer({ min: 0, max: 5 }),
            maxPods: fc.integer({ min: 1, max: 30 }),
            zoneMask: fc.integer({ min: 0, max: 7 }),
          }),
          { minLength: 1, maxLength: 2 },
        ),
      }),
      { minLength: 1, maxLength: 5 },
    ),
    reservation: fc.constantFrom({ kind: 'none' as const }, { kind: 'gke' as const }),
  })
  .map(({ regionCount, zonesPerRegion, providers, clusters, reservation }) => {
    const regions = REGIONS.slice(0, regionCount).map((name, i) => ({
      name,
      provider: providers[i],
      zones: Array.from({ length: zonesPerRegion[i] }, (_, z) => `${name}${'abc'[z]}`),
    }));
    const links = [];
    for (let a = 0; a < regions.length; a++) for (let b = a + 1; b < regions.length; b++) links.push({ a: regions[a].name, b: regions[b].name, rttMs: 10 + a + b });
    const pick = (zones: readonly string[], mask: number): string[] => {
      const z = zones.filter((_, i) => (mask >> i) & 1);
      return z.length > 0 ? z : [zones[0]];
    };
    return {
      reservation,
      regions,
      links,
      clusters: clusters.map((c, i) => {
        const region = regions[c.region % regions.length];
        const zones = pick(region.zones, c.zoneMask);
        return {
          name: `c${i}`,
          region: region.name,
          zones,
          labels: (c.labelProd ? { env: 'prod' } : {}) as Record<string, string>,
          nodePools: c.pools.map((p, j) => ({ name: `p${j}`, cpuMillicores: p.cpuMillicores, memoryBytes: p.memoryBytes, count: p.count, maxPods: p.maxPods, zones: pick(zones, p.zoneMask) })),
        };
      }),
    };
  });

function policyArb(clusterNames: string[]): fc.Arbitrary<PlacementPolicy> {
  const scheduling: fc.Arbitrary<ReplicaScheduling> = fc.oneof(
    fc.constant({ kind: 'duplicated' as const }),
    fc.constant({ kind: 'divided' as const, division: 'availableReplicas' as const }),
    fc.constant({ kind: 'divided' as const, division: 'aggregated' as const }),
    fc
      .array(fc.record({ cluster: fc.constantFrom(...clusterNames), weight: fc.integer({ min: 0, max: 5 }) }), { maxLength: 4 })
      .map((ws) => ({ kind: 'divided' as const, division: 'staticWeights' as const, weights: ws.filter((w, i) => ws.findIndex((x) => x.cluster === w.cluster) === i) })),
  );
  const affinity = fc.oneof(
    fc.subarray(clusterNames, { minLength: 1 }).map((names) => ({ clusterNames: names })),
    fc.subarray(['eu-*', 'us-*', 'eu-west-?'], { minLength: 1 }).map((regions) => ({ regions })),
    fc.constant({ labels: { env: 'prod' } }),
    fc.constant({ providers: ['gcp'] }),
  );
  const spread: fc.Arbitrary<SpreadConstraint[]> = fc
    .subarray(['cluster', 'zone', 'region', 'provider'] as const)
    .chain((fields) =>
      fc.tuple(
        ...fields.map((by) =>
          fc.integer({ min: 1, max: 3 }).chain((minGroups) => fc.integer({ min: minGroups, max: 4 }).map((maxGroups) => ({ by, minGroups, maxGroups }))),
        ),
      ),
    );
  const residency = fc.option(
    fc.record({ allowedRegions: fc.subarray(['eu-*', 'us-east-1'], { minLength: 1 }), mode: fc.constantFrom('hard' as const, 'audit' as const) }),
    { nil: undefined },
  );
  return fc.record({
    replicaScheduling: scheduling,
    clusterAffinities: fc.array(affinity, { maxLength: 2 }),
    spreadConstraints: spread,
    residency,
  });
}

interface Case {
  fleet: Fleet;
  services: CompiledService[];
  availability: Availability;
  strategy: 'spread' | 'pack';
}

const caseArb: fc.Arbitrary<Case> = fleetInputArb.chain((input) => {
  const fleet = buildFleet(input);
  const names = fleet.clusters.map((c) => c.name);
  const svc = fc.record({
    replicas: fc.integer({ min: 0, max: 30 }),
    cpuMillicores: fc.integer({ min: 0, max: 8 }).map((x) => x * 250),
    memoryBytes: fc.integer({ min: 0, max: 16 }).map((x) => x * 256 * 1024 * 1024),
    policy: policyArb(names),
  });
  return fc.record({
    fleet: fc.constant(fleet),
    services: fc.array(svc, { minLength: 1, maxLength: 4 }).map((ss) => ss.map((s, i): CompiledService => compileService(fleet, { name: `s${i}`, ...s } as ServicePlacementInput))),
    availability: fc.record({
      clusterUp: fc.array(fc.constantFrom(0, 1, 1, 1), { minLength: fleet.clusters.length, maxLength: fleet.clusters.length }).map((a) => Uint8Array.from(a)),
      nodeUp: fc.array(fc.constantFrom(0, 1, 1, 1), { minLength: fleet.nodes.count, maxLength: fleet.nodes.count }).map((a) => Uint8Array.from(a)),
    }),
    strategy: fc.constantFrom('spread' as const, 'pack' as const),
  });
});

const RUNS = { numRuns: 300, seed: 20240601 };
const run = (c: Case): DesignPlacement => placeDesign(c.fleet, c.services, c.availability, { nodeStrategy: c.strategy });

describe('placement properties', () => {
  it('never over capacity; nothing on a node or cluster that is down', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const d = run(c);
        const n = c.fleet.nodes.count;
        const cpu = new Float64Array(n);
        const mem = new Float64Array(n);
        const pods = new Int32Array(n);
        d.services.forEach((r, i) => {
          for (const node of r.podNodes) {
            cpu[node] += c.services[i].cpuMillicores;
            mem[node] += c.services[i].memoryBytes;
            pods[node]++;
          }
        });
        for (let i = 0; i < n; i++) {
          if (pods[i] === 0) continue;
          expect(c.availability.nodeUp[i]).toBe(1);
          expect(c.availability.clusterUp[c.fleet.nodes.clusterId[i]]).toBe(1);
          expect(cpu[i]).toBeLessThanOrEqual(c.fleet.nodes.cpuAllocatableMillicores[i]);
          expect(mem[i]).toBeLessThanOrEqual(c.fleet.nodes.memoryAllocatableBytes[i]);
          expect(pods[i]).toBeLessThanOrEqual(c.fleet.nodes.maxPods[i]);
        }
        for (const h of d.headroom) expect(h.cpuRequestedMillicores).toBeLessThanOrEqual(h.cpuAllocatableMillicores);
      }),
      RUNS,
    );
  });

  it('replicas are conserved: placed + pending = assigned; duplicated per cluster, divided in total', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const d = run(c);
        d.services.forEach((r, i) => {
          const s = c.services[i];
          const sel = new Set(r.selectedClusters);
          let assigned = 0;
          let placed = 0;
          const podsIn = new Int32Array(c.fleet.clusters.length);
          for (const node of r.podNodes) podsIn[c.fleet.nodes.clusterId[node]]++;
          for (let k = 0; k < c.fleet.clusters.length; k++) {
            expect(r.placed[k] + r.pending[k]).toBe(r.assigned[k]);
            expect(r.placed[k]).toBeGreaterThanOrEqual(0);
            expect(podsIn[k]).toBe(r.placed[k]);
            if (!sel.has(k)) expect(r.assigned[k]).toBe(0);
            if (s.scheduling.kind === 'duplicated' && sel.has(k)) expect(r.assigned[k]).toBe(s.replicas);
            assigned += r.assigned[k];
            placed += r.placed[k];
          }
          expect(r.podNodes.length).toBe(placed);
          if (r.unscheduled > 0) {
            expect(r.unscheduled).toBe(s.replicas);
            expect(assigned).toBe(0);
          } else if (s.scheduling.kind !== 'duplicated') expect(assigned).toBe(s.replicas);
        });
      }),
      RUNS,
    );
  });

  it('hard residency is never violated; audit flags exactly the clusters outside', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const d = run(c);
        d.services.forEach((r, i) => {
          const s = c.services[i];
          const outside = [];
          for (let k = 0; k < c.fleet.clusters.length; k++) {
            if (s.residencyAllowed[k] === 1 || r.assigned[k] === 0) continue;
            expect(s.residencyMode).not.toBe('hard');
            outside.push(c.fleet.clusters[k].name);
          }
          expect(r.residencyViolations.map((v) => v.cluster)).toEqual(outside);
        });
      }),
      RUNS,
    );
  });

  it('selected clusters are up, match the affinity term used, and meet every spread constraint', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const d = run(c);
        d.services.forEach((r, i) => {
          const s = c.services[i];
          if (r.affinityIndex < 0) return;
          const term = new Set(s.affinities[r.affinityIndex].clusters);
          for (const k of r.selectedClusters) {
            expect(term.has(k)).toBe(true);
            expect(c.availability.clusterUp[k]).toBe(1);
          }
          for (const sc of s.spread) {
            const groups = new Set<string | number>();
            for (const k of r.selectedClusters) for (const g of groupsOf(c.fleet, k, sc.by)) groups.add(g);
            expect(groups.size).toBeGreaterThanOrEqual(sc.minGroups);
            expect(groups.size).toBeLessThanOrEqual(sc.maxGroups);
          }
        });
      }),
      RUNS,
    );
  });

  it('one service alone: placed = min(assigned, available replicas); capacity-aware division leaves nothing pending when it fits', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const s = c.services[0];
        const d = placeDesign(c.fleet, [s], c.availability, { nodeStrategy: c.strategy });
        const r = d.services[0];
        const cap = emptyCapacity(c.fleet, c.availability);
        let fitSelected = 0;
        for (let k = 0; k < c.fleet.clusters.length; k++) {
          const fit = c.availability.clusterUp[k] ? podsFitInCluster(c.fleet, cap, k, s.cpuMillicores, s.memoryBytes) : 0;
          expect(r.placed[k]).toBe(Math.min(r.assigned[k], fit));
          if (r.selectedClusters.includes(k)) fitSelected += fit;
        }
        if ((s.scheduling.kind === 'availableReplicas' || s.scheduling.kind === 'aggregated') && fitSelected >= s.replicas) expect(d.pendingPods).toBe(0);
      }),
      RUNS,
    );
  });

  it('deterministic: the same input gives the same output', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        expect(run(c)).toEqual(run(c));
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});
