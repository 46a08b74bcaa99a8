import type { GeoLocation } from '../scenario/types.js';

export type Continent = 'northAmerica' | 'southAmerica' | 'europe' | 'africa' | 'middleEast' | 'asia' | 'oceania';

/**
 * Coarse continent of a region from its coordinates, for transfer prices that differ within and
 * between continents. Boxes, not borders: good for the cloud regions that exist. Every well-known
 * region (src/scenario/regions.ts, all the built-in prices cover) lands on its country's continent
 * (test/cost/continents.test.ts); the closest to an edge is Tel Aviv, 0.8° inside the Middle East.
 * Unknown location → undefined (callers then assume the dearer, intercontinental rate).
 */
export function continentOf(loc: GeoLocation | undefined): Continent | undefined {
  if (loc === undefined) return undefined;
  const { latDeg: lat, lonDeg: lon } = loc;
  if (lon < -25) return lat > 15 ? 'northAmerica' : 'southAmerica';
  if (lon >= 34 && lon < 63 && lat > 10 && lat < 42) return 'middleEast';
  if (lon < 40) return lat > 35 ? 'europe' : 'africa';
  if (lat < -10 && lon > 110) return 'oceania';
  return 'asia';
}
