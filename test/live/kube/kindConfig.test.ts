import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { kindConfigs, MAX_SCENARIO_NODES_PER_CLUSTER } from '../../../src/live/kube/kindConfig.js';
import type { Scenario } from '../../../src/scenario/index.js';

interface Pool {
  name: string;
  count: number;
  zones: string[];
}

/** Just what kindConfigs reads of a scenario: one self-managed-less cluster with these pools. */
const scenarioWith = (pools: Pool[]) => ({ clusters: [{ name: 'c1', region: 'r1', controlPlane: { kind: 'managed' }, nodePools: pools }] }) as unknown as Scenario;

/** The obvious way (how kind config used to do it): list every node, queue them by zone, round-robin. */
function naiveWorkers(pools: Pool[], maxWorkers: number): Array<[string, string]> {
  const nodes = pools.flatMap((p) => Array.from({ length: p.count }, (_, i) => [p.name, p.zones[i % p.zones.length]] as [string, string]));
  if (nodes.length <= maxWorkers) return nodes;
  const byZone = new Map<string, Array<[string, string]>>();
  for (const n of nodes) byZone.set(n[1], [...(byZone.get(n[1]) ?? []), n]);
  const queues = [...byZone.values()];
  const out: Array<[string, string]> = [];
  for (let i = 0; out.length < maxWorkers; i++) {
    const n = queues[i % queues.length].shift();
    if (n !== undefined) out.push(n);
  }
  return out;
}

function workersOf(yamlText: string): Array<[string, string]> {
  const config = parse(yamlText) as { nodes: Array<{ role: string; labels?: Record<string, string> }> };
  return config.nodes.filter((n) => n.role === 'worker').map((n) => [n.labels!['fleetsim.io/pool'], n.labels!['topology.kubernetes.io/zone']]);
}

describe('kind config picks workers without listing the scenario nodes', () => {
  it('the same workers, in the same order, as listing every node (fast-check)', () => {
    const pool = fc.record({ count: fc.integer({ min: 0, max: 40 }), zones: fc.subarray(['a', 'b', 'c', 'd'], { minLength: 1 }) });
    fc.assert(
      fc.property(fc.array(pool, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 12 }), (raw, maxWorkers) => {
        const pools = raw.map((p, i) => ({ name: `p${i}`, ...p }));
        const [c] = kindConfigs(scenarioWith(pools), { maxWorkers, prefix: 'fleetsim-' });
        expect(workersOf(c.yaml)).toEqual(naiveWorkers(pools, maxWorkers));
        expect(c.scenarioNodes).toBe(pools.reduce((a, p) => a + p.count, 0));
      }),
      { numRuns: 300 },
    );
  });

  it('a pool of 50,000 nodes takes no time (queueing them one copy at a time took over 10 s; 1e8 aborted V8)', { timeout: 60_000 }, () => {
    const t0 = performance.now();
    const [c] = kindConfigs(scenarioWith([{ name: 'big', count: 50_000, zones: ['a', 'b', 'c'] }]), { maxWorkers: 5, prefix: 'fleetsim-' });
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(workersOf(c.yaml)).toEqual([
      ['big', 'a'],
      ['big', 'b'],
      ['big', 'c'],
      ['big', 'a'],
      ['big', 'b'],
    ]);
    expect(c.yaml).toContain('5 of its 50000 nodes');
  });

  it('more nodes than it reads: a clear error naming the cluster, not an abort', () => {
    expect(() => kindConfigs(scenarioWith([{ name: 'p', count: 1e8, zones: ['a'] }]), { maxWorkers: 3, prefix: 'x-' })).toThrow(
      new RegExp(`cluster "c1" has 100000000 nodes; kind config reads at most ${MAX_SCENARIO_NODES_PER_CLUSTER} per cluster`),
    );
  });
});
