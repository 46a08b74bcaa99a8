import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePricedScenario, poolPrices, PriceCatalog } from '../../src/cost/index.js';
import { parseScenario } from '../../src/scenario/index.js';
import { findMachineShape, MACHINE_SHAPES, waitsForEniLimits } from '../../src/scenario/machineShapes.js';
import { PRICE_DATA_FILES } from '../../src/cost/catalog/dataFiles.js';

const dir = mkdtempSync(join(tmpdir(), 'fleetsim-priced-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BASE = readFileSync(new URL('../scenario/fixtures/base.yaml', import.meta.url), 'utf8');

const builtin = PriceCatalog.builtin();

/**
 * The corpus base scenario with eu-1 moved to eu-central-1 on m5.xlarge: a shape only the
 * hand-written prices cover (us-east-1, eu-west-1), and the price data has no m5 rows.
 */
function scenario(extra = ''): string {
  const text = BASE.replace('instanceType: m6i.xlarge', 'instanceType: m5.xlarge').replaceAll('eu-west-1', 'eu-central-1');
  if (!text.includes('instanceType: m5.xlarge')) throw new Error('base.yaml no longer has the m6i.xlarge pool this test edits');
  return text + extra;
}

describe('priced scenarios (the cost layer checks what the scenario leaves to it)', () => {
  it('every machine shape the scenario side knows is priced somewhere, and every priced type has a shape', () => {
    const priced = new Set(builtin.items().flatMap((i) => /^instance\/([^/]+)\/([^@]+)@/.exec(i.key)?.slice(1, 3).join('/') ?? []));
    for (const s of MACHINE_SHAPES) expect(priced.has(`${s.provider}/${s.name}`), s.name).toBe(true);
    for (const key of priced) {
      const [provider, name] = key.split('/');
      const catalogShape = builtin.shape(provider, name)!;
      // An AWS type without ENI figures (src/scenario/maxPods.ts) waits, unknown to scenarios.
      if (waitsForEniLimits(catalogShape)) {
        expect(findMachineShape(name), key).toBeUndefined();
        continue;
      }
      expect(findMachineShape(name), key).toEqual(catalogShape);
    }
  });

  it('a pool may name a type only the generated price data covers, and gets its price', () => {
    const fleet = readFileSync(new URL('../fixtures/incident-fleet.yaml', import.meta.url), 'utf8');
    const text = fleet.replace('region: europe-west1, nodePools: [ { name: general, instanceType: n2-standard-4', 'region: europe-west1, nodePools: [ { name: general, instanceType: n2d-standard-4');
    expect(text).toContain('n2d-standard-4');
    const n2d = PRICE_DATA_FILES.find((f) => f.provider === 'gcp')!.types.find((t) => t.name === 'n2d-standard-4');
    expect(n2d?.prices['europe-west1']).toBeGreaterThan(0);
    const r = parsePricedScenario(text, 'incident-fleet.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(poolPrices(r.scenario).get('gcp-eu/general')?.usdPerHour).toBe(n2d!.prices['europe-west1']);
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

  it('a region the catalog has no price for is an error at the pool, with the nearest priced region and how to fetch prices', () => {
    // If the price data ever covers the example, pick another type/region it leaves unpriced.
    expect(builtin.find('instance/aws/m5.xlarge', 'eu-central-1')).toBeUndefined();
    const text = scenario();
    // The scenario on its own is valid: machine shapes are known everywhere; prices are the cost layer's.
    expect(parseScenario(text, 'priced.yaml').ok).toBe(true);
    const r = parsePricedScenario(text, 'priced.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const e = r.errors.find((x) => x.path === 'clusters[0].nodePools[0].instanceType');
    expect(e?.message).toBe('the catalog has no price for m5.xlarge in eu-central-1');
    expect(e?.line).toBe(19);
    // Frankfurt to Dublin; the types eu-west-1 prices include the one asked for.
    expect(e?.hint).toMatch(/^The nearest region with a price for m5\.xlarge is eu-west-1 \(~1,091 km away\), which prices (?:[\w.-]+, )*m5\.xlarge[, ]/);
    expect(e?.hint).toMatch(/\. Fetch current prices with `fleetsim prices update --provider aws --region eu-central-1 (?:-o|--out) prices\.json` and set pricing\.catalog: prices\.json\.$/);
  });

  it('a region the scenario places itself is measured from its own location', () => {
    const text = BASE.replace('    - name: eu-west-1\n', '    - { name: eu-vienna-1, provider: aws, zones: [eu-vienna-1a], location: { lat: 48.21, lon: 16.37 } }\n').replaceAll('eu-west-1', 'eu-vienna-1');
    expect(text).toContain('location: { lat: 48.21');
    const r = parsePricedScenario(text, 'priced.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const e = r.errors.find((x) => x.path === 'clusters[0].nodePools[0].instanceType');
    expect(e?.message).toBe('the catalog has no price for m6i.xlarge in eu-vienna-1');
    expect(e?.hint).toMatch(/^The nearest region with a price for m6i\.xlarge is eu-central-2 \(~\d{3} km away\)/);
  });

  it('a pricing override makes that region priceable', () => {
    const r = parsePricedScenario(scenario('pricing:\n  overrides: [{ instanceType: m5.xlarge, priceUsdPerHour: 0.38 }]\n'), 'priced.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(poolPrices(r.scenario).get('eu-1/general')).toEqual({ usdPerHour: 0.38, source: 'scenario pricing.overrides' });
  });

  it('a catalog file that prices the region satisfies the check (the catalog in use decides)', () => {
    const catalog = join(dir, 'eu.yaml');
    writeFileSync(catalog, 'apiVersion: fleetsim/prices/v1\nversion: eu/2026\nitems:\n  - { key: instance/aws/m5.xlarge@eu-central-1, unit: usd/node-hour, usd: 0.378, source: test, asOf: "2026" }\n');
    const r = parsePricedScenario(scenario(`pricing:\n  catalog: ${catalog}\n`), join(dir, 'priced.yaml'));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(poolPrices(r.scenario).get('eu-1/general')?.usdPerHour).toBe(0.378);
  });
});
