import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Results } from '../../src/run/results.js';
import { fleetFacts, type FleetFacts } from '../../src/report/fleetFacts.js';
import { MAX_LABELLED_REGIONS, fleetMapChart, fleetTablesHtml, placementHtml } from '../../src/report/fleetMap.js';
import { renderSvg } from '../../src/report/render.js';

const golden = (): Results => JSON.parse(readFileSync('test/golden/results/default.json', 'utf8')) as Results;
const text = () => readFileSync('scenarios/default.yaml', 'utf8');
const facts = (): FleetFacts => {
  const r = golden();
  const got = fleetFacts(text(), r.scenario.file, r.scenario.sha256);
  if (!got.ok) throw new Error(got.why);
  return got.facts;
};

describe('fleet facts from the scenario text', () => {
  it('place each service as results.json says each design runs it', () => {
    const r = golden();
    const f = facts();
    expect(f.regions.map((x) => [x.name, x.clusters.map((c) => c.name)])).toEqual([['eu-west-1', ['eu-1']], ['us-east-1', ['us-1']]]);
    expect(f.links).toEqual([expect.objectContaining({ a: 'eu-west-1', b: 'us-east-1' })]);
    expect(f.placement.map((p) => p.design)).toEqual(r.designs.map((d) => d.name));
    for (const p of f.placement) {
      const fleet = r.scenario.designs.find((d) => d.name === p.design)!.fleet!;
      expect(p.clusters).toEqual(r.designs.find((d) => d.name === p.design)!.usedClusters);
      for (const s of p.services) {
        // results.json's replicas are per cluster for duplicated placement, the total for divided.
        const want = fleet.replicas.find((x) => x.service === s.service)!.replicas;
        const counts = Object.values(s.replicasByCluster);
        expect(counts.every((n) => n === want) || counts.reduce((a, b) => a + b, 0) === want, `${p.design}/${s.service}: ${JSON.stringify(s.replicasByCluster)} vs ${want}`).toBe(true);
      }
    }
    // The segmented design: the storefront in us-1 only, the cart in eu-1 only (its description).
    const seg = f.placement.find((p) => p.design === 'segmented')!;
    expect(seg.services.map((s) => [s.service, Object.keys(s.replicasByCluster)])).toEqual([['web', ['us-1']], ['catalog', ['us-1']], ['cart', ['eu-1']]]);
  });

  it('refuse a text that is not the one the results were run from', () => {
    const r = golden();
    const got = fleetFacts(text() + '\n# edited\n', r.scenario.file, r.scenario.sha256);
    expect(got).toEqual({ ok: false, why: expect.stringMatching(/sha256 differs/) });
    const map = fleetMapChart(null, got.ok ? '' : got.why);
    expect(map.spec).toBeNull();
    expect(map.missingReason).toMatch(/^No fleet map: .*sha256 differs/);
  });
});

describe('the fleet map and the placement matrix', () => {
  it('draws every region with its clusters and each link with its RTT', async () => {
    const f = facts();
    const svg = await renderSvg(fleetMapChart(f, '').spec!);
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(texts).toEqual(expect.arrayContaining(['eu-west-1', 'us-east-1', 'eu-1', 'us-1', `${Math.round(f.links[0].rttMs)} ms`]));
    // Every region's point is inside the plot, not fitted off the edge.
    const points = [...svg.matchAll(/aria-roledescription="point" transform="translate\((-?[\d.]+),(-?[\d.]+)\)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(points.length).toBe(2);
    for (const [x, y] of points) {
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(640);
      expect(y).toBeGreaterThan(0);
      expect(y).toBeLessThan(300);
    }
  });

  it('tabulate RTTs from regions and users, and replicas per service and cluster', () => {
    const f = facts();
    const tables = fleetTablesHtml(f);
    expect(tables).toContain(`<td class="num">${f.links[0].rttMs.toFixed(0)} ms</td>`);
    expect(tables).toMatch(/users: europe \(3,000 req\/s\)/);
    const matrix = placementHtml(f);
    expect(matrix).toContain('<h3>segmented</h3>');
    // segmented's web row: none in eu-1, 13 in us-1.
    expect(matrix).toContain('<tr><th scope="row">web</th><td class="num">·</td><td class="num">13</td></tr>');
  });
});

describe('a fleet of many regions', () => {
  it('leaves the links off the map past a handful of regions, and says the table has them', () => {
    const region = (k: number) => ({ name: `r${k}`, provider: 'onPrem', latDeg: 40 + k / 10, lonDeg: -75 - k / 10, clusters: [{ name: `c${k}`, zones: [`r${k}-a`], nodes: 3, pools: '3 × box' }] });
    const facts = (n: number): FleetFacts => {
      const regions = Array.from({ length: n }, (_, k) => region(k));
      const links = regions.flatMap((a, i) => regions.slice(i + 1).map((b) => ({ a: a.name, b: b.name, rttMs: 5, source: 'builtin-estimate' as const })));
      return { regions, links, userRegions: [], placement: [] };
    };
    const layers = (f: FleetFacts) => (fleetMapChart(f, '').spec as unknown as { layer: { mark: { type: string } }[] }).layer.map((l) => l.mark.type);
    expect(layers(facts(MAX_LABELLED_REGIONS))).toContain('rule');
    const busy = fleetMapChart(facts(MAX_LABELLED_REGIONS + 1), '');
    expect(layers(facts(MAX_LABELLED_REGIONS + 1))).not.toContain('rule');
    expect(busy.caption).toMatch(new RegExp(`With ${MAX_LABELLED_REGIONS + 1} regions the ${((MAX_LABELLED_REGIONS + 1) * MAX_LABELLED_REGIONS) / 2} links are left off the map`));
  });
});
