/**
 * Transfer prices by source region for every well-known region (src/cost/catalog/transferBySource.ts):
 * each region has its own sourced price or an explicit stand-in that docs/cost.md lists and the bill
 * notes; the figures agree with a second, independent source where one exists.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PriceCatalog } from '../../../src/cost/index.js';
import { continentOf } from '../../../src/cost/continents.js';
import { tieredUsd } from '../../../src/cost/tiers.js';
import { awsSourcedRates, awsUnsourcedRegions } from '../../../src/cost/catalog/transferBySource.js';
import { KNOWN_REGIONS } from '../../../src/scenario/regions.js';
import { cost, fleetYaml, line, observe, world } from '../fixture.js';

const catalog = PriceCatalog.builtin();
const ROOT = join(import.meta.dirname, '..', '..', '..');
const GB = 1e9;
const aws = KNOWN_REGIONS.filter((r) => r.provider === 'aws');
const azure = KNOWN_REGIONS.filter((r) => r.provider === 'azure');

/** The regions docs/cost.md lists as having a stand-in transfer price (between the unsourced-transfer markers). */
function documentedStandIns(): Set<string> {
  const doc = readFileSync(join(ROOT, 'docs', 'cost.md'), 'utf8');
  const block = /<!-- unsourced-transfer:start -->([\s\S]*?)<!-- unsourced-transfer:end -->/.exec(doc);
  expect(block, 'docs/cost.md has the unsourced-transfer block').not.toBeNull();
  return new Set([...block![1].matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]));
}

describe('AWS: every region of the region table', () => {
  it('has a sourced inter-region and internet price, or an explicit stand-in for both', () => {
    const standIns = new Set(awsUnsourcedRegions().map((u) => u.region));
    for (const r of aws) {
      const inter = catalog.find('transfer/aws/interRegion', r.name)!;
      const internet = catalog.find('transfer/aws/internet', r.name)!;
      if (awsSourcedRates(r.name) !== undefined) {
        expect(standIns.has(r.name), r.name).toBe(false);
        expect(inter.unsourced, r.name).toBeUndefined();
        expect(internet.unsourced, r.name).toBeUndefined();
        expect(inter.usd, r.name).toBe(awsSourcedRates(r.name)!.interRegion);
        expect(internet.tiers!.map((t) => t.usdPerGb), r.name).toEqual(awsSourcedRates(r.name)!.internet);
      } else {
        expect(standIns.has(r.name), r.name).toBe(true);
        expect(inter.key).toBe(`transfer/aws/interRegion@${r.name}`);
        expect(inter.unsourced).toMatch(new RegExp(`^no sourced transfer price for ${r.name}; using [a-z0-9-]+'s`));
        expect(internet.unsourced).toBe(inter.unsourced);
      }
    }
    // 25 of the 32 regions are sourced; the rest are the newest regions (2022–2025).
    expect(aws.length).toBe(32);
    expect([...standIns].sort()).toEqual(['ap-southeast-3', 'ap-southeast-4', 'ap-southeast-7', 'eu-central-2', 'eu-south-2', 'me-central-1', 'mx-central-1']);
  });

  it('a stand-in repeats its nearest sourced region’s rates: me-central-1 (UAE) pays me-south-1’s (Bahrain)', () => {
    const u = awsUnsourcedRegions().find((x) => x.region === 'me-central-1')!;
    expect(u.standIn).toBe('me-south-1');
    expect(catalog.find('transfer/aws/interRegion', 'me-central-1')!.usd).toBe(catalog.find('transfer/aws/interRegion', 'me-south-1')!.usd);
    expect(catalog.find('transfer/aws/internet', 'ap-southeast-4')!.tiers).toEqual(catalog.find('transfer/aws/internet', 'ap-southeast-2')!.tiers);
  });

  it('agrees with AWS’s EC2 pricing page as quoted in docs/references.md (2025) in the six regions quoted there', () => {
    // Written from the EC2 on-demand pricing page (docs/references.md, "AWS inter-region from the
    // source region" and "AWS internet egress by source region"), independently of the Infracost
    // figures the catalog is generated from (2024-09). Exact: both are AWS's published four-decimal prices.
    const page: Record<string, [number, number[]]> = {
      'ap-northeast-1': [0.09, [0.114, 0.089, 0.086, 0.084]],
      'ap-northeast-2': [0.08, [0.126, 0.122, 0.117, 0.108]],
      'ap-southeast-1': [0.09, [0.12, 0.085, 0.082, 0.08]],
      'ap-southeast-2': [0.098, [0.114, 0.098, 0.094, 0.092]],
      'ap-south-1': [0.086, [0.1093, 0.085, 0.082, 0.08]],
      'sa-east-1': [0.138, [0.15, 0.138, 0.126, 0.114]],
    };
    for (const [region, [inter, internet]] of Object.entries(page)) {
      expect(catalog.find('transfer/aws/interRegion', region)!.usd, region).toBe(inter);
      expect(catalog.find('transfer/aws/internet', region)!.tiers!.map((t) => t.usdPerGb), region).toEqual(internet);
    }
    // And the US/Europe rates of the page (the region-less items) are what the Infracost figures give there.
    for (const region of ['us-east-2', 'us-west-2', 'ca-central-1', 'eu-west-1', 'eu-central-1', 'eu-north-1']) {
      expect(awsSourcedRates(region), region).toEqual({ interRegion: 0.02, internet: [0.09, 0.085, 0.07, 0.05] });
      expect(catalog.find('transfer/aws/interRegion', region)!.key, region).toBe('transfer/aws/interRegion');
    }
  });

  it('every internet tier is no dearer than the one before it, and the regions the issue named pay more than the US rate', () => {
    for (const r of aws) {
      const t = catalog.find('transfer/aws/internet', r.name)!.tiers!.map((x) => x.usdPerGb);
      for (let i = 1; i < t.length; i++) expect(t[i], `${r.name} tier ${i}`).toBeLessThanOrEqual(t[i - 1]);
    }
    for (const region of ['af-south-1', 'me-south-1', 'ap-east-1', 'ap-south-2', 'il-central-1', 'ap-northeast-3', 'ap-southeast-5']) {
      expect(catalog.find('transfer/aws/interRegion', region)!.usd, region).toBeGreaterThan(0.02);
      expect(catalog.find('transfer/aws/internet', region)!.usd, region).toBeGreaterThan(0.09);
    }
  });
});

describe('Azure: every region of the region table', () => {
  // MongoDB Atlas's docs (Atlas Stream Processing, Azure data transfer) quote Azure's ranges: same
  // continent 0.02–0.16, out to the internet 0.087–0.181: a second source that bounds every figure.
  it('has an inter-region price by its continent (stand-in in Oceania) within the 0.02–0.16 a second source quotes', () => {
    for (const r of azure) {
      const item = catalog.find('transfer/azure/interRegion', r.name)!;
      const continent = continentOf(r.location);
      const expected = continent === 'northAmerica' || continent === 'europe' ? 0.02 : continent === 'southAmerica' ? 0.16 : 0.08;
      expect(item.usd, r.name).toBe(expected);
      expect(item.usd).toBeGreaterThanOrEqual(0.02);
      expect(item.usd).toBeLessThanOrEqual(0.16);
      if (continent === 'oceania') expect(item.unsourced, r.name).toMatch(new RegExp(`^no sourced inter-region transfer price for ${r.name} .*Oceania`));
      else expect(item.unsourced, r.name).toBeUndefined();
    }
    expect(catalog.find('transfer/azure/interRegion', 'koreacentral')!.usd).toBe(0.08);
    expect(catalog.find('transfer/azure/interRegion', 'chilecentral')!.usd).toBe(0.16);
  });

  it('pays Zone 1’s 0.087 to the internet in North America and Europe, and an explicit stand-in elsewhere, within 0.087–0.181', () => {
    for (const r of azure) {
      const item = catalog.find('transfer/azure/internet', r.name)!;
      const zone1 = ['northAmerica', 'europe'].includes(continentOf(r.location)!);
      expect(item.unsourced === undefined, r.name).toBe(zone1);
      expect(item.usd).toBeGreaterThanOrEqual(0.087);
      expect(item.usd).toBeLessThanOrEqual(0.181);
    }
  });
});

describe('GCP: every region of the region table', () => {
  it('pays its continent’s rate between regions within it: North America 0.01, Europe 0.02, Asia 0.05, elsewhere a stand-in', () => {
    for (const r of KNOWN_REGIONS.filter((x) => x.provider === 'gcp')) {
      const item = catalog.find('transfer/gcp/interRegion', r.name)!;
      const continent = continentOf(r.location)!;
      const sourced: Record<string, number> = { northAmerica: 0.01, europe: 0.02, asia: 0.05 };
      if (continent in sourced) {
        expect(item.usd, r.name).toBe(sourced[continent]);
        expect(item.unsourced, r.name).toBeUndefined();
      } else {
        expect(item.usd, r.name).toBe(0.05);
        expect(item.unsourced, r.name).toMatch(new RegExp(`^no sourced inter-region transfer price for ${r.name} `));
      }
      // Between continents and to the internet GCP prices by destination, not source: one item for all.
      expect(catalog.find('transfer/gcp/interContinent', r.name)!.key).toBe('transfer/gcp/interContinent');
      expect(catalog.find('transfer/gcp/internet', r.name)!.key).toBe('transfer/gcp/internet');
    }
  });
});

describe('docs/cost.md', () => {
  it('lists exactly the regions with a stand-in transfer price', () => {
    const withStandIn = new Set(
      catalog
        .items()
        // Azure between continents is a stand-in in every region: docs/cost.md says so in one sentence.
        .filter((i) => i.key.startsWith('transfer/') && i.unsourced !== undefined && !i.key.startsWith('transfer/azure/interContinent'))
        .map((i) => i.key.split('@')[1]),
    );
    expect([...documentedStandIns()].sort()).toEqual([...withStandIn].sort());
  });
  it('says every Azure region pays a stand-in between continents, and each has one: its rate within its continent, at least 0.05', () => {
    expect(readFileSync(join(ROOT, 'docs', 'cost.md'), 'utf8')).toMatch(/Azure traffic between continents[^.]*stand-in/);
    for (const r of KNOWN_REGIONS.filter((k) => k.provider === 'azure')) {
      const item = catalog.find('transfer/azure/interContinent', r.name)!;
      expect(item.key, r.name).toBe(`transfer/azure/interContinent@${r.name}`);
      expect(item.unsourced, r.name).toBeDefined();
      expect(item.usd, r.name).toBe(Math.max(0.05, catalog.find('transfer/azure/interRegion', r.name)!.usd));
    }
  });
});

describe('the bill', () => {
  const pricing = `pricing:
  overrides: [ { instanceType: m6i.xlarge, priceUsdPerHour: 0.2 } ]`;
  const pair = (a: string, b: string) =>
    world(fleetYaml({ clusters: [{ name: 'a', region: a, type: 'm6i.xlarge', nodes: 2 }, { name: 'b', region: b, type: 'm6i.xlarge', nodes: 2 }], pricing }));
  const noFixed = { logsIngested: false, natGatewaysPerCluster: 0, loadBalancersPerCluster: 0 } as const;

  it('Cape Town → Dublin: 730 GB × $0.147 (it was billed at the US rate, $0.02, before), 7,300 GB to the internet at Cape Town’s tiers', () => {
    const w = pair('af-south-1', 'eu-west-1');
    const c = cost(w, observe(w, { a: { nodes: 2, interRegion: GB, internet: 10 * GB }, b: { nodes: 2 } }), { usage: noFixed });
    const l = line(c, 'inter-region (between continents)', 'a');
    expect(l.priceKey).toBe('transfer/aws/interRegion@af-south-1');
    expect(l.monthlyUsd).toBeCloseTo(730 * 0.147, 9);
    const e = line(c, 'aws internet egress (responses) from af-south-1');
    expect(e.priceKey).toBe('transfer/aws/internet@af-south-1');
    expect(e.monthlyUsd).toBeCloseTo(tieredUsd(catalog.find('transfer/aws/internet', 'af-south-1')!, 7300), 9);
    expect(e.monthlyUsd).toBeCloseTo((7300 - 100) * 0.154, 9);
    expect(c.notes.filter((n) => n.startsWith('no sourced'))).toEqual([]);
  });

  it('a stand-in price says so in the bill’s notes, once per item: Querétaro (mx-central-1)', () => {
    const w = pair('mx-central-1', 'us-east-1');
    const c = cost(w, observe(w, { a: { nodes: 2, interRegion: GB, internet: GB }, b: { nodes: 2, interRegion: GB, internet: GB } }), { usage: noFixed });
    const notes = c.notes.filter((n) => n.startsWith('no sourced'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^no sourced transfer price for mx-central-1; using us-east-2's \(the nearest region with one, \d+ km away\)/);
    expect(line(c, 'inter-region', 'a').priceKey).toBe('transfer/aws/interRegion@mx-central-1');
  });

  it('US and Europe only (the bundled scenarios): no stand-in note, one internet line at the region-less item', () => {
    const w = pair('us-east-1', 'eu-west-1');
    const c = cost(w, observe(w, { a: { nodes: 2, interRegion: GB, internet: GB }, b: { nodes: 2, interRegion: GB, internet: GB } }), { usage: noFixed });
    expect(c.notes.filter((n) => n.startsWith('no sourced'))).toEqual([]);
    expect(line(c, 'aws internet egress (responses)').priceKey).toBe('transfer/aws/internet');
  });
});
