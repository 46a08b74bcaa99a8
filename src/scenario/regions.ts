import type { GeoLocation, Provider } from './types.js';

/**
 * Well-known cloud regions: provider, the metro's approximate coordinates, and default zone names.
 *
 * Coordinates are those of the metro area each provider names for the region (public region pages;
 * consulted 2026), rounded to 0.1°. They feed `estimateRttMs`, which is an ESTIMATE from great-circle
 * distance, not a measurement: fleetsim labels such links "builtin-estimate" and a scenario can
 * override any pair under topology.links.
 */
export interface KnownRegion {
  readonly name: string;
  readonly provider: Exclude<Provider, 'onprem' | 'other'>;
  readonly metro: string;
  readonly location: GeoLocation;
  /** Three zones, in the provider's naming; real regions may have more (list them in the file). */
  readonly defaultZones: readonly string[];
}

const aws = (name: string, metro: string, latDeg: number, lonDeg: number): KnownRegion => ({
  name, provider: 'aws', metro, location: { latDeg, lonDeg }, defaultZones: ['a', 'b', 'c'].map((z) => `${name}${z}`),
});
const gcp = (name: string, metro: string, latDeg: number, lonDeg: number): KnownRegion => ({
  name, provider: 'gcp', metro, location: { latDeg, lonDeg }, defaultZones: ['a', 'b', 'c'].map((z) => `${name}-${z}`),
});
const azure = (name: string, metro: string, latDeg: number, lonDeg: number): KnownRegion => ({
  name, provider: 'azure', metro, location: { latDeg, lonDeg }, defaultZones: ['1', '2', '3'].map((z) => `${name}-${z}`),
});

export const KNOWN_REGIONS: readonly KnownRegion[] = [
  aws('us-east-1', 'N. Virginia', 38.9, -77.4),
  aws('us-east-2', 'Ohio', 40.0, -83.0),
  aws('us-west-1', 'N. California', 37.4, -121.9),
  aws('us-west-2', 'Oregon', 45.8, -119.7),
  aws('ca-central-1', 'Montreal', 45.5, -73.6),
  aws('sa-east-1', 'São Paulo', -23.5, -46.6),
  aws('eu-west-1', 'Dublin', 53.3, -6.3),
  aws('eu-west-2', 'London', 51.5, -0.1),
  aws('eu-west-3', 'Paris', 48.9, 2.4),
  aws('eu-central-1', 'Frankfurt', 50.1, 8.7),
  aws('eu-north-1', 'Stockholm', 59.3, 18.1),
  aws('eu-south-1', 'Milan', 45.5, 9.2),
  aws('ap-northeast-1', 'Tokyo', 35.7, 139.7),
  aws('ap-northeast-2', 'Seoul', 37.6, 127.0),
  aws('ap-southeast-1', 'Singapore', 1.4, 103.8),
  aws('ap-southeast-2', 'Sydney', -33.9, 151.2),
  aws('ap-south-1', 'Mumbai', 19.1, 72.9),
  aws('af-south-1', 'Cape Town', -33.9, 18.4),
  gcp('us-central1', 'Council Bluffs, Iowa', 41.3, -95.9),
  gcp('us-east1', 'Moncks Corner, South Carolina', 33.2, -80.0),
  gcp('us-east4', 'Ashburn, Virginia', 39.0, -77.5),
  gcp('us-west1', 'The Dalles, Oregon', 45.6, -121.2),
  gcp('us-west2', 'Los Angeles', 34.1, -118.2),
  gcp('europe-west1', 'St. Ghislain, Belgium', 50.5, 3.8),
  gcp('europe-west2', 'London', 51.5, -0.1),
  gcp('europe-west3', 'Frankfurt', 50.1, 8.7),
  gcp('europe-west4', 'Eemshaven, Netherlands', 53.4, 6.8),
  gcp('europe-north1', 'Hamina, Finland', 60.6, 27.2),
  gcp('asia-east1', 'Changhua County, Taiwan', 24.1, 120.5),
  gcp('asia-northeast1', 'Tokyo', 35.7, 139.7),
  gcp('asia-southeast1', 'Jurong West, Singapore', 1.4, 103.7),
  gcp('asia-south1', 'Mumbai', 19.1, 72.9),
  gcp('australia-southeast1', 'Sydney', -33.9, 151.2),
  gcp('southamerica-east1', 'Osasco, São Paulo', -23.5, -46.8),
  azure('eastus', 'Virginia', 37.4, -79.4),
  azure('eastus2', 'Virginia', 36.7, -78.4),
  azure('centralus', 'Iowa', 41.6, -93.6),
  azure('westus2', 'Washington', 47.2, -119.9),
  azure('westeurope', 'Netherlands', 52.4, 4.9),
  azure('northeurope', 'Ireland', 53.3, -6.3),
  azure('uksouth', 'London', 51.5, -0.1),
  azure('germanywestcentral', 'Frankfurt', 50.1, 8.7),
  azure('francecentral', 'Paris', 48.9, 2.4),
  azure('swedencentral', 'Gävle', 60.7, 17.1),
  azure('japaneast', 'Tokyo, Saitama', 35.7, 139.7),
  azure('southeastasia', 'Singapore', 1.3, 103.8),
  azure('australiaeast', 'New South Wales', -33.9, 151.2),
  azure('brazilsouth', 'São Paulo State', -23.5, -46.6),
  azure('centralindia', 'Pune', 18.5, 73.9),
];

const BY_NAME = new Map(KNOWN_REGIONS.map((r) => [r.name, r]));

export function knownRegion(name: string): KnownRegion | undefined {
  return BY_NAME.get(name);
}

const EARTH_RADIUS_KM = 6371;

export function greatCircleKm(a: GeoLocation, b: GeoLocation): number {
  const rad = Math.PI / 180;
  const dLat = (b.latDeg - a.latDeg) * rad;
  const dLon = (b.lonDeg - a.lonDeg) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latDeg * rad) * Math.cos(b.latDeg * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Assumptions of the RTT estimate (labelled as such wherever it is shown):
 * - light in fibre covers ~200 km per ms (refractive index ~1.5);
 * - fibre routes run ~1.3× the great-circle distance (cable paths are not geodesics);
 * - ~2 ms of fixed switching and routing overhead per round trip.
 * Checked loosely against figures quoted in etcd's tuning docs (across the US ~50–130 ms;
 * US–Japan 350–400 ms there is a worst case, today's public pings are ~150 ms): the estimate gives
 * us-east-1↔us-west-2 ≈ 52 ms, us-east-1↔eu-west-1 ≈ 74 ms, us-east-1↔ap-northeast-1 ≈ 145 ms.
 */
export const FIBRE_KM_PER_MS = 200;
export const ROUTE_INFLATION = 1.3;
export const RTT_OVERHEAD_MS = 2;

export function estimateRttMs(a: GeoLocation, b: GeoLocation): number {
  const km = greatCircleKm(a, b);
  const ms = (2 * km * ROUTE_INFLATION) / FIBRE_KM_PER_MS + RTT_OVERHEAD_MS;
  return Math.round(ms * 10) / 10;
}
