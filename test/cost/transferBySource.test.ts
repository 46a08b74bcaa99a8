import { describe, expect, it } from 'vitest';
import { cost, fleetYaml, line, observe, world } from './fixture.js';

// Data transfer priced by the source region on GCP and Azure, through the same `@region` items as
// AWS (docs/cost.md, "Data transfer by source region"). The hand-worked bills write every price in
// the scenario (pricing.prices), so they do not move with catalog updates; the last block reads the
// built-in catalog. Observations span one hour: × 730 gives the month.
const GB = 1e9;
const noFixed = { logsIngested: false, natGatewaysPerCluster: 0, loadBalancersPerCluster: 0 } as const;

describe('GCP, prices written in the scenario', () => {
  const PRICING = `pricing:
  overrides: [ { instanceType: n2-standard-4, priceUsdPerHour: 0.2 } ]
  prices:
    - { key: controlPlane/gcp/gke-regional, usd: 0.1 }
    - { key: transfer/gcp/interZone, usd: 0.01 }
    - { key: transfer/gcp/interRegion, usd: 0.02 }
    - { key: transfer/gcp/interRegion@asia-northeast1, usd: 0.05 }
    - { key: transfer/gcp/interRegion@asia-east1, usd: 0.03 }
    - { key: transfer/gcp/interContinent, usd: 0.08 }
    - { key: transfer/gcp/interContinent@asia-northeast1, usd: 0.11 }
    - { key: transfer/gcp/internet, usd: 0.12 }
    - { key: transfer/gcp/internet@asia-northeast1, usd: 0.15 }`;
  const gke = 'managed: { tier: gke-regional }';

  describe('Iowa and Tokyo (two continents)', () => {
    const w = world(fleetYaml({
      clusters: [
        { name: 'us', region: 'us-central1', type: 'n2-standard-4', nodes: 3, controlPlane: gke },
        { name: 'tokyo', region: 'asia-northeast1', type: 'n2-standard-4', nodes: 2, controlPlane: gke },
      ],
      pricing: PRICING,
    }));
    const c = cost(w, observe(w, { us: { nodes: 3, interRegion: 2 * GB, internet: 10 * GB }, tokyo: { nodes: 2, interRegion: GB, internet: 5 * GB } }), { usage: noFixed });

    it('intercontinental GB at the source’s rate: 1,460 GB from Iowa × $0.08; 730 GB from Tokyo × $0.11', () => {
      const us = line(c, 'inter-region (between continents)', 'us');
      expect(us.monthlyUsd).toBeCloseTo(1460 * 0.08, 9);
      expect(us.priceKey).toBe('transfer/gcp/interContinent');
      const tokyo = line(c, 'inter-region (between continents)', 'tokyo');
      expect(tokyo.monthlyUsd).toBeCloseTo(730 * 0.11, 9);
      expect(tokyo.priceKey).toBe('transfer/gcp/interContinent@asia-northeast1');
    });
    it('internet egress split by source: 7,300 GB × $0.12 from Iowa, 3,650 GB × $0.15 from Tokyo (no free allowance on GCP)', () => {
      expect(line(c, 'gcp internet egress (responses) from us-central1').monthlyUsd).toBeCloseTo(7300 * 0.12, 9);
      const tokyo = line(c, 'gcp internet egress (responses) from asia-northeast1');
      expect(tokyo.quantityPerMonth).toBeCloseTo(3650, 9);
      expect(tokyo.monthlyUsd).toBeCloseTo(3650 * 0.15, 9);
      expect(c.byCategory.dataTransfer).toBeCloseTo(1460 * 0.08 + 730 * 0.11 + 7300 * 0.12 + 3650 * 0.15, 9);
    });
  });

  it('Tokyo and Taiwan (one continent): each side pays its own within-continent rate', () => {
    const w = world(fleetYaml({
      clusters: [
        { name: 'tokyo', region: 'asia-northeast1', type: 'n2-standard-4', nodes: 2, controlPlane: gke },
        { name: 'taiwan', region: 'asia-east1', type: 'n2-standard-4', nodes: 2, controlPlane: gke },
      ],
      pricing: PRICING,
    }));
    const c = cost(w, observe(w, { tokyo: { nodes: 2, interRegion: GB }, taiwan: { nodes: 2, interRegion: 3 * GB } }), { usage: noFixed });
    expect(line(c, 'inter-region', 'tokyo').monthlyUsd).toBeCloseTo(730 * 0.05, 9);
    const taiwan = line(c, 'inter-region', 'taiwan');
    expect(taiwan.monthlyUsd).toBeCloseTo(2190 * 0.03, 9);
    expect(taiwan.priceKey).toBe('transfer/gcp/interRegion@asia-east1');
  });
});

describe('Azure, prices written in the scenario: Tokyo and Singapore', () => {
  const w = world(fleetYaml({
    clusters: [
      { name: 'tokyo', region: 'japaneast', type: 'Standard_D4s_v5', nodes: 2, controlPlane: 'managed: { tier: aks-standard }' },
      { name: 'sg', region: 'southeastasia', type: 'Standard_D4s_v5', nodes: 2, controlPlane: 'managed: { tier: aks-standard }' },
    ],
    pricing: `pricing:
  overrides: [ { instanceType: Standard_D4s_v5, priceUsdPerHour: 0.2 } ]
  prices:
    - { key: controlPlane/azure/aks-standard, usd: 0.1 }
    - { key: transfer/azure/interRegion, usd: 0.02 }
    - { key: transfer/azure/interRegion@japaneast, usd: 0.07 }
    - { key: transfer/azure/interRegion@southeastasia, usd: 0.09 }
    - { key: transfer/azure/internet, usd: 0.087 }
    - { key: transfer/azure/internet@japaneast, usd: 0.12 }
    - { key: transfer/azure/internet@southeastasia, usd: 0.1 }`,
  }));
  const c = cost(w, observe(w, { tokyo: { nodes: 2, interRegion: GB, internet: 10 * GB }, sg: { nodes: 2, interRegion: 2 * GB, internet: 5 * GB } }), { usage: noFixed });

  it('inter-region within Asia at each source’s rate: 730 GB × $0.07, 1,460 GB × $0.09', () => {
    expect(line(c, 'inter-region', 'tokyo').monthlyUsd).toBeCloseTo(730 * 0.07, 9);
    expect(line(c, 'inter-region', 'sg').monthlyUsd).toBeCloseTo(1460 * 0.09, 9);
  });
  it('internet egress by source; the account’s 100 GB free allowance is taken once', () => {
    // 7,300 GB from japaneast + 3,650 GB from southeastasia = 10,950 GB, 10,850 billable.
    expect(line(c, 'azure internet egress (responses) from japaneast').monthlyUsd).toBeCloseTo((10850 * 0.12 * 7300) / 10950, 9);
    expect(line(c, 'azure internet egress (responses) from southeastasia').monthlyUsd).toBeCloseTo((10850 * 0.1 * 3650) / 10950, 9);
  });
});

describe('the built-in catalog: Azure regions in Asia pay the Asian inter-region rate, US regions the default', () => {
  // Only the instance price is written (the built-in catalog quotes D4s v5 in eastus and westeurope only).
  const pricing = `pricing:
  overrides: [ { instanceType: Standard_D4s_v5, priceUsdPerHour: 0.2 } ]`;
  const aks = 'managed: { tier: aks-standard }';
  const pair = (a: string, b: string) =>
    world(fleetYaml({ clusters: [{ name: 'a', region: a, type: 'Standard_D4s_v5', nodes: 2, controlPlane: aks }, { name: 'b', region: b, type: 'Standard_D4s_v5', nodes: 2, controlPlane: aks }], pricing }));
  const bill = (w: ReturnType<typeof pair>) => cost(w, observe(w, { a: { nodes: 2, interRegion: GB }, b: { nodes: 2, interRegion: GB } }), { usage: noFixed });

  it('japaneast → southeastasia: 730 GB × $0.08 (transfer/azure/interRegion@japaneast)', () => {
    const l = line(bill(pair('japaneast', 'southeastasia')), 'inter-region', 'a');
    expect(l.priceKey).toBe('transfer/azure/interRegion@japaneast');
    expect(l.monthlyUsd).toBeCloseTo(730 * 0.08, 9);
  });
  it('eastus → centralus: 730 GB × $0.02 (the region-less item)', () => {
    const l = line(bill(pair('eastus', 'centralus')), 'inter-region', 'a');
    expect(l.priceKey).toBe('transfer/azure/interRegion');
    expect(l.monthlyUsd).toBeCloseTo(730 * 0.02, 9);
  });
});
