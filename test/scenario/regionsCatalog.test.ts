/**
 * Every region the built-in price catalog prices an instance in is a well-known region of the same
 * provider, so a scenario can name it without provider, zones or location.
 */
import { describe, expect, it } from 'vitest';
import { extraInstanceTypes, instanceTypes } from '../../src/cost/catalog/instances.js';
import { KNOWN_REGIONS, knownRegion } from '../../src/scenario/regions.js';

/**
 * Priced regions deliberately left out of KNOWN_REGIONS, with the reason. Empty: the generated
 * price files already keep to public regions (GovCloud, China, Local and Wavelength zones and
 * sovereign Azure clouds are dropped by scripts/prices/*), and every one of those is known.
 */
const NOT_KNOWN: Readonly<Record<string, string>> = {};

/** provider → regions the built-in catalog prices at least one instance type in. */
function pricedRegions(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const t of [...instanceTypes(), ...extraInstanceTypes()]) {
    let set = out.get(t.provider);
    if (set === undefined) out.set(t.provider, (set = new Set()));
    for (const p of t.prices) set.add(p.region);
  }
  return out;
}

describe('well-known regions cover the built-in price catalog', () => {
  it('every priced region is known, with the provider that prices it', () => {
    const missing: string[] = [];
    for (const [provider, regions] of pricedRegions()) {
      for (const region of regions) {
        if (region in NOT_KNOWN) continue;
        const known = knownRegion(region);
        if (known === undefined) missing.push(`${provider}/${region}`);
        else expect(known.provider, region).toBe(provider);
      }
    }
    expect(missing).toEqual([]);
  });

  it('the regions the issue names can be used by name', () => {
    for (const [name, provider] of [['ap-southeast-3', 'aws'], ['me-central-1', 'aws'], ['australiaeast', 'azure'], ['asia-south2', 'gcp']] as const) {
      expect(knownRegion(name)?.provider, name).toBe(provider);
    }
  });
});
