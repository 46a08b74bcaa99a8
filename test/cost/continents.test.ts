/**
 * Transfer prices differ within and between continents, and continentOf decides which from a
 * region's coordinates (boxes, not borders). Every well-known region must land on the continent its
 * country is on, or traffic between two regions is priced at the wrong rate.
 */
import { describe, expect, it } from 'vitest';
import { continentOf, type Continent } from '../../src/cost/continents.js';
import { KNOWN_REGIONS, knownRegion } from '../../src/scenario/regions.js';

/** The continent of each country a well-known region is in (written independently of the boxes). */
const CONTINENT_OF_COUNTRY: Readonly<Record<string, Continent>> = {
  US: 'northAmerica', CA: 'northAmerica', MX: 'northAmerica',
  BR: 'southAmerica', CL: 'southAmerica',
  IE: 'europe', GB: 'europe', FR: 'europe', DE: 'europe', CH: 'europe', SE: 'europe', IT: 'europe', ES: 'europe',
  NL: 'europe', BE: 'europe', FI: 'europe', PL: 'europe', NO: 'europe', AT: 'europe',
  IL: 'middleEast', BH: 'middleEast', AE: 'middleEast', QA: 'middleEast', SA: 'middleEast',
  ZA: 'africa',
  JP: 'asia', KR: 'asia', HK: 'asia', TW: 'asia', SG: 'asia', ID: 'asia', MY: 'asia', TH: 'asia', IN: 'asia',
  AU: 'oceania', NZ: 'oceania',
};

describe('continentOf on the well-known regions', () => {
  it('maps every well-known region to the continent of its country', () => {
    const wrong: string[] = [];
    for (const r of KNOWN_REGIONS) {
      const expected = CONTINENT_OF_COUNTRY[r.country];
      expect(expected, `${r.name}: country ${r.country} has no continent in this test`).toBeDefined();
      const got = continentOf(r.location);
      if (got !== expected) wrong.push(`${r.name} (${r.metro}, ${r.country}): ${String(got)}, expected ${expected}`);
    }
    expect(wrong).toEqual([]);
  });

  it('puts the regions near the boxes’ edges on the right side', () => {
    // Tel Aviv sits 0.8° inside the Middle East box; Jakarta is south of the equator but Asia;
    // Querétaro is the southernmost North American region; Madrid is Europe, not Africa.
    expect(continentOf(knownRegion('il-central-1')!.location)).toBe('middleEast');
    expect(continentOf(knownRegion('me-west1')!.location)).toBe('middleEast');
    expect(continentOf(knownRegion('ap-southeast-3')!.location)).toBe('asia');
    expect(continentOf(knownRegion('mx-central-1')!.location)).toBe('northAmerica');
    expect(continentOf(knownRegion('europe-southwest1')!.location)).toBe('europe');
    expect(continentOf(knownRegion('australiacentral')!.location)).toBe('oceania');
    expect(continentOf(undefined)).toBeUndefined();
  });
});
