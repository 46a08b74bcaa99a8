import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinCatalogData, costSetup, loadCatalog, parseCatalog, PriceCatalog } from '../../../src/cost/index.js';
import { MANAGED_TIERS } from '../../../src/scenario/defaults.js';
import { fleetYaml, world } from '../fixture.js';

describe('catalog files', () => {
  it('overlay the built-in catalog item by item, keeping the rest', () => {
    const r = parseCatalog(
      `apiVersion: fleetsim/prices/v1
version: acme/2026-05
items:
  - { key: instance/aws/m6i.xlarge@us-east-1, unit: usd/node-hour, usd: 0.15, source: EDP contract, asOf: 2026-05 }
`,
      'acme.yaml',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.catalog.version).toBe('fleetsim-builtin/2026-05 + acme/2026-05');
    expect(r.catalog.find('instance/aws/m6i.xlarge', 'us-east-1')!.usd).toBe(0.15);
    expect(r.catalog.find('instance/aws/m6i.xlarge', 'eu-west-1')!.usd).toBe(0.214);
  });
  it('extends: none keeps only the file', () => {
    const r = parseCatalog('apiVersion: fleetsim/prices/v1\nversion: mine\nextends: none\nitems: []\n', 'mine.yaml');
    expect(r.ok && r.catalog.items().length).toBe(0);
  });
  it('report mistakes with file, line and column', () => {
    const r = parseCatalog(
      `apiVersion: fleetsim/prices/v1
version: bad
items:
  - { key: nat/aws/hour, unit: usd/hour, usd: 0.05, source: x, asOf: 2026 }
  - { key: nat/aws/hour, unit: usd/hour, usd: 0.06, source: x, asOf: 2026 }
  - { key: discount/aws/spot, unit: discount-ratio, usd: 1.5, source: x, asOf: 2026 }
`,
      'bad.yaml',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => `${e.line}:${e.col} ${e.path}: ${e.message}`)).toEqual([
      '5:12 items[1].key: duplicate key "nat/aws/hour" (also items[0])',
      '6:58 items[2].usd: a discount ratio must be below 1, got 1.5',
    ]);
  });
  it('reject keys outside the scheme and missing sources', () => {
    const r = parseCatalog('apiVersion: fleetsim/prices/v1\nversion: v\nitems:\n  - { key: nodes/aws/x, unit: usd/hour, usd: 1, asOf: 2026 }\n', 'k.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.path).sort()).toEqual(['items[0].key', 'items[0].source']);
    expect(r.errors[0].line).toBe(4);
  });
  it('a missing file is an error, not an exception', () => {
    const r = loadCatalog('/nonexistent/prices.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].message).toMatch(/no such file/);
  });
  it('pricing.catalog is read relative to the scenario file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetsim-cost-'));
    writeFileSync(join(dir, 'prices.yaml'), 'apiVersion: fleetsim/prices/v1\nversion: rel\nitems:\n  - { key: nat/aws/hour, unit: usd/hour, usd: 0.5, source: s, asOf: 2026 }\n');
    const text = fleetYaml({ clusters: [{ name: 'c1', region: 'us-east-1', type: 'm6i.xlarge', nodes: 1 }], pricing: 'pricing: { catalog: prices.yaml }' });
    const w = world(text);
    const s = { ...w.scenario, sourceFile: join(dir, 'scenario.yaml') };
    expect(costSetup(s).catalog.find('nat/aws/hour', 'us-east-1')!.usd).toBe(0.5);
  });
});

describe('the built-in catalog', () => {
  it('agrees with the scenario defaults on every managed control-plane fee', () => {
    const c = PriceCatalog.builtin();
    for (const [tier, t] of Object.entries(MANAGED_TIERS)) expect(c.find(`controlPlane/${t.provider}/${tier}`)!.usd).toBe(t.feeUsdPerHour);
  });
  it('quotes docs/references.md figures exactly', () => {
    const c = PriceCatalog.builtin();
    expect(c.find('instance/aws/m6i.xlarge', 'us-east-1')!.usd).toBe(0.192);
    expect(c.find('instance/gcp/e2-standard-4', 'europe-west1')!.usd).toBe(0.147);
    expect(c.find('loadBalancer/aws/hour')!.usd).toBe(0.0225);
    expect(c.find('nat/azure/gb')!.usd).toBe(0.045);
    expect(c.find('logs/azure/gb')!.usd).toBe(2.99);
    expect(c.find('transfer/gcp/internet')!.usd).toBe(0.12);
  });
  it('gives every item a source and a date, and sane ratios', () => {
    for (const i of builtinCatalogData().items) {
      expect(i.source.length).toBeGreaterThan(0);
      expect(i.asOf.length).toBeGreaterThan(0);
      if (i.unit === 'discount-ratio') expect(i.usd).toBeLessThan(1);
    }
  });
});
