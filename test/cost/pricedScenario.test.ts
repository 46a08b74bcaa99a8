import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePricedScenario, poolPrices } from '../../src/cost/index.js';
import { parseScenario } from '../../src/scenario/index.js';
import { MACHINE_SHAPES } from '../../src/scenario/machineShapes.js';
import { INSTANCE_TYPES } from '../../src/cost/catalog/instances.js';

const dir = mkdtempSync(join(tmpdir(), 'fleetsim-priced-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BASE = readFileSync(new URL('../scenario/fixtures/base.yaml', import.meta.url), 'utf8');

/** The corpus base scenario with eu-1's pool on c6i.2xlarge, which the built-in catalog prices only in us-east-1. */
function scenario(extra = ''): string {
  const text = BASE.replace('instanceType: m6i.xlarge', 'instanceType: c6i.2xlarge');
  if (text === BASE) throw new Error('base.yaml no longer has the m6i.xlarge pool this test edits');
  return text + extra;
}

describe('priced scenarios (the cost layer checks what the scenario leaves to it)', () => {
  it('every machine shape the scenario side knows is in the price catalog, and only those', () => {
    expect(INSTANCE_TYPES.map((t) => t.name)).toEqual(MACHINE_SHAPES.map((s) => s.name));
    for (const t of INSTANCE_TYPES) expect(t.prices.length).toBeGreaterThan(0);
  });

  it('a pool priced by the catalog gets the catalog price for its region', () => {
    const r = parsePricedScenario(BASE, 'base.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.scenario.clusters[0].nodePools[0].priceSource).toBe('catalog');
    expect(r.scenario.clusters[0].nodePools[0].priceUsdPerHour).toBeUndefined();
    expect(poolPrices(r.scenario).get('eu-1/general')?.usdPerHour).toBe(0.214);
    // A price written on the pool is the scenario's own.
    expect(poolPrices(r.scenario).get('us-1/general')).toEqual({ usdPerHour: 0.384, source: 'scenario file' });
  });

  it('a region the catalog has no price for is an error at the pool, with where prices exist', () => {
    const text = scenario();
    // The scenario on its own is valid: machine shapes are known everywhere; prices are the cost layer's.
    expect(parseScenario(text, 'priced.yaml').ok).toBe(true);
    const r = parsePricedScenario(text, 'priced.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const e = r.errors.find((x) => x.path === 'clusters[0].nodePools[0].instanceType');
    expect(e?.message).toBe('the catalog has no price for c6i.2xlarge in eu-west-1');
    expect(e?.line).toBe(19);
    expect(e?.hint).toBe('catalog regions for c6i.2xlarge: us-east-1');
  });

  it('a pricing override makes that region priceable', () => {
    const r = parsePricedScenario(scenario('pricing:\n  overrides: [{ instanceType: c6i.2xlarge, priceUsdPerHour: 0.38 }]\n'), 'priced.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(poolPrices(r.scenario).get('eu-1/general')).toEqual({ usdPerHour: 0.38, source: 'scenario pricing.overrides' });
  });

  it('a catalog file that prices the region satisfies the check (the catalog in use decides)', () => {
    const catalog = join(dir, 'eu.yaml');
    writeFileSync(catalog, 'apiVersion: fleetsim/prices/v1\nversion: eu/2026\nitems:\n  - { key: instance/aws/c6i.2xlarge@eu-west-1, unit: usd/node-hour, usd: 0.378, source: test, asOf: "2026" }\n');
    const r = parsePricedScenario(scenario(`pricing:\n  catalog: ${catalog}\n`), join(dir, 'priced.yaml'));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(poolPrices(r.scenario).get('eu-1/general')?.usdPerHour).toBe(0.378);
  });
});
