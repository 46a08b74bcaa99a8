import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodesFor, nodesInZone, onePodPerNodeFits, podsBind, podsFit, poolToSize, type NodeShape, type PodGroup } from '../../../src/model/sizing/nodes.js';
import type { ClusterSpec, RegionSpec } from '../../../src/scenario/types.js';

const region = { name: 'r', provider: 'aws', zones: ['ra', 'rb', 'rc'], location: undefined } as RegionSpec;
// Only the fields the node check reads.
const cluster = { name: 'k', region: 'r', zones: ['ra', 'rb', 'rc'] } as unknown as ClusterSpec;
const shape = (pool: string, cpu: number, mem: number, slots: number, writtenCount = 0, onDemand = true): NodeShape => ({
  pool,
  cpuMillicores: cpu,
  memoryBytes: mem,
  podSlots: slots,
  zones: ['ra', 'rb', 'rc'],
  writtenCount,
  onDemand,
});
const GI = 2 ** 30;
const pods = (count: number, cpu: number, mem = GI / 4, service = 's'): PodGroup => ({ service, count, cpuMillicores: cpu, memoryBytes: mem });

describe('node counts', () => {
  it('binds on the resource whose total needs the most nodes', () => {
    const cpu = nodesFor(region, cluster, [shape('p', 4000, 64 * GI, 110)], 0, [pods(20, 500)], undefined, 10_000)!;
    expect(cpu).toMatchObject({ nodes: 3, constraint: 'cpu', pods: 20, cpuRequestedMillicores: 10_000 });
    const mem = nodesFor(region, cluster, [shape('p', 64_000, 8 * GI, 110)], 0, [pods(20, 500, 2 * GI)], undefined, 10_000)!;
    expect(mem).toMatchObject({ nodes: 5, constraint: 'memory' });
    const slots = nodesFor(region, cluster, [shape('p', 64_000, 64 * GI, 7)], 0, [pods(20, 100)], undefined, 10_000)!;
    expect(slots).toMatchObject({ nodes: 3, constraint: 'pods' });
  });

  it('calls it packing when pods do not divide into nodes: 600m pods on 1000m nodes, one each', () => {
    const n = nodesFor(region, cluster, [shape('p', 1000, 64 * GI, 110)], 0, [pods(5, 600)], undefined, 10_000)!;
    expect(n).toMatchObject({ nodes: 5, constraint: 'packing' });
    expect(n.why).toMatch(/^packing: the pods need 5 surviving nodes as the scheduler spreads them, 3 by CPU/);
  });

  it('without a zone’s nodes: the survivors must hold every pod', () => {
    // 9 pods, 1 per node: with ra lost, n − ⌈n/3⌉ ≥ 9 → n = 14 (ra holds 5 of 14).
    const n = nodesFor(region, cluster, [shape('p', 1000, 64 * GI, 1)], 0, [pods(9, 100)], 'ra', 10_000)!;
    expect(n.nodes).toBe(14);
    expect(nodesInZone(14, ['ra', 'rb', 'rc'], 'ra')).toBe(5);
    expect(n.why).toContain('9 of 14 outside ra');
  });

  it('counts the other pools as written and grows only the sized one', () => {
    const shapes = [shape('system', 4000, 16 * GI, 110, 2), shape('general', 4000, 16 * GI, 110)];
    expect(nodesFor(region, cluster, shapes, 1, [pods(20, 1000)], undefined, 10_000)!.nodes).toBe(3); // 20 cores: 8 on system, 12 on general
    expect(nodesFor(region, cluster, shapes, 1, [pods(6, 1000)], undefined, 10_000)).toMatchObject({ nodes: 0, why: 'the other pools hold every pod' });
  });

  it('gives up past the limit rather than loop', () => {
    expect(nodesFor(region, cluster, [shape('p', 1000, GI, 1)], 0, [pods(50, 100)], undefined, 10)).toBeUndefined();
  });

  it('sizes the first on-demand pool that holds every pod, else the first that does', () => {
    const small = shape('small', 1000, GI, 110);
    const spot = shape('spot', 8000, 32 * GI, 110, 0, false);
    const big = shape('big', 8000, 32 * GI, 110);
    expect(poolToSize([small, spot, big], [pods(1, 2000)])).toBe(2);
    expect(poolToSize([small, spot], [pods(1, 2000)])).toBe(1);
    expect(poolToSize([small], [pods(1, 2000)])).toBe(-1);
    expect(poolToSize([small, big], [pods(1, 500), pods(0, 2000)])).toBe(0); // a group with no pods asks nothing
  });
});

describe('the fit check without binding (one pod per node)', () => {
  it('answers only when a pod fits an empty node and the surviving nodes outnumber the pods', () => {
    const n = shape('p', 1000, GI, 4);
    expect(onePodPerNodeFits(n, 5, [pods(3, 600), pods(2, 900)], undefined)).toBe(true);
    expect(onePodPerNodeFits(n, 4, [pods(3, 600), pods(2, 900)], undefined)).toBe(false); // 5 pods, 4 nodes: bind to know
    expect(onePodPerNodeFits(n, 9, [pods(1, 1200)], undefined)).toBe(false); // no node holds it
    expect(onePodPerNodeFits(n, 9, [pods(0, 1200), pods(2, 100)], undefined)).toBe(true); // a group of no pods asks nothing
    // 7 nodes over ra rb rc: ra holds 3, so 4 survive its loss.
    expect(onePodPerNodeFits(n, 7, [pods(4, 100)], 'ra')).toBe(true);
    expect(onePodPerNodeFits(n, 7, [pods(5, 100)], 'ra')).toBe(false);
    expect(onePodPerNodeFits({ ...n, podSlots: 0 }, 9, [pods(1, 100)], undefined)).toBe(false);
  });

  it('never says fit where binding the pods as placement does would not, and podsFit agrees with binding', () => {
    const group = fc.record({ count: fc.integer({ min: 0, max: 12 }), cpu: fc.integer({ min: 1, max: 5000 }), memGiB: fc.integer({ min: 1, max: 40 }) });
    const pool = fc.record({ cpu: fc.integer({ min: 500, max: 8000 }), memGiB: fc.integer({ min: 1, max: 64 }), slots: fc.integer({ min: 0, max: 8 }), written: fc.integer({ min: 0, max: 4 }), zones: fc.subarray(['ra', 'rb', 'rc'], { minLength: 1 }) });
    fc.assert(
      fc.property(fc.array(pool, { minLength: 1, maxLength: 3 }), fc.nat(), fc.array(group, { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 30 }), fc.constantFrom(undefined, 'ra', 'rb'), (ps, pick, gs, count, lostZone) => {
        const shapes = ps.map((p, i): NodeShape => ({ pool: `p${i}`, cpuMillicores: p.cpu, memoryBytes: p.memGiB * GI, podSlots: p.slots, zones: p.zones, writtenCount: p.written, onDemand: true }));
        const sized = pick % shapes.length;
        const groups = gs.map((g, i) => pods(g.count, g.cpu, g.memGiB * GI, `s${i}`));
        const bound = podsBind(region, cluster, shapes, sized, count, groups, lostZone);
        if (onePodPerNodeFits(shapes[sized], count, groups, lostZone)) expect(bound).toBe(true);
        expect(podsFit(region, cluster, shapes, sized, count, groups, lostZone)).toBe(bound);
      }),
      { numRuns: 400 },
    );
  });

  it('sizes as binding every probe did: the 10 000-node probe no longer binds, the counts stay', () => {
    // 40 pods of 600m on 1000m nodes, one a node: the first guess (24 by CPU) is short, so nodesFor
    // asks whether the limit fits at all, then doubles and bisects to 40.
    const n = nodesFor(region, cluster, [shape('p', 1000, 64 * GI, 110)], 0, [pods(40, 600)], undefined, 10_000)!;
    expect(n).toMatchObject({ nodes: 40, constraint: 'packing' });
    const lost = nodesFor(region, cluster, [shape('p', 1000, 64 * GI, 110)], 0, [pods(40, 600)], 'rb', 10_000)!;
    expect(lost.nodes).toBe(60); // 40 survivors of 60 outside rb
  });
});
