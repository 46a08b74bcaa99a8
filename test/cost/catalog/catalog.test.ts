import { describe, expect, it } from 'vitest';
import { builtinCatalogData } from '../../../src/cost/catalog/builtin.js';
import { PriceCatalog } from '../../../src/cost/catalog/catalog.js';
import type { PriceCatalogData, PriceItem } from '../../../src/cost/catalog/types.js';
import { CATALOG_PROVIDERS } from '../../../src/cost/catalog/types.js';

// The built-in catalog answers lookups from the price data without indexing its ~7,700 items
// (issue 18: `check` paid ~20 ms and much garbage for that). Whatever it answers must be what a
// catalog indexing every built-in item answers: the old catalog, rebuilt here from the same data.
describe('PriceCatalog.builtin()', () => {
  const lazy = PriceCatalog.builtin();
  const data = builtinCatalogData();
  const full = PriceCatalog.of(data);

  it('holds each key once, so a catalog of all its items is the reference', () => {
    expect(new Set(data.items.map((i) => i.key)).size).toBe(data.items.length);
    expect(data.items.length).toBeGreaterThan(7000);
  });

  it('finds every built-in item, equal to the indexed one', () => {
    for (const item of data.items) expect(lazy.item(item.key), item.key).toEqual(item);
  });

  it('answers find() as the indexed catalog does, for every type, provider and region, priced or not', () => {
    const names = [...new Set(data.instanceShapes.map((s) => s.name)), 'no-such-type'];
    const regions = [...new Set(data.items.map((i) => i.key.split('@')[1]).filter((r): r is string => r !== undefined)), 'no-such-region'];
    let found = 0;
    let missing = 0;
    for (const name of names) {
      for (const provider of CATALOG_PROVIDERS) {
        const key = `instance/${provider}/${name}`;
        expect(lazy.find(key), key).toEqual(full.find(key));
        for (const region of regions) {
          const want = full.find(key, region);
          if (want === undefined) missing++;
          else found++;
          expect(lazy.find(key, region), `${key}@${region}`).toEqual(want);
        }
      }
    }
    // Both kinds were compared: a type priced in its provider's regions, and keys no layer has
    // (another provider's type of the same name, a region the type is not priced in).
    expect(found).toBeGreaterThan(7000);
    expect(missing).toBeGreaterThan(found);
  });

  it('answers non-instance keys and keys of unusual form as the indexed catalog does', () => {
    const keys = ['nat/aws/hour', 'transfer/aws/internet', 'logs/gcp/gb', 'instance/aws/m6i.xlarge', 'instance/aws/m6i.xlarge@us-east-1@x', 'instance/aws/m6i.xlarge@', 'instance//m6i.xlarge@us-east-1', 'nope'];
    for (const key of keys) expect(lazy.item(key), key).toEqual(full.item(key));
    expect(lazy.find('transfer/aws/interRegion', 'ap-south-1')).toEqual(full.find('transfer/aws/interRegion', 'ap-south-1'));
  });

  it('knows every built-in shape and no other provider\'s type of the same name', () => {
    for (const s of data.instanceShapes) expect(lazy.shape(s.provider, s.name)).toEqual(full.shape(s.provider, s.name));
    const aws = data.instanceShapes.find((s) => s.provider === 'aws')!;
    expect(full.shape('gcp', aws.name)).toBeUndefined();
    expect(lazy.shape('gcp', aws.name)).toBeUndefined();
  });

  it('lists the same items and shapes in the same order', () => {
    const listed = lazy.toData();
    expect(listed.version).toBe(data.version);
    expect(listed.items).toEqual(full.items());
    expect(listed.instanceShapes).toEqual(data.instanceShapes);
  });

  it('suggests the nearest priced region for a missing instance price, as the indexed catalog does', () => {
    const hint = lazy.suggest('instance/aws/m6i.xlarge', 'eu-south-9');
    expect(hint).toBe(full.suggest('instance/aws/m6i.xlarge', 'eu-south-9'));
    expect(hint).toBeDefined();
  });
});

describe('PriceCatalog.overlay()', () => {
  const item = (key: string, usd: number): PriceItem => ({ key, unit: 'usd/hour', usd, source: 'test', asOf: '2026' });
  const base: PriceCatalogData = { version: 'base', items: [item('a', 1), item('b', 2), item('c@r1', 3)], instanceShapes: [{ provider: 'aws', name: 'x', vcpu: 2, memoryGiB: 8 }] };
  const top: PriceCatalogData = { version: 'top', items: [item('d', 4), item('b', 20), item('c', 5)], instanceShapes: [{ provider: 'aws', name: 'x', vcpu: 4, memoryGiB: 16 }] };
  const layered = PriceCatalog.of(base).overlay(top);

  it('answers from the top layer first, then the one below', () => {
    expect(layered.version).toBe('base + top');
    expect(layered.find('b')?.usd).toBe(20);
    expect(layered.find('a')?.usd).toBe(1);
    expect(layered.find('c', 'r1')?.usd).toBe(3);
    expect(layered.find('c', 'r2')?.usd).toBe(5);
    expect(layered.shape('aws', 'x')?.vcpu).toBe(4);
    expect(layered.find('e')).toBeUndefined();
  });

  it('lists what one map of both layers in order would hold: replaced items in place, new ones after', () => {
    expect(layered.items().map((i) => `${i.key}=${i.usd}`)).toEqual(['a=1', 'b=20', 'c@r1=3', 'd=4', 'c=5']);
    expect(layered.toData().instanceShapes).toEqual([{ provider: 'aws', name: 'x', vcpu: 4, memoryGiB: 16 }]);
  });

  it('stacks on the built-in catalog without copying it, and lists it whole', () => {
    const over = PriceCatalog.builtin().overlay({ version: 'mine', items: [item('nat/aws/hour', 9)], instanceShapes: [] });
    expect(over.find('nat/aws/hour')?.usd).toBe(9);
    expect(over.find('instance/aws/m6i.xlarge', 'us-east-1')).toEqual(PriceCatalog.builtin().find('instance/aws/m6i.xlarge', 'us-east-1'));
    const listed = over.items();
    expect(listed.length).toBe(builtinCatalogData().items.length);
    expect(listed.find((i) => i.key === 'nat/aws/hour')?.usd).toBe(9);
  });
});
