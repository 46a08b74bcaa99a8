import { describe, expect, it } from 'vitest';
import { applySizing, sizeDesign, type SizedFleet } from '../../../src/model/sizing/index.js';
import { hourlyFactor } from '../../../src/model/traffic/demand.js';
import { loadScenario, type Design, type Scenario } from '../../../src/scenario/index.js';
import { scenarioOf, twoRegions } from './fixture.js';

function bundled(name: string): Scenario {
  const r = loadScenario(`scenarios/${name}.yaml`);
  if (!r.ok) throw new Error(`scenarios/${name}.yaml does not load`);
  return r.scenario;
}

function withSizing(s: Scenario, headroomRatio: number, kind: 'none' | 'region' = 'region'): Scenario {
  const sizing = { headroomRatio, minReplicasPerCluster: 1, failoverNodes: 'standing', survive: { kind, name: undefined } } as Design['sizing'];
  return { ...s, designs: s.designs.map((d) => ({ ...d, sizing })) };
}

const replicasOf = (z: SizedFleet) => z.services.map((s) => s.replicas);
const nodesOf = (z: SizedFleet) => z.nodePools.map((p) => p.nodes);

describe('sizing properties', () => {
  it('more headroom never gives fewer replicas or nodes (default scenario, both designs; the fixture)', () => {
    const headrooms = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9];
    const base = bundled('default');
    for (let d = 0; d < base.designs.length; d++) {
      const sized = headrooms.map((h) => sizeDesign(withSizing(base, h), d));
      for (let i = 1; i < sized.length; i++) {
        replicasOf(sized[i]).forEach((r, s) => expect(r).toBeGreaterThanOrEqual(replicasOf(sized[i - 1])[s]));
        nodesOf(sized[i]).forEach((n, p) => expect(n).toBeGreaterThanOrEqual(nodesOf(sized[i - 1])[p]));
      }
      // The sweep is not flat: 90% headroom needs more than none.
      expect(replicasOf(sized[sized.length - 1]).reduce((a, b) => a + b)).toBeGreaterThan(replicasOf(sized[0]).reduce((a, b) => a + b));
    }
    const fixture = headrooms.map((h) => sizeDesign(scenarioOf(twoRegions({ sizing: `{ headroom: ${h * 100}% }` })), 0).services[0].replicas);
    for (let i = 1; i < fixture.length; i++) expect(fixture[i]).toBeGreaterThanOrEqual(fixture[i - 1]);
  });

  it('is deterministic: the same input gives the same fleet, field for field', () => {
    const s = bundled('gdpr-eu-us');
    for (let d = 0; d < s.designs.length; d++) {
      const a = sizeDesign(s, d);
      const b = sizeDesign(s, d);
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    }
  });

  it('surviving a region needs at least what surviving nothing needs, on every bundled scenario', () => {
    for (const name of ['default', 'anycast-three-regions', 'gdpr-eu-us', 'retail-segmented']) {
      const s = bundled(name);
      for (let d = 0; d < s.designs.length; d++) {
        const none = sizeDesign(withSizing(s, 0.2, 'none'), d);
        const region = sizeDesign(withSizing(s, 0.2, 'region'), d);
        replicasOf(region).forEach((r, i) => expect(r, `${name} ${s.designs[d].name} ${region.services[i].service}`).toBeGreaterThanOrEqual(replicasOf(none)[i]));
        nodesOf(region).forEach((n, i) => expect(n).toBeGreaterThanOrEqual(nodesOf(none)[i]));
      }
    }
  });

  it('the peak is the diurnal hour with the most demand, and a survivor carries the largest sum, not the sum of the peaks', () => {
    const diurnal = '{ peakToTrough: 3, peakHourUtc: 19 }';
    const z = sizeDesign(scenarioOf(twoRegions({ diurnal, sizing: '{ survive: none }', latency: '[]' })), 0);
    const peakFactor = Math.max(...Array.from({ length: 24 }, (_, h) => hourlyFactor(h * 3600, { peakToTroughRatio: 3, peakHourUtc: 19 })));
    const eu = z.needs.find((n) => n.cluster === 'eu')!;
    expect(eu.peakPerS).toBeCloseTo(400 * peakFactor, 9);
    expect(Math.floor(eu.peakAtS / 3600)).toBe(18); // the hour [18:00, 19:00) and [19:00, 20:00) straddle the 19:00 peak equally; the first wins

    const apart = `{ peakToTrough: 3, peakHourUtc: 19 }`;
    const yaml = twoRegions({ diurnal: apart, latency: '[]' }).replace(/(north-america.*?)peakHourUtc: 19/, '$1peakHourUtc: 7');
    const r = sizeDesign(scenarioOf(yaml), 0);
    const survivor = r.needs.find((n) => n.cluster === 'eu' && n.failure === 'region us-east-1')!;
    let most = 0;
    for (let h = 0; h < 24; h++) {
      most = Math.max(most, 400 * hourlyFactor(h * 3600, { peakToTroughRatio: 3, peakHourUtc: 19 }) + 300 * hourlyFactor(h * 3600, { peakToTroughRatio: 3, peakHourUtc: 7 }));
    }
    expect(survivor.peakPerS).toBeCloseTo(most, 9);
    expect(survivor.peakPerS).toBeLessThan(700 * peakFactor);
  });

  it('a spike within the horizon is part of the peak; one after it is not', () => {
    const spiked = (at: string) => twoRegions({ sizing: '{ survive: none }', latency: '[]' }).replace('entryService: web, diurnal', `entryService: web, spikes: [ { at: ${at}, for: 30m, multiplier: 2 } ], diurnal`);
    const inside = sizeDesign(scenarioOf(spiked('1d')), 0);
    const after = sizeDesign(scenarioOf(spiked('3d')), 0); // the horizon is 2d
    const eu = (z: SizedFleet) => z.needs.find((n) => n.cluster === 'eu')!;
    expect(eu(inside).peakPerS).toBe(800);
    expect(eu(inside).peakAtS).toBe(86_400);
    expect(eu(after).peakPerS).toBe(400);
  });

  it('explains every number: one line per service and per sized pool, naming the constraint and the failure', () => {
    const z = sizeDesign(scenarioOf(twoRegions()), 0);
    expect(z.explanation[0]).toBe('sized: sized for its peak with 20% headroom and at least 2 pods per cluster, surviving any one region (2 considered)');
    expect(z.explanation[1]).toMatch(/^web: 11 replicas per cluster \(duplicated\) — web in us: 11 pods — peak 700 req\/s at 00:00 UTC with region eu-west-1 lost; utilization 79.5% ≤ 80% \(headroom 20%\) needs 44 servers \(4 per pod\); p99 wait 12.7 ms within 265 ms$/);
    expect(z.explanation.filter((l) => /^(eu|us)\/general: \d+ nodes — N\+1: with one node lost, the \d+ nodes left hold the pods of everything up \(pod slots: \d+ pods, 10 per node\)$/.test(l))).toHaveLength(2);
  });

  it('reports what sizing cannot fix: a single-cluster design cannot survive its region', () => {
    const s = bundled('retail-segmented');
    const z = sizeDesign(withSizing(s, 0.2, 'region'), 0);
    expect(z.problems.some((p) => p.startsWith('region us-east-1 lost: no cluster runs frontend'))).toBe(true);
  });
});

describe('applySizing', () => {
  it('puts the sized counts and replicas into the design infrastructure; autoscaling starts at the sized count', () => {
    const s = scenarioOf(twoRegions());
    const z = sizeDesign(s, 0);
    const infra = applySizing(s, 0, z);
    const web = z.services[0].replicas;
    expect(infra.services.find((x) => x.name === 'web')!.replicas).toBe(web);
    for (const c of infra.clusters) {
      const pool = c.nodePools[0];
      const sized = z.nodePools.find((p) => p.cluster === c.name)!.nodes;
      // The fixture's pools autoscale 2..30 and size to 3 (11 pods, N+1): count and min 3, max kept.
      expect(sized).toBe(3);
      expect(pool.count).toBe(sized);
      expect(pool.autoscaling).toEqual({ minCount: sized, maxCount: 30 });
    }
    // The input is untouched.
    expect(s.clusters[0].nodePools[0].count).toBe(3);
    expect(s.clusters[0].nodePools[0].autoscaling).toEqual({ minCount: 2, maxCount: 30 });
  });

  it('raises a minimum below the sized count and a maximum below it', () => {
    const s = scenarioOf(twoRegions({ europePerS: 20000, americaPerS: 15000, latency: '[]' }));
    const z = sizeDesign(s, 0);
    const eu = z.nodePools.find((p) => p.cluster === 'eu')!;
    expect(eu.nodes).toBeGreaterThan(30);
    const pool = applySizing(s, 0, z).clusters[0].nodePools[0];
    expect(pool.count).toBe(eu.nodes);
    expect(pool.autoscaling).toEqual({ minCount: eu.nodes, maxCount: eu.nodes });
  });

  it('refuses a sizing of another design', () => {
    const s = bundled('default');
    expect(() => applySizing(s, 2, sizeDesign(s, 0))).toThrow(/sizing of design "replicated" applied to design "active-active"/);
  });
});
